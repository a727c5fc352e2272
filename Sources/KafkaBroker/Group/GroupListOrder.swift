import KafkaStorage

/// The order of Kafka 4.0's ListGroups answer. `GroupCoordinatorService.listGroups` asks every
/// coordinator shard (one per `__consumer_offsets` partition) in the iteration order of the
/// runtime's `ConcurrentHashMap<TopicPartition, …>`, and appends each shard's groups in the
/// iteration order of its `TimelineHashMap` (`BaseHashTable`: Fibonacci hashing of the group id's
/// hash code into the table's current slots, slots in order, a slot's groups in insertion order —
/// a rehash walks the old slots in order and each new slot is fed by one old slot, so it keeps it).
enum GroupListOrder {
    /// `groupIds` in insertion order; `partitionFor` gives a group's shard, `shards` the hosted
    /// ones, `slots` a shard's table size (by default what adding the groups to a new table gives).
    static func ordered(
        _ groupIds: [String], shards: [Int32], partitionFor: (String) -> Int32, slots: ((Int32) -> Int)? = nil
    ) -> [String] {
        let byShard = Dictionary(grouping: groupIds, by: partitionFor)
        let shardOrder = JavaHashOrder.ordered(shards.sorted(), table: .properties) { partition in
            JavaHashOrder.topicPartitionHash(topic: InternalTopics.consumerOffsets, partition: partition)
        }
        return shardOrder.flatMap { shard in
            let keys = byShard[shard] ?? []
            return timelineHashMapOrder(keys, slots: slots?(shard) ?? slotsAfterAdding(keys.count))
        }
    }

    /// The slots of a new table after `count` adds.
    static func slotsAfterAdding(_ count: Int) -> Int {
        var table = BaseHashTableSize()
        for _ in 0..<count { table.add(new: true) }
        return table.slots
    }

    /// `BaseHashTable` iteration order of `keys` (in insertion order) in a table of `slots` slots:
    /// `findSlot` takes the top log2(slots) bits of `hashCode * -7046029254386353131L`.
    static func timelineHashMapOrder(_ keys: [String], slots: Int? = nil) -> [String] {
        let bits = UInt64((slots ?? slotsAfterAdding(keys.count)).trailingZeroBitCount)
        return keys.enumerated()
            .map { index, key -> (slot: UInt64, index: Int, key: String) in
                let hash = Int64(JavaHashOrder.hashCode(key))
                let mixed = UInt64(bitPattern: hash &* -7_046_029_254_386_353_131)
                return (bits == 0 ? 0 : mixed >> (64 - bits), index, key)
            }
            .sorted { ($0.slot, $0.index) < ($1.slot, $1.index) }
            .map(\.key)
    }
}
