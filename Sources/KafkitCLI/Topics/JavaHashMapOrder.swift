/// The iteration order of a `java.util.HashMap<String, V>` built with `new HashMap<>(n)` and
/// filled with `n` keys in the given order. `kafka-topics.sh --describe` prints topics in the
/// order of such a map (`DescribeTopicsResult.allTopicNames()`), so reproducing it gives Kafka's
/// exact output instead of an arbitrary one.
enum JavaHashMapOrder {
    /// `String.hashCode()`: `s[0]*31^(n-1) + …` over UTF-16 code units, wrapping.
    static func hashCode(_ text: String) -> Int32 {
        var hash: Int32 = 0
        for unit in text.utf16 { hash = hash &* 31 &+ Int32(unit) }
        return hash
    }

    /// `HashMap.hash`: the high half folded into the low half.
    static func spread(_ hash: Int32) -> UInt32 {
        let h = UInt32(bitPattern: hash)
        return h ^ (h >> 16)
    }

    /// `HashMap.tableSizeFor`: the next power of two, at least 1.
    static func tableSizeFor(_ capacity: Int) -> Int {
        var size = 1
        while size < capacity { size <<= 1 }
        return size
    }

    /// The table length after `count` insertions into `new HashMap<>(count)` (load factor 0.75).
    static func finalCapacity(count: Int) -> Int {
        var capacity = tableSizeFor(max(count, 1))
        var threshold = capacity * 3 / 4
        for size in stride(from: 1, through: count, by: 1) where size > threshold {
            capacity <<= 1
            threshold = capacity * 3 / 4
        }
        return capacity
    }

    /// `keys` in the map's iteration order: by bucket, and by insertion order within a bucket
    /// (resizing keeps that order).
    static func ordered(_ keys: [String]) -> [String] {
        let mask = UInt32(finalCapacity(count: keys.count) - 1)
        return keys.enumerated()
            .map { (bucket: spread(hashCode($0.element)) & mask, index: $0.offset, key: $0.element) }
            .sorted { ($0.bucket, $0.index) < ($1.bucket, $1.index) }
            .map(\.key)
    }
}
