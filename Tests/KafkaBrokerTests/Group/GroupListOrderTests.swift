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

    /// Slots of the groups g00..g19 (hash codes 100519..100528, 100550..100559), derived by hand
    /// from `BaseHashTable.findSlot`: the top log2(slots) bits of `hashCode * -7046029254386353131L`
    /// (64-bit product). E.g. g03 = 100522: 100522 × -7046029254386353131 mod 2^64 has its top four
    /// bits 0, so slot 0 of 16; g00 = 100519 gives 2 of 16 and 0 of 4.
    ///   16 slots: g03 0, g16 0, g08 1, g00 2, g13 2, g05 3, g18 4, g10 5, g02 6, g15 6, g07 7,
    ///             g12 8, g04 10, g17 10, g09 11, g01 12, g14 12, g06 13, g11 14, g19 14
    ///    4 slots: g00, g03, g13, g16 all 0
    static let ids = (0..<20).map { "g" + ($0 < 10 ? "0" : "") + String($0) }

    @Test func tableGrowsOnAddsAndNeverShrinks() {
        // Grows before the add that would make (size + 1) * 0.75 exceed the slots: 3rd, 6th, 11th, 22nd.
        #expect([0, 2, 3, 5, 6, 10, 11, 21, 22].map(GroupListOrder.slotsAfterAdding) == [2, 2, 4, 4, 8, 8, 16, 16, 32])
        var table = BaseHashTableSize()
        for _ in 0..<11 { table.add(new: true) }
        for _ in 0..<10 { table.remove() }
        #expect(table.count == 1 && table.slots == 16)
    }

    @Test func replayedReplaceCanGrowTheTable() {
        var config = GroupCoordinatorConfig()
        config.offsetsTopicNumPartitions = 1
        var map = GroupMap(config: config)
        for id in Self.ids.prefix(5) { map[id] = ClassicGroup(groupId: id, now: 0) }
        #expect(map.slots(shard: 0) == 4)
        // baseAddOrReplace checks (5 + 1) * 0.75 > 4 before finding that g00 is already there.
        map.put("g00", ClassicGroup(groupId: "g00", now: 0))
        #expect(map.slots(shard: 0) == 8 && map.count == 5)
        #expect(Array(map.keys) == Array(Self.ids.prefix(5)))
    }

    @Test func listingAfterManyDeletionsAndARecreation() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock) { $0.offsetsTopicNumPartitions = 1 }
        for group in Self.ids {
            _ = await coordinator.commitOffsets(GroupTest.commit(group: group, offsets: [("t", 0, 1)]), apiVersion: 8)
        }
        let kept: Set<String> = ["g00", "g03", "g13", "g16"]
        for group in Self.ids where !kept.contains(group) { #expect(await coordinator.deleteGroup(group) == .noError) }
        // Still 16 slots: g03, g16 in slot 0, g00, g13 in slot 2 (a new 4-slot table would put all
        // four in slot 0, in insertion order g00, g03, g13, g16).
        #expect(await coordinator.listGroups(states: [], types: []).map(\.groupId) == ["g03", "g16", "g00", "g13"])
        // Deleted and made again, g03 goes to the end of slot 0.
        #expect(await coordinator.deleteGroup("g03") == .noError)
        _ = await coordinator.commitOffsets(GroupTest.commit(group: "g03", offsets: [("t", 0, 2)]), apiVersion: 8)
        let expected = ["g16", "g03", "g00", "g13"]
        #expect(await coordinator.listGroups(states: [], types: []).map(\.groupId) == expected)
        // Replaying the log repeats the adds and removals: the same table, the same order.
        let reloaded = GroupTest.coordinator(log: log, clock: clock) { $0.offsetsTopicNumPartitions = 1 }
        #expect(await reloaded.listGroups(states: [], types: []).map(\.groupId) == expected)
    }
}
