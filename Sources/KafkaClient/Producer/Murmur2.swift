/// Kafka's `Utils.murmur2` and `Utils.toPositive`, bit for bit: the default partitioner for keyed
/// records is `toPositive(murmur2(key)) % numPartitions`.
public enum Murmur2 {
    public static func hash<Bytes: Collection<UInt8>>(_ data: Bytes) -> Int32 {
        let length = data.count
        let m: UInt32 = 0x5bd1_e995
        let r: UInt32 = 24
        var h: UInt32 = 0x9747_b28c ^ UInt32(truncatingIfNeeded: length)
        var index = data.startIndex
        var remaining = length
        while remaining >= 4 {
            let b0 = UInt32(data[index]); index = data.index(after: index)
            let b1 = UInt32(data[index]); index = data.index(after: index)
            let b2 = UInt32(data[index]); index = data.index(after: index)
            let b3 = UInt32(data[index]); index = data.index(after: index)
            var k = b0 | (b1 << 8) | (b2 << 16) | (b3 << 24)
            k = k &* m
            k ^= k >> r
            k = k &* m
            h = h &* m
            h ^= k
            remaining -= 4
        }
        var tail: [UInt32] = []
        tail.reserveCapacity(3)
        while index != data.endIndex {
            tail.append(UInt32(data[index]))
            index = data.index(after: index)
        }
        // Java's switch falls through from case 3 to case 1.
        if tail.count == 3 { h ^= tail[2] << 16 }
        if tail.count >= 2 { h ^= tail[1] << 8 }
        if tail.count >= 1 {
            h ^= tail[0]
            h = h &* m
        }
        h ^= h >> 13
        h = h &* m
        h ^= h >> 15
        return Int32(bitPattern: h)
    }

    public static func toPositive(_ value: Int32) -> Int32 { value & 0x7fff_ffff }

    /// `BuiltInPartitioner.partitionForKey`.
    public static func partition<Bytes: Collection<UInt8>>(forKey key: Bytes, numPartitions: Int) -> Int32 {
        guard numPartitions > 0 else { return 0 }
        return toPositive(hash(key)) % Int32(clamping: numPartitions)
    }
}
