/// A value with Java's `hashCode`.
protocol JavaHashable: Equatable {
    var javaHashCode: Int32 { get }
}

extension String: JavaHashable {
    var javaHashCode: Int32 { javaStringHashCode(self) }
}

/// The iteration order of Scala 2.13's `mutable.HashMap` / `mutable.HashSet`, which Kafka's
/// Scala tools print from: buckets by the improved hash `h ^ (h >>> 16)` masked to a
/// power-of-two table that starts at 16 entries and doubles when a put would reach a 0.75
/// load; inside a bucket, entries are kept sorted by that hash.
struct ScalaHashTable<Key: JavaHashable, Value> {
    private var table: [[(hash: Int32, key: Key, value: Value)]] = Array(repeating: [], count: 16)
    private(set) var count = 0

    private static func improve(_ hash: Int32) -> Int32 {
        hash ^ Int32(bitPattern: UInt32(bitPattern: hash) >> 16)
    }

    private func bucket(_ hash: Int32) -> Int { Int(UInt32(bitPattern: hash) & UInt32(table.count - 1)) }

    subscript(key: Key) -> Value? {
        let hash = Self.improve(key.javaHashCode)
        return table[bucket(hash)].first { $0.hash == hash && $0.key == key }?.value
    }

    /// `update`/`put`: replaces the value of an existing key in place, else inserts.
    mutating func put(_ key: Key, _ value: Value) {
        let hash = Self.improve(key.javaHashCode)
        if count + 1 >= table.count * 3 / 4 { grow() }
        let i = bucket(hash)
        var position = 0
        for node in table[i] {
            if node.hash > hash { break }
            if node.hash == hash && node.key == key {
                table[i][position].value = value
                return
            }
            position += 1
        }
        table[i].insert((hash, key, value), at: position)
        count += 1
    }

    private mutating func grow() {
        let nodes = table.flatMap { $0 }
        table = Array(repeating: [], count: table.count * 2)
        for node in nodes {
            let i = bucket(node.hash)
            let position = table[i].firstIndex { $0.hash > node.hash } ?? table[i].count
            table[i].insert(node, at: position)
        }
    }

    /// Entries in iteration order.
    var entries: [(key: Key, value: Value)] { table.flatMap { $0.map { ($0.key, $0.value) } } }
}

/// `scala.collection.mutable.HashSet`.
struct ScalaHashSet<Element: JavaHashable> {
    private var table = ScalaHashTable<Element, Void>()

    mutating func insert(_ element: Element) {
        if table[element] == nil { table.put(element, ()) }
    }

    var elements: [Element] { table.entries.map(\.key) }
}

/// `String.hashCode()` over UTF-16 code units.
func javaStringHashCode(_ text: String) -> Int32 {
    var hash: Int32 = 0
    for unit in text.utf16 { hash = 31 &* hash &+ Int32(unit) }
    return hash
}
