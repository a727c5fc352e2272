import KafkaProtocol

extension KafkaAdminClient {
    /// The ListOffsets request for partitions led by one broker.
    public static func listOffsetsRequest(_ specs: [TopicPartition: OffsetSpec], isolationLevel: Int8, timeoutMs: Int32) -> ListOffsetsRequest {
        var request = ListOffsetsRequest()
        request.replicaId = -1
        request.isolationLevel = isolationLevel
        request.timeoutMs = timeoutMs
        request.topics = specs.keys.groupedByTopic().map { topic, partitions in
            var entry = ListOffsetsRequest.ListOffsetsTopic()
            entry.name = topic
            entry.partitions = partitions.sorted().map { tp in
                var partition = ListOffsetsRequest.ListOffsetsPartition()
                partition.partitionIndex = tp.partition
                partition.currentLeaderEpoch = -1
                partition.timestamp = specs[tp]?.timestamp ?? -1
                return partition
            }
            return entry
        }
        return request
    }

    /// Offsets by spec, one request per partition leader. `isolationLevel` 0 read_uncommitted, 1 read_committed.
    public func listOffsets(_ specs: [TopicPartition: OffsetSpec], isolationLevel: Int8 = 0) async throws -> [TopicPartition: Result<ListOffsetsResultInfo, KafkaError>] {
        try await cluster.listOffsets(specs, isolationLevel: isolationLevel, timeoutMs: timeoutMs)
    }

    /// DeleteRecords: returns the new low watermark per partition.
    public func deleteRecords(_ beforeOffsets: [TopicPartition: Int64]) async throws -> [TopicPartition: Result<Int64, KafkaError>] {
        var results: [TopicPartition: Result<Int64, KafkaError>] = [:]
        let timeout = timeoutMs
        for (partition, offset) in beforeOffsets {
            do {
                results[partition] = .success(try await cluster.request(.leader(partition), build: { _ in
                    var request = DeleteRecordsRequest()
                    request.timeoutMs = timeout
                    var topic = DeleteRecordsRequest.DeleteRecordsTopic()
                    topic.name = partition.topic
                    var entry = DeleteRecordsRequest.DeleteRecordsPartition()
                    entry.partitionIndex = partition.partition
                    entry.offset = offset
                    topic.partitions = [entry]
                    request.topics = [topic]
                    return request
                }) { response, _ in
                    guard let entry = response.topics.first?.partitions.first else {
                        throw KafkaError.broker(.unknownTopicOrPartition, message: nil)
                    }
                    try KafkaError.check(entry.errorCode)
                    return entry.lowWatermark
                })
            } catch let error as KafkaError where error.errorCode != nil {
                results[partition] = .failure(error)
            }
        }
        return results
    }

    /// DescribeLogDirs on each broker in `brokers`; `partitions` nil means all.
    public func describeLogDirs(brokers: [Int32], partitions: [TopicPartition]? = nil) async throws -> [Int32: [LogDirDescription]] {
        var results: [Int32: [LogDirDescription]] = [:]
        for broker in brokers {
            results[broker] = try await cluster.request(.node(broker), build: { _ in
                var request = DescribeLogDirsRequest()
                request.topics = partitions?.groupedByTopic().map { topic, partitions in
                    var entry = DescribeLogDirsRequest.DescribableLogDirTopic()
                    entry.topic = topic
                    entry.partitions = partitions.map(\.partition)
                    return entry
                }
                return request
            }) { response, _ in
                try KafkaError.check(response.errorCode)
                return response.results.map { dir in
                    var replicas: [TopicPartition: LogDirDescription.ReplicaInfo] = [:]
                    for topic in dir.topics {
                        for partition in topic.partitions {
                            replicas[TopicPartition(topic.name, partition.partitionIndex)] = .init(
                                size: partition.partitionSize, offsetLag: partition.offsetLag, isFuture: partition.isFutureKey)
                        }
                    }
                    return LogDirDescription(
                        path: dir.logDir, error: dir.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: dir.errorCode), message: nil),
                        replicas: replicas, totalBytes: dir.totalBytes < 0 ? nil : dir.totalBytes,
                        usableBytes: dir.usableBytes < 0 ? nil : dir.usableBytes)
                }
            }
        }
        return results
    }

    /// ElectLeaders; `electionType` 0 preferred, 1 unclean. `partitions` nil means all.
    public func electLeaders(electionType: Int8, partitions: [TopicPartition]?) async throws -> [TopicPartition: KafkaError?] {
        let ordered = try await electLeadersInResponseOrder(electionType: electionType, partitions: partitions)
        return Dictionary(ordered, uniquingKeysWith: { _, last in last })
    }

    /// AlterPartitionReassignments; a nil replica list cancels that partition's reassignment.
    public func alterPartitionReassignments(_ reassignments: [TopicPartition: [Int32]?]) async throws -> [TopicPartition: KafkaError?] {
        let timeout = timeoutMs
        return try await cluster.request(.controller, build: { _ in
            var request = AlterPartitionReassignmentsRequest()
            request.timeoutMs = timeout
            request.topics = reassignments.keys.groupedByTopic().map { topic, partitions in
                var entry = AlterPartitionReassignmentsRequest.ReassignableTopic()
                entry.name = topic
                entry.partitions = partitions.sorted().map { tp in
                    var partition = AlterPartitionReassignmentsRequest.ReassignablePartition()
                    partition.partitionIndex = tp.partition
                    partition.replicas = reassignments[tp] ?? nil
                    return partition
                }
                return entry
            }
            return request
        }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
            var results: [TopicPartition: KafkaError?] = [:]
            for topic in response.responses {
                for partition in topic.partitions {
                    results[TopicPartition(topic.name, partition.partitionIndex)] =
                        partition.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: partition.errorCode), message: partition.errorMessage)
                }
            }
            return results
        }
    }

    public struct PartitionReassignment: Sendable, Hashable {
        public var replicas: [Int32]
        public var addingReplicas: [Int32]
        public var removingReplicas: [Int32]
    }

    public func listPartitionReassignments(_ partitions: [TopicPartition]? = nil) async throws -> [TopicPartition: PartitionReassignment] {
        let timeout = timeoutMs
        return try await cluster.request(.controller, build: { _ in
            var request = ListPartitionReassignmentsRequest()
            request.timeoutMs = timeout
            request.topics = partitions?.groupedByTopic().map { topic, partitions in
                var entry = ListPartitionReassignmentsRequest.ListPartitionReassignmentsTopics()
                entry.name = topic
                entry.partitionIndexes = partitions.map(\.partition)
                return entry
            }
            return request
        }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
            var results: [TopicPartition: PartitionReassignment] = [:]
            for topic in response.topics {
                for partition in topic.partitions {
                    results[TopicPartition(topic.name, partition.partitionIndex)] = PartitionReassignment(
                        replicas: partition.replicas, addingReplicas: partition.addingReplicas, removingReplicas: partition.removingReplicas)
                }
            }
            return results
        }
    }

    public struct ProducerState: Sendable, Hashable {
        public var producerId: Int64
        public var producerEpoch: Int32
        public var lastSequence: Int32
        public var lastTimestamp: Int64
        public var coordinatorEpoch: Int32
        public var currentTxnStartOffset: Int64
    }

    /// DescribeProducers at each partition's leader.
    public func describeProducers(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Result<[ProducerState], KafkaError>] {
        var results: [TopicPartition: Result<[ProducerState], KafkaError>] = [:]
        for tp in partitions {
            do {
                results[tp] = .success(try await cluster.request(.leader(tp), build: { _ in
                    var request = DescribeProducersRequest()
                    var topic = DescribeProducersRequest.TopicRequest()
                    topic.name = tp.topic
                    topic.partitionIndexes = [tp.partition]
                    request.topics = [topic]
                    return request
                }) { response, _ in
                    guard let entry = response.topics.first?.partitions.first else {
                        throw KafkaError.broker(.unknownTopicOrPartition, message: nil)
                    }
                    try KafkaError.check(entry.errorCode, entry.errorMessage)
                    return entry.activeProducers.map {
                        ProducerState(producerId: $0.producerId, producerEpoch: $0.producerEpoch, lastSequence: $0.lastSequence,
                                      lastTimestamp: $0.lastTimestamp, coordinatorEpoch: $0.coordinatorEpoch,
                                      currentTxnStartOffset: $0.currentTxnStartOffset)
                    }
                })
            } catch let error as KafkaError where error.errorCode != nil {
                results[tp] = .failure(error)
            }
        }
        return results
    }
}
