import NIOCore

/// Kafka's 128-bit UUID (`org.apache.kafka.common.Uuid`). Text form is URL-safe base64 of the
/// 16 bytes, without padding (22 characters).
public struct KafkaUUID: Hashable, Sendable, Comparable, CustomStringConvertible {
    public var mostSignificantBits: UInt64
    public var leastSignificantBits: UInt64

    public static let zero = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 0)
    /// Kafka's reserved `Uuid.METADATA_TOPIC_ID` (1) and `Uuid.ONE_UUID`.
    public static let one = KafkaUUID(mostSignificantBits: 0, leastSignificantBits: 1)

    public init(mostSignificantBits: UInt64, leastSignificantBits: UInt64) {
        self.mostSignificantBits = mostSignificantBits
        self.leastSignificantBits = leastSignificantBits
    }

    /// A random UUID as Kafka makes them (`Uuid.randomUuid`): version-4 bits, and never one
    /// whose text starts with '-' (Kafka retries those so they are safe on command lines).
    public static func random() -> KafkaUUID {
        var generator = SystemRandomNumberGenerator()
        return random(using: &generator)
    }

    public static func random<G: RandomNumberGenerator>(using generator: inout G) -> KafkaUUID {
        while true {
            var msb = generator.next() as UInt64
            var lsb = generator.next() as UInt64
            msb = (msb & ~0x0000_0000_0000_F000) | 0x0000_0000_0000_4000
            lsb = (lsb & ~0xC000_0000_0000_0000) | 0x8000_0000_0000_0000
            let uuid = KafkaUUID(mostSignificantBits: msb, leastSignificantBits: lsb)
            if uuid != .zero, uuid != .one, !uuid.description.hasPrefix("-") { return uuid }
        }
    }

    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: mostSignificantBits >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: leastSignificantBits >> UInt64(shift))) }
        return out
    }

    public init?(bytes: some Collection<UInt8>) {
        guard bytes.count == 16 else { return nil }
        var msb: UInt64 = 0
        var lsb: UInt64 = 0
        for (i, b) in bytes.enumerated() {
            if i < 8 { msb = msb << 8 | UInt64(b) } else { lsb = lsb << 8 | UInt64(b) }
        }
        self.init(mostSignificantBits: msb, leastSignificantBits: lsb)
    }

    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)

    /// URL-safe base64 without padding, as `Uuid.toString`.
    public var description: String {
        let input = bytes
        var out = [UInt8]()
        out.reserveCapacity(22)
        var i = 0
        while i + 3 <= input.count {
            let n = UInt32(input[i]) << 16 | UInt32(input[i + 1]) << 8 | UInt32(input[i + 2])
            out.append(Self.alphabet[Int(n >> 18 & 63)])
            out.append(Self.alphabet[Int(n >> 12 & 63)])
            out.append(Self.alphabet[Int(n >> 6 & 63)])
            out.append(Self.alphabet[Int(n & 63)])
            i += 3
        }
        // 16 = 5*3 + 1: one byte left, two characters.
        let n = UInt32(input[15]) << 16
        out.append(Self.alphabet[Int(n >> 18 & 63)])
        out.append(Self.alphabet[Int(n >> 12 & 63)])
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses the 22-character text form (`Uuid.fromString`).
    public init?(_ text: String) {
        let chars = Array(text.utf8)
        guard chars.count == 22 else { return nil }
        var values = [UInt8]()
        values.reserveCapacity(22)
        for c in chars {
            guard let v = Self.alphabet.firstIndex(of: c) else { return nil }
            values.append(UInt8(v))
        }
        var out = [UInt8]()
        var i = 0
        while i + 4 <= values.count {
            let n = UInt32(values[i]) << 18 | UInt32(values[i + 1]) << 12 | UInt32(values[i + 2]) << 6 | UInt32(values[i + 3])
            out.append(UInt8(n >> 16 & 0xFF)); out.append(UInt8(n >> 8 & 0xFF)); out.append(UInt8(n & 0xFF))
            i += 4
        }
        let n = UInt32(values[20]) << 18 | UInt32(values[21]) << 12
        guard n & 0xFFFF == 0 else { return nil }
        out.append(UInt8(n >> 16 & 0xFF))
        self.init(bytes: out)
    }

    public static func < (lhs: KafkaUUID, rhs: KafkaUUID) -> Bool {
        (Int64(bitPattern: lhs.mostSignificantBits), Int64(bitPattern: lhs.leastSignificantBits))
            < (Int64(bitPattern: rhs.mostSignificantBits), Int64(bitPattern: rhs.leastSignificantBits))
    }
}

extension ByteBuffer {
    @inlinable
    public mutating func readKafkaUUID() throws -> KafkaUUID {
        let msb: UInt64 = try self.readKafkaInteger(field: "uuid")
        let lsb: UInt64 = try self.readKafkaInteger(field: "uuid")
        return KafkaUUID(mostSignificantBits: msb, leastSignificantBits: lsb)
    }

    @inlinable
    public mutating func writeKafkaUUID(_ uuid: KafkaUUID) {
        self.writeInteger(uuid.mostSignificantBits, endianness: .big)
        self.writeInteger(uuid.leastSignificantBits, endianness: .big)
    }
}
