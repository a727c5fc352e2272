import Foundation
@testable import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

/// ListGroups answers in Kafka's order: shards in `ConcurrentHashMap` order, each shard's groups
/// in `TimelineHashMap` order.
@Suite struct GroupListOrderTests {
    let clock = ManualClock()

    /// The group ids of Kafka's recorded ListGroups v5 answer (frames/java-consumer-groups-list.jsonl).
    static func recordedOrder() throws -> [String] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/java-consumer-groups-list", withExtension: "jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        let frames = try lines.map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
        let frame = try #require(frames.first { $0.dir == "resp" && $0.apiKey == 16 })
        var body = ByteBuffer(bytes: frame.bytes)
        body.moveReaderIndex(forwardBy: 9)  // size, correlation id, header tagged fields
        return try ListGroupsResponse.decode(from: &body, version: frame.apiVersion).groups.map(\.groupId)
    }

    @Test func recordedAnswerFollowsShardAndTableOrder() throws {
        let recorded = try Self.recordedOrder()
        #expect(recorded.count == 10)
        var config = GroupCoordinatorConfig()
        config.offsetsTopicNumPartitions = 50
        let ours = GroupListOrder.ordered(recorded.sorted(), shards: Array(0..<50), partitionFor: config.partition(for:))
        #expect(ours == recorded)
    }

    @Test func timelineHashMapKeepsInsertionOrderWithinASlot() {
        // Three groups of one shard: 4 slots; the two sharing slot 3 stay in insertion order.
        let keys = ["fx-console-848-group", "fx-wire-java-group", "fx-wire-rdkafka-group"]
        #expect(GroupListOrder.timelineHashMapOrder(keys) == keys)
        #expect(GroupListOrder.timelineHashMapOrder([keys[0], keys[2], keys[1]]) == [keys[0], keys[2], keys[1]])
        #expect(GroupListOrder.timelineHashMapOrder([]) == [])
    }

    @Test func coordinatorListsGroupsInKafkasOrder() async throws {
        let recorded = try Self.recordedOrder()
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        for group in recorded.sorted() {
            _ = await coordinator.commitOffsets(GroupTest.commit(group: group, offsets: [("t", 0, 1)]), apiVersion: 8)
        }
        #expect(await coordinator.listGroups(states: [], types: []).map(\.groupId) == recorded)
        // Replayed from the log, the groups come back in the same order.
        let reloaded = GroupTest.coordinator(log: log, clock: clock)
        #expect(await reloaded.listGroups(states: [], types: []).map(\.groupId) == recorded)
    }
}
