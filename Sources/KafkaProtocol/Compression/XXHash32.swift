/// xxHash32, used by the LZ4 frame format for its header and block checksums.
enum XXHash32 {
    private static let p1: UInt32 = 2_654_435_761
    private static let p2: UInt32 = 2_246_822_519
    private static let p3: UInt32 = 3_266_489_917
    private static let p4: UInt32 = 668_265_263
    private static let p5: UInt32 = 374_761_393

    @inline(__always)
    private static func word(_ bytes: UnsafeRawBufferPointer, _ i: Int) -> UInt32 {
        UInt32(bytes[i]) | UInt32(bytes[i + 1]) << 8 | UInt32(bytes[i + 2]) << 16 | UInt32(bytes[i + 3]) << 24
    }

    @inline(__always)
    private static func round(_ acc: UInt32, _ input: UInt32) -> UInt32 {
        var acc = acc &+ input &* p2
        acc = (acc << 13) | (acc >> 19)
        return acc &* p1
    }

    static func hash(_ bytes: UnsafeRawBufferPointer, seed: UInt32 = 0) -> UInt32 {
        let n = bytes.count
        var i = 0
        var h: UInt32
        if n >= 16 {
            var v1 = seed &+ p1 &+ p2, v2 = seed &+ p2, v3 = seed, v4 = seed &- p1
            while n - i >= 16 {
                v1 = round(v1, word(bytes, i)); v2 = round(v2, word(bytes, i + 4))
                v3 = round(v3, word(bytes, i + 8)); v4 = round(v4, word(bytes, i + 12))
                i += 16
            }
            h = ((v1 << 1) | (v1 >> 31)) &+ ((v2 << 7) | (v2 >> 25)) &+ ((v3 << 12) | (v3 >> 20)) &+ ((v4 << 18) | (v4 >> 14))
        } else {
            h = seed &+ p5
        }
        h = h &+ UInt32(truncatingIfNeeded: n)
        while n - i >= 4 {
            h = h &+ word(bytes, i) &* p3
            h = ((h << 17) | (h >> 15)) &* p4
            i += 4
        }
        while i < n {
            h = h &+ UInt32(bytes[i]) &* p5
            h = ((h << 11) | (h >> 21)) &* p1
            i += 1
        }
        h ^= h >> 15
        h = h &* p2
        h ^= h >> 13
        h = h &* p3
        h ^= h >> 16
        return h
    }
}
