/// KIP-480 sticky partitioning for records without a key (Kafka's `BuiltInPartitioner`, without
/// the adaptive load statistics): stay on one partition until about `batch.size` bytes went to
/// it, then move to another, chosen at random among partitions that have a leader.
public struct BuiltInPartitioner: Sendable {
    struct StickyPartition {
        var partition: Int32
        var producedBytes: Int
    }

    public let stickyBatchSize: Int
    private var sticky: [String: StickyPartition] = [:]
    /// Replaceable for deterministic tests.
    var random: @Sendable (Int) -> Int = { Int.random(in: 0..<$0) }

    public init(stickyBatchSize: Int) {
        self.stickyBatchSize = max(stickyBatchSize, 1)
    }

    /// The partition for the next keyless record of `topic`. `available` are partitions with a
    /// leader; when empty, any of `0..<numPartitions` is used.
    public mutating func partition(topic: String, numPartitions: Int, available: [Int32]) -> Int32 {
        if let current = sticky[topic], current.partition < numPartitions, current.producedBytes < stickyBatchSize {
            return current.partition
        }
        let next = nextPartition(previous: sticky[topic]?.partition, numPartitions: numPartitions, available: available)
        sticky[topic] = StickyPartition(partition: next, producedBytes: 0)
        return next
    }

    /// The sticky partition while it still takes records (what `partition` would return without
    /// switching), so the per-record path needs no list of available partitions.
    public func currentPartition(topic: String, numPartitions: Int) -> Int32? {
        guard let current = sticky[topic], current.partition < numPartitions, current.producedBytes < stickyBatchSize else {
            return nil
        }
        return current.partition
    }

    /// `updatePartitionInfo`: counts bytes appended so the switch happens after a batch's worth.
    public mutating func recordAppended(topic: String, partition: Int32, bytes: Int) {
        guard let index = sticky.index(forKey: topic), sticky.values[index].partition == partition else { return }
        sticky.values[index].producedBytes += bytes
    }

    mutating func nextPartition(previous: Int32?, numPartitions: Int, available: [Int32]) -> Int32 {
        let candidates = available.isEmpty ? Array(0..<Int32(clamping: max(numPartitions, 1))) : available
        if candidates.count == 1 { return candidates[0] }
        var choice = candidates[random(candidates.count)]
        if choice == previous {
            // Never stick to the same partition twice in a row when there is a choice.
            let index = candidates.firstIndex(of: choice) ?? 0
            choice = candidates[(index + 1 + random(candidates.count - 1)) % candidates.count]
        }
        return choice
    }
}
