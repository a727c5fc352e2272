/// The iteration order of Java's hash tables for String keys. Kafka writes some files and
/// prints some lists by iterating a `Properties` (a `ConcurrentHashMap` inside) or a `HashMap`,
/// so matching its bytes means iterating the way those tables do: by bucket index
/// `(h ^ h >>> 16) & (n - 1)` of the key's `String.hashCode`, then by insertion order.
/// (Bins that Java treeifies or reorders while resizing need 8+ colliding keys; Kafka's small
/// tables never have them.)
public enum JavaHashOrder {
    /// Which Java table the order imitates; they grow at slightly different sizes.
    public enum Table: Sendable {
        /// `new Properties()` (Java 9+): a `ConcurrentHashMap(8)`, 16 buckets, grows when the
        /// count reaches 3/4 of the buckets.
        case properties
        /// `new HashMap<>()`: 16 buckets, grows when the count exceeds 3/4 of the buckets.
        case hashMap
    }

    /// Java's `String.hashCode` over UTF-16 code units.
    public static func hashCode(_ s: String) -> Int32 {
        var h: Int32 = 0
        for unit in s.utf16 { h = h &* 31 &+ Int32(unit) }
        return h
    }

    /// The keys (given in insertion order, without duplicates) in the table's iteration order.
    public static func ordered(_ keys: [String], table: Table) -> [String] {
        var buckets = 16
        switch table {
        case .properties: while keys.count >= buckets * 3 / 4 { buckets *= 2 }
        case .hashMap: while keys.count > buckets * 3 / 4 { buckets *= 2 }
        }
        let mask = UInt32(buckets - 1)
        func bucket(_ key: String) -> UInt32 {
            let h = UInt32(bitPattern: hashCode(key))
            return (h ^ (h >> 16)) & mask
        }
        return keys.enumerated()
            .sorted { lhs, rhs in
                let (bl, br) = (bucket(lhs.element), bucket(rhs.element))
                return bl != br ? bl < br : lhs.offset < rhs.offset
            }
            .map(\.element)
    }
}
