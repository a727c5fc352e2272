/// The iteration order of a `java.util.HashMap`, for tools whose output follows it.
/// Entries are visited bucket by bucket (`(h ^ h >>> 16) & (capacity - 1)`); within a bucket in
/// insertion order. The capacity is the default 16, doubled while the size exceeds 3/4 of it.
public enum JavaHashOrder {
    /// `String.hashCode()` (over UTF-16 code units).
    public static func stringHash(_ text: String) -> Int32 {
        var hash: Int32 = 0
        for unit in text.utf16 { hash = hash &* 31 &+ Int32(unit) }
        return hash
    }

    /// `TopicPartition.hashCode()`.
    public static func topicPartitionHash(topic: String, partition: Int32) -> Int32 {
        (31 &* (31 &+ partition)) &+ stringHash(topic)
    }

    /// `items` in the order a HashMap filled in this order would iterate them. `initialCapacity`
    /// is the constructor argument (`new HashMap<>(n)`); without it the default 16.
    public static func ordered<T>(_ items: [T], initialCapacity: Int? = nil, hash: (T) -> Int32) -> [T] {
        var capacity = initialCapacity.map(tableSizeFor) ?? 16
        while items.count > capacity * 3 / 4 { capacity *= 2 }
        let mask = UInt32(capacity - 1)
        let indexed = items.enumerated().map { offset, item -> (bucket: UInt32, offset: Int, item: T) in
            let h = UInt32(bitPattern: hash(item))
            return ((h ^ (h >> 16)) & mask, offset, item)
        }
        return indexed.sorted { ($0.bucket, $0.offset) < ($1.bucket, $1.offset) }.map(\.item)
    }

    /// `HashMap.tableSizeFor`: the smallest power of two at least `capacity` (and at least 1).
    static func tableSizeFor(_ capacity: Int) -> Int {
        var size = 1
        while size < capacity { size *= 2 }
        return size
    }
}
