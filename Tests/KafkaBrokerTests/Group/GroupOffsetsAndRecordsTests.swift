import Foundation
@testable import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite struct GroupOffsetsAndRecordsTests {
    let clock = ManualClock()

    static func fixtureBatches(_ partition: Int) throws -> [RecordBatch] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/consumer-offsets/__consumer_offsets-\(partition)", withExtension: "log"))
        let data = try Data(contentsOf: url)
        return try RecordBatchReader.decodeAll(ByteBuffer(bytes: data))
    }

    /// The partitions Kafka put these groups in (the fixture directories) follow from Java's String.hashCode.
    @Test func partitionForGroupMatchesKafka() {
        let config = GroupCoordinatorConfig()
        #expect(config.partition(for: "fx-console-group") == 14)
        #expect(config.partition(for: "fx-librdkafka-group") == 2)
        #expect(config.partition(for: "fx-wire-kcat-group") == 30)
        #expect(config.partition(for: "fx-wire-aiokafka-group") == 44)
        #expect(config.partition(for: "fx-wire-python-group") == 45)
        #expect(config.partition(for: "fx-txn-offsets-group") == 46)
    }

    /// Loading Kafka's own `__consumer_offsets` segments, then writing the same state back, gives
    /// Kafka's bytes for every key and value.
    @Test(arguments: [14, 2, 30, 44, 45])
    func reEncodedRecordsMatchKafka(partition: Int) throws {
        for batch in try Self.fixtureBatches(partition) where !batch.isControl {
            for record in try batch.decodeRecords() {
                let key = try #require(record.key)
                switch try LoadedGroupRecord(key: key, value: record.value) {
                case let .groupMetadata(groupId, value?):
                    var group = ClassicGroup(loading: groupId, value: value)
                    group.currentStateTimestamp = value.currentStateTimestamp
                    let ours = try GroupCoordinatorRecords.groupMetadata(group)
                    #expect(ours.key == key)
                    #expect(ours.value == record.value)
                case let .offsetCommit(groupId, topic, partitionIndex, offset?):
                    let ours = try GroupCoordinatorRecords.offsetCommit(group: groupId, topic: topic, partition: partitionIndex, offset: offset)
                    #expect(ours.key == key)
                    #expect(ours.value == record.value)
                default:
                    Issue.record("unexpected record in the fixture")
                }
            }
        }
    }

    /// Replaying Kafka's log: the group is empty at generation 2 and its offset is there.
    @Test func loadsKafkasLog() async throws {
        let log = MemoryCoordinatorLog()
        log.setBatches(try Self.fixtureBatches(14), partition: 14)
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let (error, offsets) = await coordinator.fetchOffsets(groupId: "fx-console-group", topics: nil)
        #expect(error == .noError)
        #expect(offsets.first?.topic == "fx-plain")
        #expect(offsets.first?.partitions.first?.1?.offset == 13)
        #expect(offsets.first?.partitions.first?.1?.leaderEpoch == 0)
        let group = try #require(await coordinator.group("fx-console-group"))
        #expect(group.state == .empty && group.generationId == 2 && group.protocolType == "consumer")
    }

    /// Transactional offset commits count once their COMMIT marker is there.
    @Test func loadsCommittedTransactionalOffsets() async throws {
        let log = MemoryCoordinatorLog()
        log.setBatches(try Self.fixtureBatches(46), partition: 46)
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let offsets = await coordinator.committedOffsets("fx-txn-offsets-group")
        _ = await coordinator.fetchOffsets(groupId: "fx-txn-offsets-group", topics: nil)
        #expect(offsets.isEmpty)
        #expect(await coordinator.committedOffsets("fx-txn-offsets-group")[TopicPartition(topic: "fx-plain", partition: 0)]?.offset == 3)
    }

    @Test func commitFetchAndReload() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let results = await coordinator.commitOffsets(GroupTest.commit(group: "simple", offsets: [("t", 0, 10), ("t", 1, 20), ("u", 0, 5)]), apiVersion: 8)
        #expect(results.flatMap { $0.partitions.map(\.1) } == [.noError, .noError, .noError])
        let (_, fetched) = await coordinator.fetchOffsets(groupId: "simple", topics: [("t", [0, 1, 2])])
        #expect(fetched.first?.partitions.map { $0.1?.offset } == [10, 20, nil])
        #expect(fetched.first?.partitions.first?.1?.metadata == "m")
        // A new coordinator over the same log sees the same offsets and the simple group.
        let reloaded = GroupTest.coordinator(log: log, clock: clock)
        let (_, all) = await reloaded.fetchOffsets(groupId: "simple", topics: nil)
        #expect(all.map(\.topic) == ["t", "u"])
        #expect(all.first?.partitions.map { $0.1?.offset } == [10, 20])
        #expect(await reloaded.listGroups(states: [], types: []).map(\.groupId) == ["simple"])
        #expect(await reloaded.listGroups(states: ["EMPTY"], types: ["Classic"]).count == 1)
        #expect(await reloaded.listGroups(states: ["Stable"], types: []).isEmpty)
        #expect(await reloaded.listGroups(states: [], types: ["consumer"]).isEmpty)
    }

    @Test func retentionTimeWritesExpireTimestamp() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        var request = GroupTest.commit(group: "r", offsets: [("t", 0, 1)])
        request.retentionTimeMs = 1000
        _ = await coordinator.commitOffsets(request, apiVersion: 2)
        let record = try #require(try log.batches(partition: GroupCoordinatorConfig().partition(for: "r")).first?.decodeRecords().first)
        var value = try #require(record.value)
        #expect(value.readInteger(as: Int16.self) == 1)
        clock.advance(600_000)
        await coordinator.expireTimers()
        #expect(await coordinator.committedOffsets("r").isEmpty)
        #expect(await coordinator.group("r") == nil)
    }

    @Test func offsetsOfEmptyGroupsExpire() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        _ = await coordinator.commitOffsets(GroupTest.commit(group: "old", offsets: [("t", 0, 1)]), apiVersion: 8)
        clock.advance(7 * 24 * 3_600_000 - 1)
        await coordinator.expireTimers()
        #expect(await coordinator.committedOffsets("old").count == 1)
        clock.advance(600_000)
        await coordinator.expireTimers()
        #expect(await coordinator.committedOffsets("old").isEmpty)
    }

    @Test func emptyGroupWithoutOffsetsIsRemovedAtCleanup() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let first = await coordinator.joinGroup(GroupTest.joinRequest(group: "gone"), client: GroupTest.client)
        #expect(first.errorCode == ErrorCode.memberIdRequired.rawValue)
        clock.advance(10_000)
        await coordinator.expireTimers()
        #expect(await coordinator.group("gone")?.state == .empty)
        clock.advance(600_000)
        await coordinator.expireTimers()
        #expect(await coordinator.group("gone") == nil)
        guard case .groupMetadata("gone", nil) = try log.records(partition: GroupCoordinatorConfig().partition(for: "gone")).last else {
            Issue.record("expected a group tombstone")
            return
        }
    }

    @Test func commitErrors() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupCoordinator(config: GroupCoordinatorConfig(), log: log, logger: .init(label: "t"), clock: clock.function,
                                           partitionExists: { topic, _ in topic == "t" })
        var request = GroupTest.commit(group: "e", offsets: [("t", 0, 1), ("missing", 0, 1), ("t", 1, 1)])
        request.topics[0].partitions[1].committedMetadata = String(repeating: "x", count: 4097)
        let results = await coordinator.commitOffsets(request, apiVersion: 8)
        #expect(results.flatMap { $0.partitions.map(\.1) } == [.noError, .offsetMetadataTooLarge, .unknownTopicOrPartition])
        #expect(await coordinator.commitOffsets(GroupTest.commit(group: "", offsets: [("t", 0, 1)]), apiVersion: 8).first?.partitions.first?.1 == .invalidGroupId)
        log.failWrites.withLockedValue { $0 = true }
        #expect(await coordinator.commitOffsets(GroupTest.commit(group: "e", offsets: [("t", 0, 2)]), apiVersion: 8).first?.partitions.first?.1 == .coordinatorNotAvailable)
        #expect(await coordinator.committedOffsets("e")[TopicPartition(topic: "t", partition: 0)]?.offset == 1)
    }

    @Test func unavailableOrCorruptPartition() async throws {
        let log = MemoryCoordinatorLog()
        log.available.withLockedValue { $0 = false }
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        #expect(await coordinator.fetchOffsets(groupId: "g", topics: nil).0 == .coordinatorNotAvailable)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: "m")) == .coordinatorNotAvailable)

        // A record whose key is not a coordinator record cannot be loaded.
        let corrupt = MemoryCoordinatorLog()
        try corrupt.append(partition: GroupCoordinatorConfig().partition(for: "g"),
                           records: [CoordinatorRecord(key: ByteBuffer(bytes: [0x00, 0x63, 0x01]), value: nil)], timestamp: 0)
        let broken = GroupTest.coordinator(log: corrupt, clock: clock)
        #expect(await broken.fetchOffsets(groupId: "g", topics: nil).0 == .coordinatorNotAvailable)
        let truncated = MemoryCoordinatorLog()
        try truncated.append(partition: GroupCoordinatorConfig().partition(for: "g"),
                             records: [CoordinatorRecord(key: ByteBuffer(bytes: [0x00, 0x01, 0x00, 0x09, 0x61]), value: nil)], timestamp: 0)
        #expect(await GroupTest.coordinator(log: truncated, clock: clock).fetchOffsets(groupId: "g", topics: nil).0 == .coordinatorNotAvailable)
    }

    @Test func deleteGroups() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        #expect(await coordinator.deleteGroup("missing") == .groupIdNotFound)
        #expect(await coordinator.deleteGroup("") == .invalidGroupId)
        _ = await coordinator.commitOffsets(GroupTest.commit(group: "d", offsets: [("t", 0, 1), ("t", 1, 2)]), apiVersion: 8)
        #expect(await coordinator.deleteGroup("d") == .noError)
        #expect(await coordinator.group("d") == nil)
        let records = try log.records(partition: GroupCoordinatorConfig().partition(for: "d"))
        // Tombstones: both offsets, then the group.
        guard records.count == 5, case .offsetCommit(_, _, 0, nil) = records[2], case .offsetCommit(_, _, 1, nil) = records[3],
              case .groupMetadata("d", nil) = records[4] else {
            Issue.record("expected tombstones, got \(records)")
            return
        }
        let reloaded = GroupTest.coordinator(log: log, clock: clock)
        #expect(await reloaded.listGroups(states: [], types: []).isEmpty)
        #expect(await reloaded.fetchOffsets(groupId: "d", topics: nil).1.isEmpty)
    }

    @Test func deleteNonEmptyGroupAndSubscribedOffsets() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let first = await coordinator.joinGroup(GroupTest.joinRequest(group: "c", topics: ["t"]), client: GroupTest.client)
        let join = Task { await coordinator.joinGroup(GroupTest.joinRequest(group: "c", memberId: first.memberId, topics: ["t"]), client: GroupTest.client) }
        try await GroupTest.waitUntil { await coordinator.group("c")?.size == 1 }
        clock.advance(3000)
        await coordinator.expireTimers()
        let joined = await join.value
        _ = await coordinator.syncGroup(GroupTest.syncRequest(group: "c", generation: joined.generationId, memberId: first.memberId))
        _ = await coordinator.commitOffsets(GroupTest.commit(group: "c", generation: 1, memberId: first.memberId,
                                                             offsets: [("t", 0, 1), ("u", 0, 1)]), apiVersion: 8)
        #expect(await coordinator.deleteGroup("c") == .nonEmptyGroup)
        let (error, results) = await coordinator.deleteOffsets(groupId: "c", topics: [("t", [0]), ("u", [0])])
        #expect(error == .noError)
        #expect(results.map { $0.partitions.first?.1 } == [.groupSubscribedToTopic, .noError])
        #expect(await coordinator.committedOffsets("c").keys.map(\.topic) == ["t"])
        #expect(await coordinator.deleteOffsets(groupId: "none", topics: [("t", [0])]).0 == .groupIdNotFound)
    }

    @Test func describeGroup() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let first = await coordinator.joinGroup(GroupTest.joinRequest(group: "x"), client: GroupTest.client)
        let join = Task { await coordinator.joinGroup(GroupTest.joinRequest(group: "x", memberId: first.memberId), client: GroupTest.client) }
        try await GroupTest.waitUntil { await coordinator.group("x")?.size == 1 }
        let preparing = try #require(await coordinator.describeGroup("x").1)
        #expect(preparing.groupState == "PreparingRebalance" && preparing.protocolData == "")
        #expect(preparing.members.first?.memberMetadata.readableBytes == 0)
        clock.advance(3000)
        await coordinator.expireTimers()
        _ = await join.value
        _ = await coordinator.syncGroup(GroupTest.syncRequest(group: "x", generation: 1, memberId: first.memberId, assignments: [first.memberId: "a"]))
        let stable = try #require(await coordinator.describeGroup("x").1)
        #expect(stable.groupState == "Stable" && stable.protocolData == "range" && stable.protocolType == "consumer")
        #expect(stable.members.first?.memberAssignment == ByteBuffer(string: "a"))
        #expect(stable.members.first?.memberMetadata == GroupTest.subscription(["t"]))
        #expect(stable.members.first?.clientId == "client" && stable.members.first?.clientHost == "/127.0.0.1")
        #expect(await coordinator.describeGroup("nothing").1 == nil)
    }

    @Test func malformedSubscriptionIsUnknown() {
        func topics(_ bytes: ByteBuffer) -> [String]? { try? ConsumerProtocolSubscription.deserialize(bytes).topics }
        #expect(topics(ByteBuffer(bytes: [0, 0, 0x7f, 0xff, 0xff, 0xff])) == nil)
        #expect(topics(ByteBuffer(bytes: [0])) == nil)
        #expect(topics(ByteBuffer(bytes: [0, 0, 0, 0, 0, 1, 0, 5, 0x61])) == nil)
        #expect(topics(ByteBuffer(bytes: [0xff, 0xff, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff])) == nil)
        #expect(topics(GroupTest.subscription(["a", "b"])) == ["a", "b"])
    }
}
