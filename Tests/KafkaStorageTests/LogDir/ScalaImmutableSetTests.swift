import KafkaStorage
import Testing

/// Orders derived by hand from Scala 2.13's `immutable.HashSet` (scala/collection/immutable/HashSet.scala,
/// `Hashing.improve`, `Node.maskFrom`): a string's `##` is its Java `hashCode`; improve it; its slot at
/// depth d is `(improved >>> 5d) & 31`. A trie node yields its lone-in-slot elements by slot, then
/// descends into the slots shared by several.
///
/// Worked example, "a" (hashCode 97):
///   h = 97 + ~(97 << 9) = 97 + ~49664 = -49568 = 0xFFFF3E60
///   h ^= h >>> 14  → 0xFFFF3E60 ^ 0x0003FFFC = 0xFFFCC19C
///   h += h << 4    → 0xFFFCC19C + 0xFFCC19C0 = 0xFFC8DB5C (mod 2^32)
///   h ^ (h >>> 10) → 0xFFC8DB5C ^ 0x003FF236 = 0xFFF7296A; slots 10, 11, ...
/// The same steps give (improved hash: slot at depth 0, depth 1):
///   "a" 0xFFF7296A: 10, 11     "b" 0xFFF70F52: 18, 26     "c" 0xFFF6ED39: 25, 9
///   "d" 0xFFF6B3DF: 31, 30     "e" 0xFFF69140: 0, 10
///   "orders" (-1008770331) 0x56A7F837: 23, 1     "topic-3" (-1139260651) 0x448289F7: 23, 15
///   "Aa" and "BB" (both 2112) 0xFE8C436A: 10, 27, ... (equal everywhere: a collision node)
@Suite("Scala immutable.Set order")
struct ScalaImmutableSetTests {
    @Test("the improved hash of \"a\" is the worked example's")
    func improve() {
        #expect(ScalaImmutableSet<String>.improve(97) == 0xFFF7_296A)
        #expect(ScalaImmutableSet<String>.improve(JavaHashOrder.hashCode("orders")) == 0x56A7_F837)
        #expect(ScalaImmutableSet<String>.improve(JavaHashOrder.hashCode("topic-3")) == 0x4482_89F7)
    }

    @Test("up to four elements (Set1..Set4) keep insertion order")
    func smallSetsKeepInsertionOrder() {
        let set = ScalaImmutableSet(["d", "a", "c", "b"])
        #expect(!set.isHashSet)
        #expect(set.elements == ["d", "a", "c", "b"])
        #expect(ScalaImmutableSet(["topic-3", "orders"]).elements == ["topic-3", "orders"])
    }

    @Test("five distinct slots: ordered by slot")
    func fiveElementsBySlot() {
        // Slots e 0, a 10, b 18, c 25, d 31.
        let set = ScalaImmutableSet(["a", "b", "c", "d", "e"])
        #expect(set.isHashSet)
        #expect(set.elements == ["e", "a", "b", "c", "d"])
    }

    @Test("a shared slot becomes a sub-node, visited after every lone element")
    func sharedSlotAfterPayload() {
        // Root: e 0, a 10, b 18, d 31 alone; slot 23 holds orders and topic-3, which split at
        // depth 1 (orders 1, topic-3 15) — after d although 23 < 31.
        let set = ScalaImmutableSet(["topic-3", "orders", "a", "b", "e", "d"])
        #expect(set.elements == ["e", "a", "b", "d", "orders", "topic-3"])
    }

    @Test("a filtered HashSet stays a HashSet, in trie order")
    func filteredHashSetKeepsTrieOrder() {
        let set = ScalaImmutableSet(["topic-3", "orders", "a", "b", "e", "d"])
        let left = set.filter { $0.count > 1 }
        #expect(left.isHashSet)
        // Still one sub-node at slot 23 (the trie is canonical), so orders (1) before topic-3 (15),
        // unlike Set2("topic-3", "orders").
        #expect(left.elements == ["orders", "topic-3"])
        #expect(set.filter { $0 == "a" }.elements == ["a"])
    }

    @Test("equal hash codes meet in a collision node, in insertion order")
    func collisionNode() {
        // Root: b 18, c 25 alone; slot 10 holds a, Aa, BB: a alone at depth 1 (11), Aa and BB
        // share 27 and every deeper slot, so they end in a collision node as inserted.
        #expect(ScalaImmutableSet(["BB", "Aa", "a", "b", "c"]).elements == ["b", "c", "a", "BB", "Aa"])
        #expect(ScalaImmutableSet(["Aa", "BB", "a", "b", "c"]).elements == ["b", "c", "a", "Aa", "BB"])
    }

    @Test("map from a HashSet builds a HashSet even when small")
    func mapKeepsKind() {
        let set = ScalaImmutableSet(["a", "b", "c", "d", "e"])
        let mapped = set.map({ $0 == "b" || $0 == "d" ? $0 : nil }, hash: JavaHashOrder.hashCode)
        #expect(mapped.isHashSet)
        #expect(mapped.elements == ["b", "d"])
        let small = ScalaImmutableSet(["d", "b"]).map({ $0 }, hash: JavaHashOrder.hashCode)
        #expect(!small.isHashSet && small.elements == ["d", "b"])
    }

    @Test("small Ints: the order Scala prints for Set(3, 2, 1, 4, 5, 6, 7)")
    func intsAsScalaPrintsThem() {
        // An Int's ## is itself. Improved: 1 → 0xFF83CEE7 (slot 7), 2 → 0xFF83ACCE (14),
        // 3 → 0xFF838AD4 (20), 4 → 0xFF83689D (29), 5 → 0xFF834681 (1), 6 → 0xFF8324A8 (8),
        // 7 → 0xFF8302B2 (18): all alone, so by slot. Scala answers `Set(5, 1, 6, 2, 7, 3, 4)` for
        // this set (stackoverflow.com/questions/57936813), and `HashSet(5, 1, 2, 3, 4)` for Set(1, ..., 5).
        let set = ScalaImmutableSet<Int32>([3, 2, 1, 4, 5, 6, 7], hash: { $0 })
        #expect(set.elements == [5, 1, 6, 2, 7, 3, 4])
        #expect(ScalaImmutableSet<Int32>([1, 2, 3, 4, 5], hash: { $0 }).elements == [5, 1, 2, 3, 4])
    }
}
