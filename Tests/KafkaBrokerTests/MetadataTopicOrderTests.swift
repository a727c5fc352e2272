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

    /// Eight requested names, three of which exist. Kafka's `toSet` makes a Scala `immutable.HashSet`
    /// (5+ names); its trie order (slots at depth 0 derived in ScalaImmutableSetTests, and
    /// "x y" = 116433 → improved 0xC3C5D849, slot 9) is e 0, "x y" 9, a 10, b 18, c 25, d 31, then the
    /// sub-node of slot 23: orders (depth-1 slot 1), topic-3 (15).
    static let requested = ["topic-3", "orders", "a", "b", "e", "d", "c", "x y"]

    static func namedMetadata(_ broker: TestBroker) async throws -> [(String, Int16)] {
        _ = try await AdminApiTests.create(broker, ["d", "b", "a"].map { AdminApiTests.creatable($0) })
        let answer = try await AdminApiTests.metadata(broker, requested, version: 12)
        return answer.topics.map { ($0.name ?? "", $0.errorCode) }
    }

    @Test("named topics come in the Scala set's order, existing ones first")
    func namedTopicsInSetOrder() async throws {
        let broker = try await TestBroker(overrides: ["auto.create.topics.enable": "false"])
        let answer = try await Self.namedMetadata(broker)
        // Existing ones in set order, then `topics.diff(found)`, a HashSet of the missing five
        // in trie order: e, "x y", c, then slot 23's orders, topic-3.
        #expect(answer.map(\.0) == ["a", "b", "d", "e", "x y", "c", "orders", "topic-3"])
        #expect(answer.map(\.1) == [0, 0, 0, 3, 17, 3, 3, 3])
        try await broker.stopAndRemove()
    }

    @Test("auto-created topics come in the creation manager's mutable.HashMap order")
    func autoCreatedTopicsInHashMapOrder() async throws {
        let broker = try await TestBroker()
        let answer = try await Self.namedMetadata(broker)
        // The invalid "x y" first; then the creatable ones by the Scala mutable.HashMap's bucket,
        // (h ^ h >>> 16) & 15: c 99 → 3, e 101 → 5, orders -1008770331 → 10, topic-3 -1139260651 → 13.
        #expect(answer.map(\.0) == ["a", "b", "d", "x y", "c", "e", "orders", "topic-3"])
        #expect(answer.map(\.1) == [0, 0, 0, 17, 3, 3, 3, 3])
        #expect(Set(broker.services.metadata.topicsByName.keys) == ["a", "b", "c", "d", "e", "orders", "topic-3"])
        try await broker.stopAndRemove()
    }

    @Test("four names or fewer keep the request's order")
    func fewNamesKeepRequestOrder() async throws {
        let broker = try await TestBroker(overrides: ["auto.create.topics.enable": "false"])
        _ = try await AdminApiTests.create(broker, ["d", "a"].map { AdminApiTests.creatable($0) })
        let answer = try await AdminApiTests.metadata(broker, ["zz", "d", "zz", "yy", "a"], version: 12)
        // Set4("zz", "d", "yy", "a"): found d, a; then the missing zz, yy.
        #expect(answer.topics.map { $0.name ?? "" } == ["d", "a", "zz", "yy"])
        // Asked for, the topic operations are on the missing topics too (KafkaApis.setTopicAuthorizedOperations).
        var request = MetadataRequest()
        request.topics = ["zz", "d"].map { name in
            var topic = MetadataRequest.MetadataRequestTopic()
            topic.name = name
            return topic
        }
        request.includeTopicAuthorizedOperations = true
        let withOperations = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 12) }
        #expect(withOperations.topics.map { $0.name ?? "" } == ["d", "zz"])
        #expect(withOperations.topics.map(\.topicAuthorizedOperations) == [3576, 3576])
        try await broker.stopAndRemove()
    }

    @Test("by topic id: unknown ids first, then the names in the order of the set flatMap builds")
    func topicIdsInSetOrder() async throws {
        let broker = try await TestBroker()
        let names = ["orders", "d", "b", "a", "e"]
        _ = try await AdminApiTests.create(broker, names.map { AdminApiTests.creatable($0) })
        let ids = names.compactMap { broker.services.metadata.topicsByName[$0]?.id }
        #expect(ids.count == 5)
        let unknown = KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2)
        var request = MetadataRequest()
        request.topics = (ids + [unknown]).map { id in
            var topic = MetadataRequest.MetadataRequestTopic()
            topic.name = nil
            topic.topicId = id
            return topic
        }
        let answer = try await RawConnection.with(port: broker.port) { try await $0.request(request, version: 12) }
        // Six ids make a HashSet, so `topicIds.flatMap(getTopicName)` builds a HashSet of the five
        // names, whatever the ids: e 0, a 10, b 18, orders 23, d 31.
        #expect(answer.topics.map(\.topicId) == [unknown] + ["e", "a", "b", "orders", "d"].compactMap { broker.services.metadata.topicsByName[$0]?.id })
        #expect(answer.topics.first?.errorCode == ErrorCode.unknownTopicId.rawValue)
        #expect(answer.topics.dropFirst().map { $0.name ?? "" } == ["e", "a", "b", "orders", "d"])
        try await broker.stopAndRemove()
    }
}
