import KafkaProtocol

extension QuorumController {
    /// Deletes topics by id (`ReplicationControlManager.deleteTopics`); unknown ids get
    /// UNKNOWN_TOPIC_ID. Deletion removes the topic and its configs in one record.
    public func deleteTopics(ids: [KafkaUUID]) async -> [KafkaUUID: ApiError] {
        var results: [KafkaUUID: ApiError] = [:]
        var records: [VersionedMetadataRecord] = []
        if !config.deleteTopicEnable {
            for id in ids { results[id] = ApiError(.topicDeletionDisabled, "Topic deletion is disabled.") }
            return results
        }
        for id in ids where results[id] == nil {
            guard image.topicNamesById[id] != nil else {
                results[id] = ApiError(.unknownTopicId)
                continue
            }
            var record = RemoveTopicRecord()
            record.topicId = id
            records.append(.init(record, version: 0))
            results[id] = ApiError.none
        }
        do {
            try await commit(records)
        } catch {
            for id in ids where results[id]?.isSuccess == true { results[id] = ApiError(.unknownServerError, "\(error)") }
        }
        return results
    }

    /// Adds partitions (`ReplicationControlManager.createPartitions`).
    public func createPartitions(topic name: String, count: Int32, assignments: [[Int32]]?, validateOnly: Bool) async -> ApiError {
        guard let topic = image.topicsByName[name] else {
            return ApiError(.unknownTopicOrPartition, "This server does not host this topic-partition.")
        }
        let current = Int32(topic.partitions.count)
        if count < current {
            return ApiError(.invalidPartitions, "The topic \(name) currently has \(current) partition(s); \(count) would not be an increase.")
        }
        if count == current {
            return ApiError(.invalidPartitions, "Topic already has \(current) partition(s).")
        }
        let brokers = image.liveBrokers.map(\.id)
        let factor = Int16(topic.partitions[0]?.replicas.count ?? 1)
        var newAssignments: [[Int32]]
        if let assignments {
            guard Int32(assignments.count) == count - current else {
                return ApiError(.invalidReplicaAssignment, "Attempted to add \(count - current) additional partition(s), but only \(assignments.count) assignment(s) were specified.")
            }
            for (index, replicas) in assignments.enumerated() {
                if let problem = Self.assignmentProblem(replicas, partition: current + Int32(index), live: brokers) { return problem }
            }
            newAssignments = assignments
        } else {
            if Int(factor) > brokers.count {
                return ApiError(.invalidReplicationFactor, "Unable to replicate the partition \(factor) time(s): The target replication factor of \(factor) cannot be reached because only \(brokers.count) broker(s) are registered.")
            }
            newAssignments = Self.placeReplicas(partitions: count - current, replicationFactor: factor, brokers: brokers,
                                                startPartition: current, seed: 0)
        }
        if validateOnly { return .none }
        let records = newAssignments.enumerated().map { index, replicas in
            partitionRecord(topicId: topic.id, partition: current + Int32(index), replicas: replicas, image: image)
        }
        do { try await commit(records) } catch { return ApiError(.unknownServerError, "\(error)") }
        return .none
    }
}
