import KafkaProtocol

extension QuorumController {
    /// Preferred (0) or unclean (1) leader election (`ReplicationControlManager.electLeaders`).
    /// `partitions` nil means every partition; then partitions that need no election are left out.
    public func electLeaders(electionType: Int8, partitions: [TopicPartition]?) async -> [(TopicPartition, ApiError)] {
        let all = partitions == nil
        let targets = partitions ?? image.topicsByName.keys.sorted().flatMap { name in
            (image.topicsByName[name]?.partitionIds ?? []).map { TopicPartition(topic: name, partition: $0) }
        }
        let live = Set(image.liveBrokers.map(\.id))
        var results: [(TopicPartition, ApiError)] = []
        var records: [VersionedMetadataRecord] = []
        for tp in targets {
            guard let topic = image.topicsByName[tp.topic] else {
                results.append((tp, ApiError(.unknownTopicOrPartition, "No such topic as \(tp.topic)")))
                continue
            }
            guard let partition = topic.partitions[tp.partition] else {
                results.append((tp, ApiError(.unknownTopicOrPartition, "No such partition as \(tp)")))
                continue
            }
            let preferred = partition.replicas.first ?? -1
            let hasLeader = partition.leader != -1 && live.contains(partition.leader)
            if (electionType == 0 && partition.leader == preferred) || (electionType == 1 && hasLeader) {
                if !all { results.append((tp, ApiError(.electionNotNeeded))) }
                continue
            }
            let candidate: Int32? = electionType == 0
                ? (partition.isr.contains(preferred) && live.contains(preferred) ? preferred : nil)
                : partition.replicas.first { live.contains($0) }
            guard let leader = candidate else {
                results.append((tp, ApiError(.preferredLeaderNotAvailable, "Failed to elect leader for partition \(tp) under strategy \(electionType == 0 ? "PreferredReplicaPartitionLeaderElectionStrategy" : "UncleanPartitionLeaderElectionStrategy")")))
                continue
            }
            var record = PartitionChangeRecord()
            record.topicId = topic.id
            record.partitionId = tp.partition
            record.leader = leader
            if !partition.isr.contains(leader) { record.isr = [leader] }
            records.append(.init(record, version: Self.partitionRecordVersion(image) == 2 ? 2 : 0))
            results.append((tp, .none))
        }
        do { try await commit(records) } catch {
            results = results.map { $0.1.isSuccess ? ($0.0, ApiError(.unknownServerError, "\(error)")) : $0 }
        }
        return results
    }

    /// Moves a partition to `replicas` (`AlterPartitionReassignments`). Replicas are on live
    /// brokers of this cluster, so the move completes at once; nil cancels (nothing is ever in
    /// progress).
    public func reassignPartition(_ tp: TopicPartition, replicas: [Int32]?) async -> ApiError {
        guard let topic = image.topicsByName[tp.topic], let partition = topic.partitions[tp.partition] else {
            return ApiError(.unknownTopicOrPartition)
        }
        guard let replicas else { return ApiError(.noReassignmentInProgress) }
        if let problem = Self.assignmentProblem(replicas, partition: tp.partition, live: image.liveBrokers.map(\.id)) {
            return problem
        }
        if replicas == partition.replicas { return .none }
        var record = PartitionChangeRecord()
        record.topicId = topic.id
        record.partitionId = tp.partition
        record.replicas = replicas
        record.isr = replicas
        if replicas.first != partition.leader { record.leader = replicas.first ?? -1 }
        record.directories = replicas.map { id in
            guard let dirs = image.brokers[id]?.logDirs, dirs.count == 1 else { return .zero }
            return dirs[0]
        }
        do { try await commit([.init(record, version: Self.partitionRecordVersion(image) == 2 ? 2 : 1)]) } catch {
            return ApiError(.unknownServerError, "\(error)")
        }
        return .none
    }
}
