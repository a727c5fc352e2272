import KafkaStorage

/// The order of Kafka 4.0's ListGroups answer. `GroupCoordinatorService.listGroups` asks every
/// coordinator shard (one per `__consumer_offsets` partition) in the iteration order of the
/// runtime's `ConcurrentHashMap<TopicPartition, …>`, and appends each shard's groups in the
/// iteration order of its `TimelineHashMap` (`BaseHashTable`: Fibonacci hashing of the group id's
/// hash code, slots in order, a slot's groups in insertion order).
enum GroupListOrder {
    /// `groupIds` in insertion order; `partitionFor` gives a group's shard, `shards` the hosted ones.
    static func ordered(_ groupIds: [String], shards: [Int32], partitionFor: (String) -> Int32) -> [String] {
        let byShard = Dictionary(grouping: groupIds, by: partitionFor)
        let shardOrder = JavaHashOrder.ordered(shards.sorted(), table: .properties) { partition in
            JavaHashOrder.topicPartitionHash(topic: InternalTopics.consumerOffsets, partition: partition)
        }
        return shardOrder.flatMap { shard in timelineHashMapOrder(byShard[shard] ?? []) }
    }

    /// `BaseHashTable` iteration order of keys added in this order (it starts with 2 slots and
    /// doubles before an add would take the load above 3/4).
    static func timelineHashMapOrder(_ keys: [String]) -> [String] {
        var slots = 2
        for count in 1...max(keys.count, 1) where Double(count) * 0.75 > Double(slots) { slots *= 2 }
        let bits = UInt64(slots.trailingZeroBitCount)
        return keys.enumerated()
            .map { index, key -> (slot: UInt64, index: Int, key: String) in
                let hash = Int64(JavaHashOrder.hashCode(key))
                let mixed = UInt64(bitPattern: hash &* -7_046_029_254_386_353_131)
                return (mixed >> (64 - bits), index, key)
            }
            .sorted { ($0.slot, $0.index) < ($1.slot, $1.index) }
            .map(\.key)
    }
}
