@testable import KafkaClient
import Testing

@Suite("Topic blocks of a request")
struct TopicPartitionGroupingTests {
    @Test func topicsInNameOrderPartitionsAsGiven() {
        let partitions = [TopicPartition("b", 2), TopicPartition("a", 1), TopicPartition("b", 0), TopicPartition("B", 5), TopicPartition("a", 0)]
        let grouped = partitions.groupedByTopic()
        #expect(grouped.map(\.topic) == ["B", "a", "b"])
        #expect(grouped.map { $0.partitions.map(\.partition) } == [[5], [1, 0], [2, 0]])
        #expect([TopicPartition]().groupedByTopic().isEmpty)
    }
}
