import KafkaProtocol

/// One replica of a partition on one broker (Kafka's `TopicPartitionReplica`).
public struct TopicPartitionReplica: Sendable, Hashable, CustomStringConvertible {
    public var topic: String
    public var partition: Int32
    public var brokerId: Int32

    public init(topic: String, partition: Int32, brokerId: Int32) {
        self.topic = topic
        self.partition = partition
        self.brokerId = brokerId
    }

    public var topicPartition: TopicPartition { TopicPartition(topic, partition) }

    /// `TopicPartitionReplica.toString()`: `topic-partition-broker`.
    public var description: String { "\(topic)-\(partition)-\(brokerId)" }
}

/// Where a replica lives on its broker (`DescribeReplicaLogDirsResult.ReplicaLogDirInfo`).
public struct ReplicaLogDirInfo: Sendable, Hashable {
    /// The directory holding the replica; nil when no live directory has it.
    public var currentReplicaLogDir: String?
    public var currentReplicaOffsetLag: Int64
    /// The directory the replica is being copied to, if a move is in progress.
    public var futureReplicaLogDir: String?
    public var futureReplicaOffsetLag: Int64

    public init(currentReplicaLogDir: String?, currentReplicaOffsetLag: Int64, futureReplicaLogDir: String?, futureReplicaOffsetLag: Int64) {
        self.currentReplicaLogDir = currentReplicaLogDir
        self.currentReplicaOffsetLag = currentReplicaOffsetLag
        self.futureReplicaLogDir = futureReplicaLogDir
        self.futureReplicaOffsetLag = futureReplicaOffsetLag
    }
}

extension KafkaAdminClient {
    /// AlterReplicaLogDirs, one request per broker: asks each broker to move its replica of a
    /// partition to the given log directory. Per-replica errors are returned; a broker that does
    /// not support the API (or cannot be reached) fails all of its replicas with that error.
    public func alterReplicaLogDirs(_ assignment: [TopicPartitionReplica: String]) async -> [TopicPartitionReplica: KafkaError?] {
        var results: [TopicPartitionReplica: KafkaError?] = [:]
        let byBroker = Dictionary(grouping: assignment.keys, by: \.brokerId)
        for broker in byBroker.keys.sorted() {
            let replicas = byBroker[broker] ?? []
            let byDir = Dictionary(grouping: replicas) { assignment[$0] ?? "" }
            var request = AlterReplicaLogDirsRequest()
            request.dirs = byDir.keys.sorted().map { path in
                var dir = AlterReplicaLogDirsRequest.AlterReplicaLogDir()
                dir.path = path
                dir.topics = (byDir[path] ?? []).map(\.topicPartition).groupedByTopic().map { topic, partitions in
                    var entry = AlterReplicaLogDirsRequest.AlterReplicaLogDirTopic()
                    entry.name = topic
                    entry.partitions = partitions.map(\.partition).sorted()
                    return entry
                }
                return dir
            }
            let built = request
            do {
                let answered: [TopicPartition: KafkaError?] = try await cluster.request(.node(broker), build: { _ in built }) { response, _ in
                    var errors: [TopicPartition: KafkaError?] = [:]
                    for topic in response.results {
                        for partition in topic.partitions {
                            errors[TopicPartition(topic.topicName, partition.partitionIndex)] =
                                partition.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: partition.errorCode), message: nil)
                        }
                    }
                    return errors
                }
                for replica in replicas {
                    // A replica the broker left out of its answer did not move (the Java client
                    // reports such a future as failed too).
                    results[replica] = answered[replica.topicPartition] ?? KafkaError.broker(.unknownServerError, message: "The server did not answer for this replica")
                }
            } catch {
                let failure = error as? KafkaError ?? KafkaError.connectionClosed("\(error)")
                for replica in replicas { results[replica] = failure }
            }
        }
        return results
    }

    /// `describeReplicaLogDirs`: DescribeLogDirs on each replica's broker, reporting which
    /// directory holds the replica and which (if any) it is being moved to. As in the Java
    /// client every replica gets an answer; one no live directory holds has no current dir.
    public func describeReplicaLogDirs(_ replicas: [TopicPartitionReplica]) async throws -> [TopicPartitionReplica: ReplicaLogDirInfo] {
        var results: [TopicPartitionReplica: ReplicaLogDirInfo] = [:]
        let byBroker = Dictionary(grouping: replicas, by: \.brokerId)
        for broker in byBroker.keys.sorted() {
            let wanted = byBroker[broker] ?? []
            let dirs = try await describeLogDirs(brokers: [broker], partitions: wanted.map(\.topicPartition))[broker] ?? []
            for replica in wanted {
                var info = ReplicaLogDirInfo(currentReplicaLogDir: nil, currentReplicaOffsetLag: -1, futureReplicaLogDir: nil, futureReplicaOffsetLag: -1)
                for dir in dirs where dir.error == nil {
                    guard let hosted = dir.replicas[replica.topicPartition] else { continue }
                    if hosted.isFuture {
                        info.futureReplicaLogDir = dir.path
                        info.futureReplicaOffsetLag = hosted.offsetLag
                    } else {
                        info.currentReplicaLogDir = dir.path
                        info.currentReplicaOffsetLag = hosted.offsetLag
                    }
                }
                results[replica] = info
            }
        }
        return results
    }
}
