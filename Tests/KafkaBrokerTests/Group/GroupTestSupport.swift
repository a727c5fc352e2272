import Foundation
@testable import KafkaBroker
import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore

/// A clock tests move by hand.
final class ManualClock: Sendable {
    private let value = NIOLockedValueBox<Int64>(1_700_000_000_000)
    var now: Int64 { value.withLockedValue { $0 } }
    func advance(_ ms: Int64) { value.withLockedValue { $0 += ms } }
    var function: @Sendable () -> Int64 { { [self] in now } }
}

/// `__consumer_offsets` in memory: batches built like the real log's.
final class MemoryCoordinatorLog: CoordinatorLog {
    private let state = NIOLockedValueBox<[Int32: [RecordBatch]]>([:])
    let available = NIOLockedValueBox<Bool>(true)
    let failWrites = NIOLockedValueBox<Bool>(false)

    func isAvailable(partition: Int32) -> Bool { available.withLockedValue { $0 } }

    func append(partition: Int32, records: [CoordinatorRecord], timestamp: Int64) throws {
        if failWrites.withLockedValue({ $0 }) { throw CoordinatorLogUnavailable() }
        let next = state.withLockedValue { $0[partition]?.last?.nextOffset ?? 0 }
        var builder = RecordBatchBuilder(baseOffset: next, baseSequence: 0, partitionLeaderEpoch: 0)
        for record in records { try builder.append(key: record.key, value: record.value, timestamp: timestamp) }
        let batch = try builder.build()
        state.withLockedValue { $0[partition, default: []].append(batch) }
    }

    func batches(partition: Int32) throws -> [RecordBatch] { state.withLockedValue { $0[partition] ?? [] } }

    func setBatches(_ batches: [RecordBatch], partition: Int32) { state.withLockedValue { $0[partition] = batches } }

    /// Every record of a partition decoded.
    func records(partition: Int32) throws -> [LoadedGroupRecord] {
        try batches(partition: partition).flatMap { try $0.decodeRecords() }.compactMap { record in
            guard let key = record.key else { return nil }
            return try LoadedGroupRecord(key: key, value: record.value)
        }
    }
}

enum GroupTest {
    static func coordinator(log: MemoryCoordinatorLog = MemoryCoordinatorLog(), clock: ManualClock,
                            configure: (inout GroupCoordinatorConfig) -> Void = { _ in }) -> GroupCoordinator {
        var config = GroupCoordinatorConfig()
        config.offsetsTopicNumPartitions = 50
        configure(&config)
        var logger = Logger(label: "group-test")
        logger.logLevel = .error
        return GroupCoordinator(config: config, log: log, logger: logger, clock: clock.function)
    }

    static let client = GroupClient(clientId: "client", clientHost: "/127.0.0.1", apiVersion: 5)

    /// A consumer subscription (ConsumerProtocolSubscription v0) for `topics`.
    static func subscription(_ topics: [String]) -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(Int16(0))
        buffer.writeInteger(Int32(topics.count))
        for topic in topics {
            buffer.writeInteger(Int16(topic.utf8.count))
            buffer.writeString(topic)
        }
        buffer.writeInteger(Int32(-1))
        return buffer
    }

    static func joinRequest(group: String, memberId: String = "", instanceId: String? = nil, sessionTimeout: Int32 = 10_000,
                            rebalanceTimeout: Int32 = 30_000, protocols: [String] = ["range"], topics: [String] = ["t"]) -> JoinGroupRequest {
        var request = JoinGroupRequest()
        request.groupId = group
        request.memberId = memberId
        request.groupInstanceId = instanceId
        request.sessionTimeoutMs = sessionTimeout
        request.rebalanceTimeoutMs = rebalanceTimeout
        request.protocolType = "consumer"
        request.protocols = protocols.map { name in
            var entry = JoinGroupRequest.JoinGroupRequestProtocol()
            entry.name = name
            entry.metadata = subscription(topics)
            return entry
        }
        return request
    }

    static func syncRequest(group: String, generation: Int32, memberId: String, assignments: [String: String] = [:]) -> SyncGroupRequest {
        var request = SyncGroupRequest()
        request.groupId = group
        request.generationId = generation
        request.memberId = memberId
        request.assignments = assignments.sorted { $0.key < $1.key }.map { member, text in
            var entry = SyncGroupRequest.SyncGroupRequestAssignment()
            entry.memberId = member
            entry.assignment = ByteBuffer(string: text)
            return entry
        }
        return request
    }

    static func heartbeat(group: String, generation: Int32, memberId: String, instanceId: String? = nil) -> HeartbeatRequest {
        var request = HeartbeatRequest()
        request.groupId = group
        request.generationId = generation
        request.memberId = memberId
        request.groupInstanceId = instanceId
        return request
    }

    static func commit(group: String, generation: Int32 = -1, memberId: String = "", offsets: [(String, Int32, Int64)]) -> OffsetCommitRequest {
        var request = OffsetCommitRequest()
        request.groupId = group
        request.generationIdOrMemberEpoch = generation
        request.memberId = memberId
        var topics: [String: [OffsetCommitRequest.OffsetCommitRequestPartition]] = [:]
        var order: [String] = []
        for (topic, partition, offset) in offsets {
            if topics[topic] == nil { order.append(topic) }
            var entry = OffsetCommitRequest.OffsetCommitRequestPartition()
            entry.partitionIndex = partition
            entry.committedOffset = offset
            entry.committedMetadata = "m"
            topics[topic, default: []].append(entry)
        }
        request.topics = order.map { name in
            var topic = OffsetCommitRequest.OffsetCommitRequestTopic()
            topic.name = name
            topic.partitions = topics[name] ?? []
            return topic
        }
        return request
    }

    /// Polls until `condition` holds (a parked request has reached the coordinator).
    static func waitUntil(_ condition: @Sendable () async -> Bool) async throws {
        for _ in 0..<2000 {
            if await condition() { return }
            try await Task.sleep(for: .milliseconds(1))
        }
        throw WaitTimeout()
    }

    struct WaitTimeout: Error {}

    /// Joins a new dynamic member through MEMBER_ID_REQUIRED and parks its second join; returns its id.
    static func joinNewMember(_ coordinator: GroupCoordinator, group: String, client: GroupClient = client,
                              request: JoinGroupRequest? = nil) async -> (String, Task<JoinGroupResponse, Never>) {
        let base = request ?? joinRequest(group: group)
        let first = await coordinator.joinGroup(base, client: client)
        var second = base
        second.memberId = first.memberId
        let task = Task { await coordinator.joinGroup(second, client: client) }
        return (first.memberId, task)
    }
}
