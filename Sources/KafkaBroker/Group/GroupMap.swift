import OrderedCollections

/// The coordinator's groups, with what ListGroups' order needs of Kafka's: each shard
/// (`__consumer_offsets` partition) keeps its groups in a `TimelineHashMap` (GroupMetadataManager's
/// `groups`, a `BaseHashTable` underneath), whose slot count only grows and depends on the history
/// of adds, not on today's count. Groups stay in insertion order (a replaced group keeps its
/// place, a re-created one goes last), which is their order within a table slot.
struct GroupMap: Sequence {
    private var byId: OrderedDictionary<String, ClassicGroup> = [:]
    private var tables: [Int32: BaseHashTableSize] = [:]
    private let config: GroupCoordinatorConfig

    init(config: GroupCoordinatorConfig) { self.config = config }

    /// Adding a new id is Kafka's `groups.put`; setting nil its `groups.remove`. Setting an
    /// existing id only updates our copy (Kafka mutates the group object in place).
    subscript(groupId: String) -> ClassicGroup? {
        get { byId[groupId] }
        _modify {
            let existed = byId.index(forKey: groupId) != nil
            yield &byId[groupId]
            let exists = byId.index(forKey: groupId) != nil
            if existed != exists {
                let shard = config.partition(for: groupId)
                if exists { tables[shard, default: BaseHashTableSize()].add(new: true) } else { tables[shard]?.remove() }
            }
        }
    }

    /// Kafka's `groups.put(groupId, group)` when replaying a GroupMetadata record: an add even when
    /// it replaces (`BaseHashTable.baseAddOrReplace` checks for growth first).
    mutating func put(_ groupId: String, _ group: ClassicGroup) {
        let isNew = byId.updateValue(group, forKey: groupId) == nil
        tables[config.partition(for: groupId), default: BaseHashTableSize()].add(new: isNew)
    }

    func makeIterator() -> OrderedDictionary<String, ClassicGroup>.Iterator { byId.makeIterator() }
    var keys: OrderedSet<String> { byId.keys }
    var values: OrderedDictionary<String, ClassicGroup>.Values { byId.values }
    var count: Int { byId.count }
    var isEmpty: Bool { byId.isEmpty }

    /// The slot count of a shard's table (2 for one that never held a group).
    func slots(shard: Int32) -> Int { tables[shard]?.slots ?? BaseHashTableSize.minCapacity }
}

/// `org.apache.kafka.timeline.BaseHashTable`'s size bookkeeping (server-common, Kafka 4.0): it
/// starts at `expectedSizeToCapacity(0)` = 2 slots, doubles before an add or replace when
/// `(size + 1) * 0.75 > slots`, and never shrinks on removal.
struct BaseHashTableSize {
    static let minCapacity = 2
    static let maxCapacity = 1 << 30
    private(set) var count = 0
    private(set) var slots = minCapacity

    mutating func add(new: Bool) {
        if Double(count + 1) * 0.75 > Double(slots) && slots < Self.maxCapacity { slots *= 2 }
        if new { count += 1 }
    }

    mutating func remove() { count = max(count - 1, 0) }
}
