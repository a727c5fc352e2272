/// Java's `java.util.SplittableRandom` (the parts ProducerPerformance uses), so a run seeded
/// with 0 generates the same payload bytes and picks the same payload-file entries as Kafka's.
struct SplittableRandom {
    private static let goldenGamma: UInt64 = 0x9e37_79b9_7f4a_7c15
    private var seed: UInt64
    private let gamma: UInt64 = goldenGamma

    init(seed: Int64) { self.seed = UInt64(bitPattern: seed) }

    private mutating func nextSeed() -> UInt64 {
        seed &+= gamma
        return seed
    }

    private static func mix32(_ value: UInt64) -> Int32 {
        var z = (value ^ (value >> 33)) &* 0x62a9_d9ed_7997_05f5
        z = (z ^ (z >> 28)) &* 0xcb24_d0a5_c88c_35b3
        return Int32(truncatingIfNeeded: z >> 32)
    }

    mutating func nextInt() -> Int32 { Self.mix32(nextSeed()) }

    /// `nextInt(bound)` (`RandomSupport.boundedNextInt`), bound > 0.
    mutating func nextInt(bound: Int32) -> Int32 {
        var r = nextInt()
        let m = bound &- 1
        if bound & m == 0 {
            return r & m
        }
        var u = Int32(bitPattern: UInt32(bitPattern: r) >> 1)
        while true {
            r = u % bound
            if u &+ m &- r >= 0 { return r }
            u = Int32(bitPattern: UInt32(bitPattern: nextInt()) >> 1)
        }
    }

    /// Fills `bytes` with uppercase letters `A`–`Z`, one `nextInt(26)` each, as
    /// `generateRandomPayload` does.
    mutating func fillUppercase(_ bytes: UnsafeMutableRawBufferPointer) {
        for index in bytes.indices {
            bytes[index] = UInt8(truncatingIfNeeded: nextInt(bound: 26) + 65)
        }
    }
}
