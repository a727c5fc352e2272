import Foundation
import KafkaClient
import KafkaStorage

/// The `--path-to-json-file` format: `{"partitions":[{"topic":"foo","partition":1}, …]}`
/// (`LeaderElectionCommand.parseReplicaElectionData`, with its messages).
enum ReplicaElectionData {
    static func parse(path: String) throws -> [TopicPartition] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LeaderElectionCommand.Failure(className: "java.lang.RuntimeException", message: "java.nio.file.NoSuchFileException: \(path)")
        }
        return try parse(data)
    }

    /// The partitions, without duplicates (Kafka returns a `HashSet`; its order is irrelevant to
    /// the request).
    static func parse(_ data: Data) throws -> [TopicPartition] {
        guard !data.isEmpty, let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw LeaderElectionCommand.Failure(className: LeaderElectionCommand.Failure.adminOperation, message: "Replica election data is empty")
        }
        do {
            guard let object = root as? [String: Any] else {
                throw mapping("Expected JSON object, received \(DeleteRecordsJson.kind(root))")
            }
            guard let list = object["partitions"] else {
                throw LeaderElectionCommand.Failure(className: LeaderElectionCommand.Failure.adminOperation, message: "Replica election data is missing \"partitions\" field")
            }
            guard let entries = list as? [Any] else {
                throw mapping("Expected JSON array, received \(DeleteRecordsJson.kind(list))")
            }
            var partitions: [TopicPartition] = []
            for entry in entries {
                guard let fields = entry as? [String: Any] else {
                    throw mapping("Expected JSON object, received \(DeleteRecordsJson.kind(entry))")
                }
                let topic = try DeleteRecordsJson.string(try DeleteRecordsJson.field(fields, "topic"), "topic")
                let partition = try DeleteRecordsJson.integer(try DeleteRecordsJson.field(fields, "partition"), "partition")
                partitions.append(TopicPartition(topic, Int32(partition)))
            }
            var counts: [TopicPartition: Int] = [:]
            for partition in partitions { counts[partition, default: 0] += 1 }
            var seen = Set<TopicPartition>()
            let unique = partitions.filter { seen.insert($0).inserted }
            let duplicates = unique.filter { (counts[$0] ?? 0) > 1 }
            if !duplicates.isEmpty {
                let shown = JavaHashOrder.ordered(duplicates, hash: { JavaHashOrder.topicPartitionHash(topic: $0.topic, partition: $0.partition) })
                throw LeaderElectionCommand.Failure(
                    className: LeaderElectionCommand.Failure.adminOperation,
                    message: "Replica election data contains duplicate partitions: [" + shown.map(\.description).joined(separator: ", ") + "]")
            }
            return unique
        } catch let uncaught as UncaughtJavaException {
            // Kafka wraps the JsonMappingException in a RuntimeException.
            throw LeaderElectionCommand.Failure(className: "java.lang.RuntimeException", message: uncaught.description)
        }
    }

    static func mapping(_ message: String) -> UncaughtJavaException {
        UncaughtJavaException(className: DeleteRecordsJson.jsonMappingException, message: message)
    }
}
