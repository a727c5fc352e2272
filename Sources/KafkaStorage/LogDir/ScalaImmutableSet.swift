/// The iteration order of a Scala 2.13 `immutable.Set`, which Kafka's Scala code iterates when it
/// answers (e.g. `KafkaApis.handleTopicMetadataRequest` builds `metadataRequest.topics.asScala.toSet`).
///
/// `Set.from` / `Set.newBuilder` keep up to 4 distinct elements in the special classes
/// `Set1`..`Set4`, which iterate in insertion order; the 5th distinct element turns the set into an
/// `immutable.HashSet`, a CHAMP trie (scala/collection/immutable/HashSet.scala) that stays a
/// `HashSet` whatever it shrinks to. Its order: take the element's `##` (a Java `hashCode`),
/// `Hashing.improve` it, and at trie depth d look at bits `(improved >>> 5d) & 31`. A node first
/// yields the elements alone in their 5-bit slot (slot ascending), then descends into the slots
/// holding several (slot ascending). Elements whose improved hashes are all equal end in a
/// collision node, in insertion order. The trie is canonical (removal inlines single children), so
/// a filtered set is ordered as if built from its remaining elements.
public struct ScalaImmutableSet<Element> {
    /// The elements in iteration order.
    public private(set) var elements: [Element]
    /// Whether the set is an `immutable.HashSet` rather than `Set1`..`Set4`.
    public let isHashSet: Bool
    private let hash: (Element) -> Int32

    /// `Set.from(insertionOrder)` (`elements` must already be distinct), or, with
    /// `hashSet: true`, a set made by a `HashSet` builder (`map`/`flatMap` on a `HashSet`).
    public init(_ insertionOrder: [Element], hashSet: Bool = false, hash: @escaping (Element) -> Int32) {
        self.hash = hash
        isHashSet = hashSet || insertionOrder.count > 4
        elements = isHashSet ? Self.champOrder(insertionOrder, hash: hash) : insertionOrder
    }

    /// `filter` / `filterNot` / `diff`: `Set1`..`Set4` keep their order, a `HashSet` stays one.
    public func filter(_ isIncluded: (Element) -> Bool) -> ScalaImmutableSet<Element> {
        ScalaImmutableSet(elements.filter(isIncluded), hashSet: isHashSet, hash: hash)
    }

    /// `map` / `flatMap` into another set: the builder matches this set's kind.
    public func map<T>(_ transform: (Element) -> T?, hash: @escaping (T) -> Int32) -> ScalaImmutableSet<T> {
        ScalaImmutableSet<T>(elements.compactMap(transform), hashSet: isHashSet, hash: hash)
    }

    /// `scala.collection.Hashing.improve`.
    public static func improve(_ hcode: Int32) -> UInt32 {
        var h = hcode &+ ~(hcode << 9)
        h = h ^ Int32(bitPattern: UInt32(bitPattern: h) >> 14)
        h = h &+ (h << 4)
        return UInt32(bitPattern: h ^ Int32(bitPattern: UInt32(bitPattern: h) >> 10))
    }

    /// The CHAMP iteration order of distinct `items` given in insertion order.
    public static func champOrder(_ items: [Element], hash: (Element) -> Int32) -> [Element] {
        let improved = items.map { improve(hash($0)) }
        return node(Array(items.indices), improved: improved, shift: 0).map { items[$0] }
    }

    private static func node(_ members: [Int], improved: [UInt32], shift: UInt32) -> [Int] {
        // Past the last 2-bit level (shift 30) only a collision node remains: insertion order.
        guard members.count > 1, shift < 32 else { return members }
        var slots: [UInt32: [Int]] = [:]
        for member in members { slots[(improved[member] >> shift) & 31, default: []].append(member) }
        let order = slots.keys.sorted()
        let payload = order.compactMap { slot in slots[slot].flatMap { $0.count == 1 ? $0[0] : nil } }
        let children = order.compactMap { slot in slots[slot].flatMap { $0.count > 1 ? $0 : nil } }
        return payload + children.flatMap { node($0, improved: improved, shift: shift + 5) }
    }
}

extension ScalaImmutableSet where Element == String {
    /// A set of strings (`String.##` is Java's `hashCode`).
    public init(_ insertionOrder: [String], hashSet: Bool = false) {
        self.init(insertionOrder, hashSet: hashSet, hash: JavaHashOrder.hashCode)
    }
}
