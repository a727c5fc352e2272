import Foundation
import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing

/// Kafka answers an all-topics Metadata request in the order of the Scala `mutable.HashSet` that
/// `KafkaApis.handleTopicMetadataRequest` builds (`topics.partition(authorized...)`).
@Suite("Metadata topic order")
struct MetadataTopicOrderTests {
    /// The topic names of the recorded all-topics Metadata answers (kcat: v4; Java admin: v13).
    static func recordedOrders() throws -> [[String]] {
        var orders: [[String]] = []
        for (file, headerBytes) in [("kcat-metadata", 8), ("java-topics-list", 9)] {
            let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/\(file)", withExtension: "jsonl"))
            let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            let frames = try lines.map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
            for frame in frames where frame.dir == "resp" && frame.apiKey == 3 {
                var body = ByteBuffer(bytes: frame.bytes)
                body.moveReaderIndex(forwardBy: headerBytes)
                let response = try MetadataResponse.decode(from: &body, version: frame.apiVersion)
                let names = response.topics.compactMap(\.name)
                if !names.isEmpty { orders.append(names) }
            }
        }
        return orders
    }

    @Test("the recorded answers are in Scala mutable.HashSet order")
    func recordedAnswersFollowTheSetOrder() throws {
        let orders = try Self.recordedOrders()
        #expect(orders.count >= 2)
        for names in orders {
            #expect(JavaHashOrder.ordered(names.sorted(), table: .scalaMutableHashSet) == names)
        }
    }

    @Test("an all-topics request lists topics as Kafka did for the same names")
    func brokerAnswersInKafkasOrder() async throws {
        // The recorded cluster's own topics; without the two internal ones they are still 12
        // names, so the set keeps its 32 buckets and Kafka's order minus those two is the expectation.
        let recorded = try #require(try Self.recordedOrders().first)
        let expected = recorded.filter { !$0.hasPrefix("__") }
        #expect(expected.count == 12)
        let broker = try await TestBroker()
        _ = try await AdminApiTests.create(broker, expected.shuffled().map { AdminApiTests.creatable($0) })
        for version: Int16 in [1, 12] {
            let answer = try await AdminApiTests.metadata(broker, nil, version: version)
            #expect(answer.topics.compactMap(\.name) == expected, "v\(version)")
        }
        try await broker.stopAndRemove()
    }
}
