import KafkaProtocol
import KafkaStorage

/// A topic to create (`CreatableTopic`): -1 partitions / replication factor mean the broker default.
public struct TopicCreation: Sendable {
    public var name: String
    public var numPartitions: Int32
    public var replicationFactor: Int16
    /// Manual assignment: partition index → broker ids (then both counts must be -1).
    public var assignments: [(partition: Int32, brokers: [Int32])]
    public var configs: [(name: String, value: String?)]

    public init(name: String, numPartitions: Int32 = -1, replicationFactor: Int16 = -1,
                assignments: [(partition: Int32, brokers: [Int32])] = [], configs: [(name: String, value: String?)] = []) {
        self.name = name
        self.numPartitions = numPartitions
        self.replicationFactor = replicationFactor
        self.assignments = assignments
        self.configs = configs
    }
}

/// The outcome of one topic creation.
public struct TopicCreationResult: Sendable {
    public var name: String
    public var error: ApiError
    public var topicId: KafkaUUID = .zero
    public var numPartitions: Int32 = -1
    public var replicationFactor: Int16 = -1
    /// The topic's explicit configs after creation (for CreateTopics v5+ to describe).
    public var configs: [String: String] = [:]
}

extension QuorumController {
    /// Creates topics (`ReplicationControlManager.createTopics`). Each topic succeeds or fails alone.
    public func createTopics(_ topics: [TopicCreation], validateOnly: Bool) async -> [TopicCreationResult] {
        var results: [TopicCreationResult] = []
        var records: [VersionedMetadataRecord] = []
        var planned = image
        for topic in topics {
            switch plan(topic, in: planned) {
            case let .failure(error):
                results.append(TopicCreationResult(name: topic.name, error: error))
            case let .success(plan):
                for record in plan.records { planned.apply(record.record, offset: planned.offset) }
                if !validateOnly { records.append(contentsOf: plan.records) }
                results.append(plan.result)
            }
        }
        if !records.isEmpty {
            do {
                try await commit(records)
            } catch {
                logger.error("Unable to write topic records to the metadata log: \(error)")
                return results.map { TopicCreationResult(name: $0.name, error: $0.error.isSuccess ? ApiError(.unknownServerError, "\(error)") : $0.error) }
            }
        }
        return results
    }

    /// Creates an internal topic (e.g. `__consumer_offsets`) if it does not exist yet; returns the
    /// error if it cannot be created (e.g. replication factor above the number of brokers).
    public func ensureTopic(_ creation: TopicCreation) async -> ApiError {
        if image.topicsByName[creation.name] != nil { return .none }
        let result = await createTopics([creation], validateOnly: false).first
        guard let result else { return ApiError(.unknownServerError) }
        if result.error.code == .topicAlreadyExists { return .none }
        return result.error
    }

    /// Creates `__consumer_offsets` with `offsets.topic.*` settings (`GroupCoordinator` asks for it lazily).
    public func ensureConsumerOffsetsTopic() async -> ApiError {
        await ensureTopic(TopicCreation(
            name: InternalTopics.consumerOffsets, numPartitions: config.offsetsTopicNumPartitions,
            replicationFactor: config.offsetsTopicReplicationFactor,
            configs: [("cleanup.policy", "compact"), ("compression.type", "producer"),
                      ("segment.bytes", String(config.offsetsTopicSegmentBytes))]))
    }

    /// Creates `__transaction_state` with `transaction.state.log.*` settings.
    public func ensureTransactionStateTopic() async -> ApiError {
        await ensureTopic(TopicCreation(
            name: InternalTopics.transactionState, numPartitions: config.transactionStateLogNumPartitions,
            replicationFactor: config.transactionStateLogReplicationFactor,
            configs: [("cleanup.policy", "compact"), ("compression.type", "uncompressed"),
                      ("min.insync.replicas", String(config.transactionStateLogMinIsr)),
                      ("segment.bytes", String(config.transactionStateLogSegmentBytes))]))
    }

    struct TopicPlan {
        var records: [VersionedMetadataRecord]
        var result: TopicCreationResult
    }

    func plan(_ topic: TopicCreation, in image: MetadataImage) -> Result<TopicPlan, ApiError> {
        if let problem = TopicNameValidation.problem(with: topic.name) {
            return .failure(ApiError(.invalidTopicException, problem))
        }
        if image.topicsByName[topic.name] != nil {
            return .failure(ApiError(.topicAlreadyExists, "Topic '\(topic.name)' already exists."))
        }
        let key = TopicNameValidation.collisionKey(topic.name)
        if let existing = image.topicsByName.keys.first(where: { TopicNameValidation.collisionKey($0) == key }) {
            return .failure(ApiError(.invalidTopicException, "Topic '\(topic.name)' collides with existing topic: \(existing)"))
        }
        var configs: [String: String] = [:]
        for (name, value) in topic.configs {
            guard let def = TopicConfigDef.byName[name] else {
                return .failure(ApiError(.invalidConfig, "Unknown topic config name: \(name)"))
            }
            guard let value else {
                return .failure(ApiError(.invalidConfig, "Null value not supported for topic configs: \(name)"))
            }
            do { try def.validate(value) } catch { return .failure(ApiError(.invalidConfig, error.description)) }
            configs[name] = value
        }
        let brokers = image.liveBrokers.map(\.id)
        var assignment: [[Int32]] = []
        if !topic.assignments.isEmpty {
            if topic.numPartitions != -1 {
                return .failure(ApiError(.invalidRequest, "A manual partition assignment was specified, but numPartitions was not set to -1."))
            }
            if topic.replicationFactor != -1 {
                return .failure(ApiError(.invalidRequest, "A manual partition assignment was specified, but replicationFactor was not set to -1."))
            }
            let sorted = topic.assignments.sorted { $0.partition < $1.partition }
            for (index, entry) in sorted.enumerated() {
                guard entry.partition == Int32(index) else {
                    return .failure(ApiError(.invalidReplicaAssignment, "Partitions should be a consecutive 0-based integer sequence, but got \(sorted.map { String($0.partition) }.joined(separator: ", "))."))
                }
                if let problem = Self.assignmentProblem(entry.brokers, partition: entry.partition, live: brokers) {
                    return .failure(problem)
                }
                assignment.append(entry.brokers)
            }
        } else {
            let partitions = topic.numPartitions == -1 ? config.numPartitions : topic.numPartitions
            let factor = topic.replicationFactor == -1 ? config.defaultReplicationFactor : topic.replicationFactor
            if partitions <= 0 {
                return .failure(ApiError(.invalidPartitions, "Number of partitions was set to an invalid non-positive value."))
            }
            if factor <= 0 {
                return .failure(ApiError(.invalidReplicationFactor, "Replication factor must be larger than 0, or -1 to use the default value."))
            }
            if Int(factor) > brokers.count {
                return .failure(ApiError(.invalidReplicationFactor, "Unable to replicate the partition \(factor) time(s): The target replication factor of \(factor) cannot be reached because only \(brokers.count) broker(s) are registered."))
            }
            assignment = Self.placeReplicas(partitions: partitions, replicationFactor: factor, brokers: brokers,
                                            startPartition: 0, seed: image.topicsByName.count)
        }

        var topicId = KafkaUUID.random()
        while topicId.description.hasPrefix("-") || topicId == MetadataLog.topicId || topicId == .zero { topicId = KafkaUUID.random() }
        var records: [VersionedMetadataRecord] = []
        var topicRecord = TopicRecord()
        topicRecord.name = topic.name
        topicRecord.topicId = topicId
        records.append(.init(topicRecord, version: 0))
        for (name, value) in configs.sorted(by: { $0.key < $1.key }) {
            var record = ConfigRecord()
            record.resourceType = ConfigResource.ResourceType.topic.rawValue
            record.resourceName = topic.name
            record.name = name
            record.value = value
            records.append(.init(record, version: 0))
        }
        for (index, replicas) in assignment.enumerated() {
            records.append(partitionRecord(topicId: topicId, partition: Int32(index), replicas: replicas, image: image))
        }
        var result = TopicCreationResult(name: topic.name, error: .none)
        result.topicId = topicId
        result.numPartitions = Int32(assignment.count)
        result.replicationFactor = Int16(assignment.first?.count ?? 0)
        result.configs = configs
        return .success(TopicPlan(records: records, result: result))
    }

    func partitionRecord(topicId: KafkaUUID, partition: Int32, replicas: [Int32], image: MetadataImage) -> VersionedMetadataRecord {
        var record = PartitionRecord()
        record.partitionId = partition
        record.topicId = topicId
        record.replicas = replicas
        record.isr = replicas
        record.leader = replicas.first ?? -1
        record.leaderEpoch = 0
        record.partitionEpoch = 0
        // A broker with one log dir gets its partitions assigned to it directly; with several,
        // the directory is left unassigned for the broker to choose (`DirectoryId.UNASSIGNED`).
        record.directories = replicas.map { id in
            guard let dirs = image.brokers[id]?.logDirs, dirs.count == 1 else { return .zero }
            return dirs[0]
        }
        return .init(record, version: Self.partitionRecordVersion(image))
    }

    static func partitionRecordVersion(_ image: MetadataImage) -> Int16 {
        guard let mv = image.metadataVersion else { return 0 }
        if mv.isElrSupported { return 2 }
        if mv.isDirectoryAssignmentSupported { return 1 }
        return 0
    }

    static func assignmentProblem(_ replicas: [Int32], partition: Int32, live: [Int32]) -> ApiError? {
        if replicas.isEmpty {
            return ApiError(.invalidReplicaAssignment, "The manual partition assignment includes an empty replica list.")
        }
        if Set(replicas).count != replicas.count {
            return ApiError(.invalidReplicaAssignment, "The manual partition assignment includes the broker \(replicas.first { id in replicas.filter { $0 == id }.count > 1 } ?? -1) more than once.")
        }
        for id in replicas where !live.contains(id) {
            return ApiError(.invalidReplicaAssignment, "The manual partition assignment includes broker \(id), but no such broker is registered.")
        }
        return nil
    }

    /// Round-robin placement over the live brokers (`StripedReplicaPlacer` without racks).
    static func placeReplicas(partitions: Int32, replicationFactor: Int16, brokers: [Int32], startPartition: Int32, seed: Int) -> [[Int32]] {
        guard !brokers.isEmpty else { return [] }
        let n = brokers.count
        return (0..<Int(partitions)).map { p in
            (0..<Int(replicationFactor)).map { r in brokers[(seed + Int(startPartition) + p + r) % n] }
        }
    }
}
