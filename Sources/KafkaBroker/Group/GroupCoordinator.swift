import Foundation
import KafkaProtocol
import Logging
import NIOCore
import OrderedCollections

/// The classic-group coordinator (`GroupCoordinatorService` + `GroupMetadataManager` +
/// `OffsetMetadataManager` for classic groups): group membership and rebalances, committed
/// offsets, persisted to and loaded from `__consumer_offsets`. One actor serializes every group
/// operation; requests that must wait (a join barrier, a sync) suspend on a continuation that a
/// later request or a timer completes. Time comes from an injected clock and timers are a table
/// of deadlines that `expireTimers()` fires, so tests drive time by hand.
public actor GroupCoordinator {
    public let config: GroupCoordinatorConfig
    let log: any CoordinatorLog
    let clock: @Sendable () -> Int64
    let logger: Logger
    /// Whether a topic partition exists (for OffsetCommit's UNKNOWN_TOPIC_OR_PARTITION).
    let partitionExists: @Sendable (String, Int32) -> Bool

    /// ListGroups answers in the order of Kafka's `TimelineHashMap`, which `GroupMap` models.
    var groups: GroupMap
    var offsets: [String: [TopicPartition: CommittedOffset]] = [:]
    /// TxnOffsetCommit offsets waiting for their transaction's marker: producer id → group → offsets.
    var pendingTransactionalOffsets: [Int64: [String: [TopicPartition: CommittedOffset]]] = [:]
    var timers: [GroupTimerKey: GroupTimer] = [:]
    var loadedPartitions: Set<Int32> = []
    var lastOffsetCleanup: Int64
    var tickTask: Task<Void, Never>?
    /// Set on graceful shutdown: nothing parks any more.
    var isShuttingDown = false

    public init(config: GroupCoordinatorConfig, log: any CoordinatorLog, logger: Logger,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) },
                partitionExists: @escaping @Sendable (String, Int32) -> Bool = { _, _ in true }) {
        self.config = config
        self.log = log
        self.logger = logger
        self.clock = clock
        self.partitionExists = partitionExists
        groups = GroupMap(config: config)
        lastOffsetCleanup = clock()
    }

    var now: Int64 { clock() }

    // MARK: - Loading

    /// Loads the coordinator partition of `groupId` if needed; COORDINATOR_NOT_AVAILABLE when
    /// `__consumer_offsets` is not hosted here (yet).
    func ensureLoaded(group groupId: String) -> ErrorCode? {
        ensureLoaded(partition: config.partition(for: groupId))
    }

    func ensureLoaded(partition: Int32) -> ErrorCode? {
        if loadedPartitions.contains(partition) { return nil }
        guard log.isAvailable(partition: partition) else { return .coordinatorNotAvailable }
        do {
            try load(partition: partition)
        } catch {
            logger.error("Failed to load __consumer_offsets-\(partition): \(error)")
            return .coordinatorNotAvailable
        }
        loadedPartitions.insert(partition)
        return nil
    }

    /// Loads every hosted partition (at startup, and before listing groups).
    public func loadAll() {
        for partition in 0..<config.offsetsTopicNumPartitions where log.isAvailable(partition: partition) {
            _ = ensureLoaded(partition: partition)
        }
    }

    /// Replays a partition: offset commits (transactional ones only once committed) and group
    /// metadata, tombstones removing (`GroupCoordinatorShard.replay`).
    func load(partition: Int32) throws {
        var pendingTransactional: [Int64: [LoadedGroupRecord]] = [:]
        var loadedGroups: Set<String> = []
        for batch in try log.batches(partition: partition) {
            if batch.isControl {
                guard let record = try batch.decodeRecords().first, var key = record.key, key.readableBytes >= 4 else { continue }
                _ = key.readInteger(as: Int16.self)
                let type = key.readInteger(as: Int16.self)
                let records = pendingTransactional.removeValue(forKey: batch.header.producerId) ?? []
                if type == 1 { for record in records { replay(record, loadedGroups: &loadedGroups) } }
                continue
            }
            for record in try batch.decodeRecords() {
                guard let key = record.key else { continue }
                let loaded = try LoadedGroupRecord(key: key, value: record.value)
                if batch.isTransactional {
                    pendingTransactional[batch.header.producerId, default: []].append(loaded)
                } else {
                    replay(loaded, loadedGroups: &loadedGroups)
                }
            }
        }
        // Transactions still open at the end of the log wait for their marker.
        for (producerId, records) in pendingTransactional {
            for case let .offsetCommit(group, topic, partition, offset?) in records {
                pendingTransactionalOffsets[producerId, default: [:]][group, default: [:]][TopicPartition(topic: topic, partition: partition)] = offset
            }
        }
        for groupId in loadedGroups {
            guard let group = groups[groupId] else { continue }
            for member in group.members {
                schedule(.heartbeat(group: groupId, member: member.memberId), after: Int64(member.sessionTimeoutMs),
                         .heartbeatExpired(group: groupId, member: member.memberId))
            }
        }
        logger.info("[GroupCoordinator id=0] Finished loading offsets and group metadata from __consumer_offsets-\(partition)")
    }

    private func replay(_ record: LoadedGroupRecord, loadedGroups: inout Set<String>) {
        switch record {
        case let .offsetCommit(group, topic, partition, offset?):
            if groups[group] == nil { groups[group] = ClassicGroup(groupId: group, now: now) }
            offsets[group, default: [:]][TopicPartition(topic: topic, partition: partition)] = offset
        case let .offsetCommit(group, topic, partition, nil):
            offsets[group]?[TopicPartition(topic: topic, partition: partition)] = nil
        case let .groupMetadata(groupId, value?):
            groups.put(groupId, ClassicGroup(loading: groupId, value: value))
            loadedGroups.insert(groupId)
        case let .groupMetadata(groupId, nil):
            groups[groupId] = nil
            loadedGroups.remove(groupId)
        case .other:
            break
        }
    }

    // MARK: - Persistence

    /// Appends records to the group's partition; false (and logs) when the write failed.
    func append(_ groupId: String, _ records: [CoordinatorRecord]) -> Bool {
        do {
            try log.append(partition: config.partition(for: groupId), records: records, timestamp: now)
            return true
        } catch {
            logger.error("Failed to write records of group \(groupId) to __consumer_offsets: \(error)")
            return false
        }
    }

    func persistGroup(_ group: ClassicGroup) -> Bool {
        do {
            return append(group.groupId, [try GroupCoordinatorRecords.groupMetadata(group)])
        } catch {
            logger.error("Failed to encode the metadata of group \(group.groupId): \(error)")
            return false
        }
    }

    // MARK: - Timers

    func schedule(_ key: GroupTimerKey, after delayMs: Int64, _ action: GroupTimerAction) {
        timers[key] = GroupTimer(deadline: now + max(delayMs, 0), action: action)
    }

    func cancel(_ key: GroupTimerKey) { timers[key] = nil }

    /// Fires every timer whose deadline passed, earliest first, and runs the periodic offset
    /// expiration. The server calls it on a short tick; tests call it after moving the clock.
    public func expireTimers() {
        while true {
            let current = now
            guard let (key, timer) = timers.filter({ $0.value.deadline <= current }).min(by: { $0.value.deadline < $1.value.deadline })
            else { break }
            timers[key] = nil
            fire(timer.action)
        }
        if now - lastOffsetCleanup >= config.offsetsRetentionCheckIntervalMs {
            lastOffsetCleanup = now
            cleanupExpiredOffsets()
        }
    }

    private func fire(_ action: GroupTimerAction) {
        switch action {
        case let .heartbeatExpired(groupId, memberId): heartbeatExpired(groupId: groupId, memberId: memberId)
        case let .pendingMemberExpired(groupId, memberId): pendingMemberExpired(groupId: groupId, memberId: memberId)
        case let .completeJoin(groupId): completeJoin(groupId)
        case let .initialJoin(groupId, delay, remaining): initialJoinExpired(groupId, delay: delay, remaining: remaining)
        case let .syncExpired(groupId, generation): pendingSyncExpired(groupId, generation: generation)
        }
    }

    /// Answers every parked join and sync with NOT_COORDINATOR (the coordinator is going away, as
    /// Kafka's coordinator unload does) and stops parking new ones.
    public func failPendingRequests() {
        isShuttingDown = true
        for (groupId, group) in groups {
            for member in group.members {
                if let join = member.awaitingJoin {
                    var response = JoinGroupResponse()
                    response.errorCode = ErrorCode.notCoordinator.rawValue
                    response.memberId = member.memberId
                    join.resume(returning: response)
                }
                if let sync = member.awaitingSync {
                    var response = SyncGroupResponse()
                    response.errorCode = ErrorCode.notCoordinator.rawValue
                    sync.resume(returning: response)
                }
                groups[groupId]?.update(member.memberId) {
                    $0.awaitingJoin = nil
                    $0.awaitingSync = nil
                }
            }
        }
    }

    // MARK: - Inspection (tests, tools)

    public func group(_ groupId: String) -> ClassicGroup? { groups[groupId] }

    public func committedOffsets(_ groupId: String) -> [TopicPartition: CommittedOffset] { offsets[groupId] ?? [:] }
}

/// Keys of the coordinator's timers: rescheduling a key replaces its timer.
enum GroupTimerKey: Hashable {
    case heartbeat(group: String, member: String)
    case join(group: String)
    case sync(group: String)
}

enum GroupTimerAction {
    case heartbeatExpired(group: String, member: String)
    case pendingMemberExpired(group: String, member: String)
    case completeJoin(group: String)
    case initialJoin(group: String, delay: Int64, remaining: Int64)
    case syncExpired(group: String, generation: Int32)
}

struct GroupTimer {
    var deadline: Int64
    var action: GroupTimerAction
}

extension ClassicGroup {
    /// A group as a GroupMetadataValue describes it (`ClassicGroup.fromRecord`): Stable with its
    /// members, or Empty.
    init(loading groupId: String, value: GroupMetadataValue) {
        self.init(groupId: groupId, now: value.currentStateTimestamp)
        generationId = value.generation
        protocolType = value.protocolType.isEmpty ? nil : value.protocolType
        protocolName = value.protocol
        for entry in value.members {
            var member = ClassicGroupMember(
                memberId: entry.memberId, groupInstanceId: entry.groupInstanceId, clientId: entry.clientId,
                clientHost: entry.clientHost, rebalanceTimeoutMs: entry.rebalanceTimeout, sessionTimeoutMs: entry.sessionTimeout,
                protocolType: value.protocolType, protocols: [(value.protocol ?? "", entry.subscription)])
            member.assignment = entry.assignment
            add(member)
        }
        leaderId = value.leader
        protocolType = value.protocolType.isEmpty ? nil : value.protocolType
        if !members.isEmpty {
            transition(to: .preparingRebalance, now: value.currentStateTimestamp)
            transition(to: .completingRebalance, now: value.currentStateTimestamp)
            transition(to: .stable, now: value.currentStateTimestamp)
        }
        pendingSyncMembers = []
    }
}
