import KafkaStorage
import Foundation
@testable import KafkaClient
import KafkaProtocol
@testable import KafkitCLI
import Testing

/// The describe layout for recorded multi-replica states (3-node cluster transcripts): the
/// recorded values go through the formatter and must come out as Kafka printed them.
@Suite("topics describe layout")
struct TopicsDescribeLayoutTests {
    static let fullDescribes = [
        "07-topics-describe-demo.txt", "09-topics-describe-demo-after-alter.txt", "09b-topics-describe-all.txt",
        "c06-topics-describe-rf3.txt", "c09-topics-describe-rf3-right-after-kill.txt", "c10-topics-describe-rf3-after-session-timeout.txt",
        "c15-topics-describe-rf3-after-node1-rejoined.txt", "c16b-topics-describe-rf3-after-preferred-election.txt",
        "c17e-topics-describe-mv.txt", "c23-topics-describe-rf3-after-full-restart.txt",
    ]

    @Test(arguments: fullDescribes)
    func recordedDescribeRendersIdentically(_ file: String) throws {
        let transcript = try TopicsTranscript.load(file)
        let recorded = transcript.stdout.split(separator: "\n")
            .filter { $0.hasPrefix("Topic: ") || $0.hasPrefix("\tTopic: ") }.map { $0 + "\n" }.joined()
        #expect(!recorded.isEmpty)
        let formatter = TopicDescribeFormatter(liveBrokers: [1, 2, 3])
        #expect(RecordedDescribe.topics(recorded).map(formatter.lines).joined() == recorded)
    }

    @Test func wholeClusterFixtureRendersIdentically() throws {
        let recorded = try TopicsTranscript.toolOutput("topics-describe-all.out")
        let rendered = RecordedDescribe.topics(recorded).map(TopicDescribeFormatter(liveBrokers: [1]).lines).joined()
        #expect(rendered == recorded)
    }

    /// c12: only under-replicated partitions, no topic lines, topics in map order.
    @Test func underReplicatedFilter() throws {
        let transcript = try TopicsTranscript.load("c12-topics-describe-under-replicated.txt")
        // The cluster state of c10 (node 1 out of every ISR) plus the recorded offsets topic.
        var topics = RecordedDescribe.topics(try TopicsTranscript.load("c10-topics-describe-rf3-after-session-timeout.txt").stdout
            .split(separator: "\n").dropFirst().joined(separator: "\n"))
        topics += RecordedDescribe.topics(transcript.stdout).filter { $0.description.name == "__consumer_offsets" }
        // A healthy partition that must be left out.
        topics[0].description.partitions.append(TopicPartitionInfo(
            partition: 3, leader: 2, leaderEpoch: 0, replicas: [2, 3], isr: [2, 3], eligibleLeaderReplicas: [],
            lastKnownElr: [], offlineReplicas: []))
        let formatter = TopicDescribeFormatter(reportUnderReplicatedPartitions: true, liveBrokers: [2, 3])
        #expect(topics.map(formatter.lines).joined() == transcript.stdout)
    }

    /// c12b: ISR 2 with min.insync.replicas=2 is not under the minimum: nothing printed.
    @Test func underMinIsrFilter() throws {
        let transcript = try TopicsTranscript.load("c12b-topics-describe-under-min-isr.txt")
        let state = try TopicsTranscript.load("c10-topics-describe-rf3-after-session-timeout.txt").stdout
            .split(separator: "\n").dropFirst().joined(separator: "\n")
        let topics = RecordedDescribe.topics(state)
        let formatter = TopicDescribeFormatter(reportUnderMinIsrPartitions: true, liveBrokers: [2, 3])
        #expect(topics.map(formatter.lines).joined() == transcript.stdout)
        // One replica fewer in the ISR and the partition is reported; without a leader as well.
        var shrunk = topics[0]
        shrunk.description.partitions[0].isr = [2]
        shrunk.description.partitions[1].leader = nil
        let lines = formatter.lines(for: shrunk).split(separator: "\n")
        #expect(lines.count == 2)
        #expect(lines[0] == "\tTopic: r3\tPartition: 0\tLeader: 2\tReplicas: 1,2,3\tIsr: 2\tElr: \tLastKnownElr: ")
        #expect(lines[1].hasPrefix("\tTopic: r3\tPartition: 1\tLeader: none\t"))
    }

    @Test func atMinIsrAndUnavailableFilters() throws {
        let state = try TopicsTranscript.load("c10-topics-describe-rf3-after-session-timeout.txt").stdout
            .split(separator: "\n").dropFirst().joined(separator: "\n")
        var topic = try #require(RecordedDescribe.topics(state).first)
        let atMin = TopicDescribeFormatter(reportAtMinIsrPartitions: true, liveBrokers: [2, 3])
        #expect(atMin.lines(for: topic).split(separator: "\n").count == 3)
        topic.description.partitions[2].leader = 1
        let unavailable = TopicDescribeFormatter(reportUnavailablePartitions: true, liveBrokers: [2, 3])
        #expect(unavailable.lines(for: topic) == "\tTopic: r3\tPartition: 2\tLeader: 1\tReplicas: 3,1,2\tIsr: 3,2\tElr: \tLastKnownElr: \n")
    }

    @Test func topicsWithOverridesPrintsOnlyTopicLinesOfOverriddenTopics() throws {
        let recorded = try TopicsTranscript.toolOutput("topics-describe-all.out")
        var topics = RecordedDescribe.topics(recorded)
        topics[0].configs = topics[0].configs.map { (name: $0.name, value: $0.value, isDefault: true) }
        let formatter = TopicDescribeFormatter(reportOverriddenConfigs: true, liveBrokers: [1])
        let rendered = topics.map(formatter.lines).joined()
        let expected = recorded.split(separator: "\n").filter { $0.hasPrefix("Topic: ") }.dropFirst()
            .map { $0 + "\n" }.joined()
        #expect(rendered == expected)
    }

    @Test func reassignmentInProgressAddsColumnsAndAdjustsReplicationFactor() {
        let partition = TopicPartitionInfo(
            partition: 0, leader: 1, leaderEpoch: 3, replicas: [1, 2, 3, 4], isr: [1, 2, 3], eligibleLeaderReplicas: nil,
            lastKnownElr: nil, offlineReplicas: [])
        let reassignment = KafkaAdminClient.PartitionReassignment(replicas: [1, 2, 3, 4], addingReplicas: [4], removingReplicas: [1])
        let topic = DescribedTopic(
            description: TopicDescription(name: "mv", topicId: .zero, isInternal: false, partitions: [partition], authorizedOperations: nil),
            configs: [(name: "segment.bytes", value: "1073741824", isDefault: false)], reassignments: [0: reassignment])
        let text = TopicDescribeFormatter(liveBrokers: [1, 2, 3, 4]).lines(for: topic)
        #expect(text == "Topic: mv\tPartitionCount: 1\tReplicationFactor: 3\tConfigs: segment.bytes=1073741824\n"
            + "\tTopic: mv\tPartition: 0\tLeader: 1\tReplicas: 1,2,3,4\tIsr: 1,2,3\tAdding Replicas: 4\tRemoving Replicas: 1\tElr: N/A\tLastKnownElr: N/A\n")
        let underReplicated = TopicDescribeFormatter(reportUnderReplicatedPartitions: true, liveBrokers: [1, 2, 3, 4])
        #expect(underReplicated.lines(for: topic).isEmpty)
    }

    /// Kafka prints describe topics in `HashMap` order: 09b (`t` before `demo`) and the fixture
    /// broker's whole-cluster describe.
    @Test func describeTopicOrderIsJavaHashMapOrder() throws {
        let transcript = try TopicsTranscript.load("09b-topics-describe-all.txt")
        let order09b = RecordedDescribe.parse(transcript.stdout).topicOrder
        #expect(javaHashMapOrder(order09b.sorted()) == order09b)
        let fixtureOrder = RecordedDescribe.parse(try TopicsTranscript.toolOutput("topics-describe-all.out")).topicOrder
        #expect(fixtureOrder.count > 5)
        #expect(javaHashMapOrder(fixtureOrder.sorted()) == fixtureOrder)
    }

    @Test func javaStringHashCode() {
        #expect(JavaHashOrder.hashCode("") == 0)
        #expect(JavaHashOrder.hashCode("t") == 116)
        #expect(JavaHashOrder.hashCode("demo") == 3_079_651)
    }
}

/// `new HashMap<>(n)` filled with the n names, as `kafka-topics --describe` iterates it.
private func javaHashMapOrder(_ names: [String]) -> [String] {
    JavaHashOrder.ordered(names, initialCapacity: max(names.count, 1), hash: JavaHashOrder.hashCode)
}
