import KafkaProtocol

extension GroupCoordinator {
    /// TxnOffsetCommit (`OffsetMetadataManager.commitTransactionalOffset`): the offsets are
    /// written as a transactional batch of the producer and become committed offsets only when the
    /// transaction's COMMIT marker reaches the group's partition (`completeTransaction`).
    public func commitTransactionalOffsets(_ request: TxnOffsetCommitRequest) -> [(topic: String, partitions: [(Int32, ErrorCode)])] {
        func all(_ code: ErrorCode) -> [(topic: String, partitions: [(Int32, ErrorCode)])] {
            request.topics.map { topic in (topic.name, topic.partitions.map { ($0.partitionIndex, code) }) }
        }
        let groupId = request.groupId
        guard !groupId.isEmpty else { return all(.invalidGroupId) }
        if let error = ensureLoaded(group: groupId) { return all(error) }
        if groups[groupId] == nil {
            guard request.generationId < 0 else { return all(.illegalGeneration) }
            groups[groupId] = ClassicGroup(groupId: groupId, now: now)
        }
        guard let group = groups[groupId] else { return all(.illegalGeneration) }
        if let code = validateTransactionalOffsetCommit(group, memberId: request.memberId, instanceId: request.groupInstanceId,
                                                        generation: request.generationId) {
            return all(code)
        }
        let commitTime = now
        let (records, accepted, results) = offsetCommitRecords(groupId: groupId, topics: request.topics, commitTime: commitTime,
                                                               expire: nil)
        guard !records.isEmpty else { return results }
        do {
            try log.appendTransactional(partition: config.partition(for: groupId), records: records, timestamp: commitTime,
                                        producerId: request.producerId, producerEpoch: request.producerEpoch)
        } catch {
            logger.error("Failed to write the transactional offsets of group \(groupId) to __consumer_offsets: \(error)")
            return results.map { ($0.topic, $0.partitions.map { ($0.0, $0.1 == .noError ? .coordinatorNotAvailable : $0.1) }) }
        }
        for (partition, offset) in accepted {
            pendingTransactionalOffsets[request.producerId, default: [:]][groupId, default: [:]][partition] = offset
        }
        return results
    }

    /// `ClassicGroup.validateOffsetCommit` for a transactional commit: a simple (empty) group takes
    /// any commit with a negative generation; members must be current.
    func validateTransactionalOffsetCommit(_ group: ClassicGroup, memberId: String, instanceId: String?, generation: Int32) -> ErrorCode? {
        if group.state == .dead { return .coordinatorNotAvailable }
        if generation < 0 && group.state == .empty { return nil }
        if let code = validateMember(group, memberId: memberId, instanceId: instanceId) { return code }
        if generation != group.generationId { return .illegalGeneration }
        return nil
    }

    /// The transaction of `producerId` was decided in `__consumer_offsets` partition `partition`
    /// (its marker is written): committed offsets of the groups there are materialized, aborted
    /// ones dropped (`replayEndTransactionMarker`).
    public func completeTransaction(producerId: Int64, partition: Int32, committed: Bool) {
        guard var pending = pendingTransactionalOffsets[producerId] else { return }
        for (groupId, groupOffsets) in pending where config.partition(for: groupId) == partition {
            pending[groupId] = nil
            guard committed else { continue }
            if groups[groupId] == nil { groups[groupId] = ClassicGroup(groupId: groupId, now: now) }
            for (tp, offset) in groupOffsets { offsets[groupId, default: [:]][tp] = offset }
        }
        pendingTransactionalOffsets[producerId] = pending.isEmpty ? nil : pending
    }

    /// The offsets waiting for the transaction of `producerId` (tests, tools).
    public func pendingOffsets(producerId: Int64) -> [String: [TopicPartition: CommittedOffset]] {
        pendingTransactionalOffsets[producerId] ?? [:]
    }
}
