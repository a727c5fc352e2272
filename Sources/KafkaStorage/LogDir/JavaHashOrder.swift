/// The iteration order of Java's hash tables. Kafka writes some files and prints some lists by
/// iterating a `Properties` (a `ConcurrentHashMap` inside) or a `HashMap`, so matching its bytes
/// means iterating the way those tables do: by bucket index `(h ^ h >>> 16) & (n - 1)` of the
/// key's hash code, then by insertion order. (Bins that Java treeifies or reorders while resizing
/// need 8+ colliding keys; Kafka's small tables never have them.)
public enum JavaHashOrder {
    /// Which Java table the order imitates; they grow at slightly different sizes.
    public enum Table: Sendable {
        /// `new Properties()` (Java 9+): a `ConcurrentHashMap(8)`, 16 buckets, grows when the
        /// count reaches 3/4 of the buckets.
        case properties
        /// `new HashMap<>()`: 16 buckets, grows when the count exceeds 3/4 of the buckets.
        case hashMap
        /// Scala 2.13's `mutable.HashSet` (what `partition` on a wrapped Java set builds): 16
        /// buckets, grows when the count reaches 3/4 of the buckets, and keeps each bucket's
        /// entries sorted by their spread hash (as a signed int) rather than by insertion.
        case scalaMutableHashSet
    }

    /// Java's `String.hashCode` over UTF-16 code units.
    public static func hashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }

    /// `TopicPartition.hashCode()`.
    public static func topicPartitionHash(topic: String, partition: Int32) -> Int32 {
        (31 &* (31 &+ partition)) &+ hashCode(topic)
    }

    /// The keys (given in insertion order, without duplicates) in the table's iteration order.
    public static func ordered(_ keys: [String], table: Table) -> [String] {
        ordered(keys, table: table, hash: hashCode)
    }

    /// `items` (in insertion order, without duplicates) in the order the table would iterate them.
    /// `initialCapacity` is a `HashMap` constructor argument (`new HashMap<>(n)`); without it, 16.
    public static func ordered<T>(
        _ items: [T], table: Table = .hashMap, initialCapacity: Int? = nil, hash: (T) -> Int32
    ) -> [T] {
        var buckets = 16
        if let initialCapacity {
            buckets = 1
            while buckets < initialCapacity { buckets *= 2 }
        }
        switch table {
        case .properties, .scalaMutableHashSet: while items.count >= buckets * 3 / 4 { buckets *= 2 }
        case .hashMap: while items.count > buckets * 3 / 4 { buckets *= 2 }
        }
        let mask = UInt32(buckets - 1)
        let byHashInBucket = table == .scalaMutableHashSet
        return items.enumerated()
            .map { offset, item -> (bucket: UInt32, inBucket: Int32, offset: Int, item: T) in
                let h = UInt32(bitPattern: hash(item))
                let spread = h ^ (h >> 16)
                return (spread & mask, byHashInBucket ? Int32(bitPattern: spread) : 0, offset, item)
            }
            .sorted { ($0.bucket, $0.inBucket, $0.offset) < ($1.bucket, $1.inBucket, $1.offset) }
            .map(\.item)
    }
}
