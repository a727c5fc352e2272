import KafkaProtocol

extension GroupCoordinator {
    /// OffsetCommit (`OffsetMetadataManager.commitOffset`): per-partition errors, keyed by topic
    /// then partition, in request order.
    public func commitOffsets(_ request: OffsetCommitRequest, apiVersion: Int16) -> [(topic: String, partitions: [(Int32, ErrorCode)])] {
        func all(_ code: ErrorCode) -> [(topic: String, partitions: [(Int32, ErrorCode)])] {
            request.topics.map { topic in (topic.name, topic.partitions.map { ($0.partitionIndex, code) }) }
        }
        let groupId = request.groupId
        guard !groupId.isEmpty else { return all(.invalidGroupId) }
        if let error = ensureLoaded(group: groupId) { return all(error) }
        let generation = request.generationIdOrMemberEpoch
        if groups[groupId] == nil {
            guard generation < 0 else { return all(apiVersion >= 9 ? .groupIdNotFound : .illegalGeneration) }
            // A simple group: the admin client or a consumer without group management.
            groups[groupId] = ClassicGroup(groupId: groupId, now: now)
        }
        guard let group = groups[groupId] else { return all(.illegalGeneration) }
        if let code = validateOffsetCommit(group, memberId: request.memberId, instanceId: request.groupInstanceId, generation: generation) {
            return all(code)
        }
        if group.state == .stable || group.state == .preparingRebalance, group.hasMember(request.memberId) {
            // Commits keep a classic member's session alive.
            rescheduleHeartbeat(groupId, memberId: request.memberId)
        }
        let commitTime = now
        let expire: Int64? = apiVersion <= 4 && request.retentionTimeMs != -1 ? commitTime + request.retentionTimeMs : nil
        let (records, accepted, results) = offsetCommitRecords(groupId: groupId, topics: request.topics, commitTime: commitTime,
                                                               expire: expire)
        guard !records.isEmpty else { return results }
        guard append(groupId, records) else {
            return results.map { ($0.topic, $0.partitions.map { ($0.0, $0.1 == .noError ? .coordinatorNotAvailable : $0.1) }) }
        }
        for (partition, offset) in accepted { offsets[groupId, default: [:]][partition] = offset }
        return results
    }

    /// Kafka's per-partition checks of a commit (`OffsetMetadataManager.validateOffsetCommit`'s
    /// partition part), shared by OffsetCommit and TxnOffsetCommit: the records to write, the
    /// offsets they carry, and each partition's answer in request order.
    func offsetCommitRecords<Topic: OffsetCommitTopicFields>(groupId: String, topics: [Topic], commitTime: Int64, expire: Int64?)
        -> (records: [CoordinatorRecord], accepted: [(TopicPartition, CommittedOffset)],
            results: [(topic: String, partitions: [(Int32, ErrorCode)])]) {
        var records: [CoordinatorRecord] = []
        var accepted: [(TopicPartition, CommittedOffset)] = []
        var results: [(topic: String, partitions: [(Int32, ErrorCode)])] = []
        for topic in topics {
            var partitions: [(Int32, ErrorCode)] = []
            for entry in topic.partitions {
                let metadata = entry.committedMetadata ?? ""
                if !partitionExists(topic.name, entry.partitionIndex) {
                    partitions.append((entry.partitionIndex, .unknownTopicOrPartition))
                } else if metadata.utf8.count > config.offsetMetadataMaxBytes {
                    partitions.append((entry.partitionIndex, .offsetMetadataTooLarge))
                } else {
                    let offset = CommittedOffset(offset: entry.committedOffset, leaderEpoch: entry.committedLeaderEpoch,
                                                 metadata: metadata, commitTimestamp: commitTime, expireTimestamp: expire)
                    do {
                        records.append(try GroupCoordinatorRecords.offsetCommit(group: groupId, topic: topic.name,
                                                                                partition: entry.partitionIndex, offset: offset))
                        accepted.append((TopicPartition(topic: topic.name, partition: entry.partitionIndex), offset))
                        partitions.append((entry.partitionIndex, .noError))
                    } catch {
                        partitions.append((entry.partitionIndex, .invalidRequest))
                    }
                }
            }
            results.append((topic.name, partitions))
        }
        return (records, accepted, results)
    }

    /// `ClassicGroup.validateOffsetCommit`.
    func validateOffsetCommit(_ group: ClassicGroup, memberId: String, instanceId: String?, generation: Int32) -> ErrorCode? {
        if group.state == .dead { return .coordinatorNotAvailable }
        if generation < 0 && group.state == .empty { return nil }
        if let code = validateMember(group, memberId: memberId, instanceId: instanceId) { return code }
        if generation != group.generationId { return .illegalGeneration }
        if group.state == .completingRebalance { return .rebalanceInProgress }
        return nil
    }

    /// One group's committed offsets for OffsetFetch: all of them when `topics` is nil, otherwise
    /// the requested partitions (offset -1 where none is committed).
    public func fetchOffsets(groupId: String, topics: [(name: String, partitions: [Int32])]?)
        -> (ErrorCode, [(topic: String, partitions: [(Int32, CommittedOffset?)])]) {
        if let error = ensureLoaded(group: groupId) { return (error, []) }
        let committed = offsets[groupId] ?? [:]
        guard let topics else {
            let grouped = Dictionary(grouping: committed, by: { $0.key.topic })
            let result = grouped.keys.sorted().map { topic in
                (topic, (grouped[topic] ?? []).sorted { $0.key.partition < $1.key.partition }.map { ($0.key.partition, Optional($0.value)) })
            }
            return (.noError, result)
        }
        return (.noError, topics.map { topic in
            (topic.name, topic.partitions.map { ($0, committed[TopicPartition(topic: topic.name, partition: $0)]) })
        })
    }

    /// OffsetDelete (`OffsetMetadataManager.deleteOffsets`).
    public func deleteOffsets(groupId: String, topics: [(name: String, partitions: [Int32])])
        -> (ErrorCode, [(topic: String, partitions: [(Int32, ErrorCode)])]) {
        guard !groupId.isEmpty else { return (.invalidGroupId, []) }
        if let error = ensureLoaded(group: groupId) { return (error, []) }
        guard let group = groups[groupId] else { return (.groupIdNotFound, []) }
        if group.state == .dead { return (.groupIdNotFound, []) }
        if group.state != .empty, group.protocolType != nil, group.protocolType != "consumer" { return (.nonEmptyGroup, []) }
        let subscribed = group.state == .empty ? Set<String>() : group.subscribedTopics
        var records: [CoordinatorRecord] = []
        var removed: [TopicPartition] = []
        var results: [(topic: String, partitions: [(Int32, ErrorCode)])] = []
        for topic in topics {
            let isSubscribed = subscribed.map { $0.contains(topic.name) } ?? true
            results.append((topic.name, topic.partitions.map { partition in
                if isSubscribed { return (partition, .groupSubscribedToTopic) }
                let key = TopicPartition(topic: topic.name, partition: partition)
                if offsets[groupId]?[key] != nil,
                   let record = try? GroupCoordinatorRecords.offsetCommitTombstone(group: groupId, topic: topic.name, partition: partition) {
                    records.append(record)
                    removed.append(key)
                }
                return (partition, .noError)
            }))
        }
        if !records.isEmpty {
            guard append(groupId, records) else { return (.coordinatorNotAvailable, []) }
            for key in removed { offsets[groupId]?[key] = nil }
        }
        return (.noError, results)
    }

    /// Expires offsets of empty groups after `offsets.retention.minutes`, and removes empty groups
    /// left without offsets, including ones that never had any (`cleanupGroupMetadata`).
    func cleanupExpiredOffsets() {
        let current = now
        for (groupId, group) in groups where group.state == .empty && group.pendingMembers.isEmpty {
            let committed = offsets[groupId] ?? [:]
            var records: [CoordinatorRecord] = []
            var expired: [TopicPartition] = []
            for (partition, offset) in committed {
                let isExpired: Bool
                if let expire = offset.expireTimestamp {
                    isExpired = current >= expire
                } else {
                    let base = group.protocolType != nil ? group.currentStateTimestamp : offset.commitTimestamp
                    isExpired = current - base >= config.offsetsRetentionMs
                }
                guard isExpired, let record = try? GroupCoordinatorRecords.offsetCommitTombstone(
                    group: groupId, topic: partition.topic, partition: partition.partition) else { continue }
                records.append(record)
                expired.append(partition)
            }
            let removesGroup = expired.count == committed.count
            if removesGroup, let tombstone = try? GroupCoordinatorRecords.groupMetadataTombstone(group: groupId) { records.append(tombstone) }
            guard !records.isEmpty, append(groupId, records) else { continue }
            for partition in expired { offsets[groupId]?[partition] = nil }
            if removesGroup {
                offsets[groupId] = nil
                groups[groupId] = nil
            }
            logger.info("[GroupCoordinator id=0] Removed \(expired.count) expired offsets of group \(groupId)")
        }
    }
}

/// The fields OffsetCommit and TxnOffsetCommit requests share, so one check serves both.
protocol OffsetCommitPartitionFields {
    var partitionIndex: Int32 { get }
    var committedOffset: Int64 { get }
    var committedLeaderEpoch: Int32 { get }
    var committedMetadata: String? { get }
}

protocol OffsetCommitTopicFields {
    associatedtype Partition: OffsetCommitPartitionFields
    var name: String { get }
    var partitions: [Partition] { get }
}

extension OffsetCommitRequest.OffsetCommitRequestPartition: OffsetCommitPartitionFields {}
extension OffsetCommitRequest.OffsetCommitRequestTopic: OffsetCommitTopicFields {}
extension TxnOffsetCommitRequest.TxnOffsetCommitRequestPartition: OffsetCommitPartitionFields {}
extension TxnOffsetCommitRequest.TxnOffsetCommitRequestTopic: OffsetCommitTopicFields {}
