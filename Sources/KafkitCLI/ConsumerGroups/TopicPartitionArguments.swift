import KafkaClient

/// `--topic` values of reset-offsets / delete-offsets: `topic` or `topic:0,2`.
enum TopicPartitionArguments {
    /// `parseTopicsWithPartitions`, with Kafka's messages (including its doubled quote).
    static func parse(_ argument: String) throws(ConsumerGroupUsageFailure) -> [TopicPartition] {
        // Java's `split(":")` drops trailing empty strings.
        var parts = argument.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        guard parts.count == 2 else {
            throw ConsumerGroupUsageFailure(message: "Invalid topic arg '\(argument)', expected topic name and partitions")
        }
        var partitions = parts[1].split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        while partitions.count > 1, partitions.last?.isEmpty == true { partitions.removeLast() }
        return try partitions.map { (text: String) throws(ConsumerGroupUsageFailure) -> TopicPartition in
            guard let number = Int32(text) else {
                throw ConsumerGroupUsageFailure(message: "Invalid partition '\(text)' specified in topic arg '\(argument)''")
            }
            return TopicPartition(parts[0], number)
        }
    }
}
