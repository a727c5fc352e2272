import KafkaClient
import KafkaStorage

/// The lines `LeaderElectionCommand.electLeaders` prints for an ElectLeaders answer: successes,
/// partitions that needed no election, then one line per failure. Each group is printed in the
/// iteration order of the Java `HashSet`/`HashMap` Kafka collects it in, filled while iterating
/// the admin client's result `HashMap`.
struct ElectionOutcome {
    let type: LeaderElectionCommand.ElectionType
    let succeeded: [TopicPartition]
    let noop: [TopicPartition]
    let failed: [(TopicPartition, KafkaError)]

    init(type: LeaderElectionCommand.ElectionType, results: [(TopicPartition, KafkaError?)]) {
        self.type = type
        let hash = { (tp: TopicPartition) in JavaHashOrder.topicPartitionHash(topic: tp.topic, partition: tp.partition) }
        var seen = Set<TopicPartition>()
        let unique = results.filter { seen.insert($0.0).inserted }
        let inMapOrder = JavaHashOrder.ordered(unique, hash: { hash($0.0) })
        var succeeded: [TopicPartition] = []
        var noop: [TopicPartition] = []
        var failed: [(TopicPartition, KafkaError)] = []
        for (partition, error) in inMapOrder {
            if let error {
                if error.errorCode == .electionNotNeeded { noop.append(partition) } else { failed.append((partition, error)) }
            } else {
                succeeded.append(partition)
            }
        }
        self.succeeded = JavaHashOrder.ordered(succeeded, hash: hash)
        self.noop = JavaHashOrder.ordered(noop, hash: hash)
        self.failed = JavaHashOrder.ordered(failed, hash: { hash($0.0) })
    }

    var lines: [String] {
        var lines: [String] = []
        if !succeeded.isEmpty {
            lines.append("Successfully completed leader election (\(type.name)) for partitions " + succeeded.map(\.description).joined(separator: ", "))
        }
        if !noop.isEmpty {
            lines.append("Valid replica already elected for partitions " + noop.map(\.description).joined(separator: ", "))
        }
        for (partition, error) in failed {
            lines.append("Error completing leader election (\(type.name)) for partition: \(partition): \(JavaErrorText.describe(error))")
        }
        return lines
    }
}
