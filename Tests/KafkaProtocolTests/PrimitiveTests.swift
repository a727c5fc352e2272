import KafkaProtocol
import NIOCore
import Testing

@Suite("Primitives")
struct PrimitiveTests {
    static let unsignedBoundaries: [(UInt32, Int)] = [
        (0, 1), (127, 1), (128, 2), (16383, 2), (16384, 3), (2_097_151, 3), (2_097_152, 4),
        (268_435_455, 4), (268_435_456, 5), (UInt32.max, 5),
    ]

    @Test("unsigned varint boundaries round-trip with the right length")
    func unsignedVarint() throws {
        for (value, length) in Self.unsignedBoundaries {
            var buffer = ByteBuffer()
            #expect(buffer.writeUnsignedVarint(value) == length)
            #expect(buffer.readableBytes == length)
            #expect(try buffer.readUnsignedVarint() == value)
            #expect(buffer.readableBytes == 0)
        }
    }

    @Test("unsigned varlong boundaries")
    func unsignedVarlong() throws {
        for (value, length) in [(UInt64(0), 1), (127, 1), (128, 2), (UInt64(UInt32.max), 5), (UInt64.max, 10)] {
            var buffer = ByteBuffer()
            #expect(buffer.writeUnsignedVarlong(value) == length)
            #expect(try buffer.readUnsignedVarlong() == value)
        }
    }

    @Test("zig-zag varint and varlong extremes")
    func zigZag() throws {
        for value in [Int32.min, -1, 0, 1, Int32.max] {
            var buffer = ByteBuffer()
            buffer.writeVarint(value)
            #expect(try buffer.readVarint() == value)
        }
        var minimum = ByteBuffer()
        minimum.writeVarint(Int32.min)
        #expect(Array(minimum.readableBytesView) == [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        var minusOne = ByteBuffer()
        minusOne.writeVarint(-1)
        #expect(Array(minusOne.readableBytesView) == [0x01])
        for value in [Int64.min, -1, 0, 1, Int64.max] {
            var buffer = ByteBuffer()
            buffer.writeVarlong(value)
            #expect(buffer.readableBytes <= 10)
            #expect(try buffer.readVarlong() == value)
        }
    }

    @Test("over-long and truncated varints are rejected")
    func badVarints() {
        var sixBytes = ByteBuffer(bytes: [0x80, 0x80, 0x80, 0x80, 0x80, 0x01])
        #expect(throws: KafkaProtocolError.varintTooLong) { try sixBytes.readUnsignedVarint() }
        var overflow = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x1F])
        #expect(throws: KafkaProtocolError.varintTooLong) { try overflow.readUnsignedVarint() }
        var longVarlong = ByteBuffer(bytes: Array(repeating: 0x80, count: 10) + [0x01])
        #expect(throws: KafkaProtocolError.varintTooLong) { try longVarlong.readUnsignedVarlong() }
        var truncated = ByteBuffer(bytes: [0x80])
        #expect(throws: KafkaProtocolError.self) { try truncated.readUnsignedVarint() }
        #expect(truncated.readerIndex == 0)
    }

    @Test("compact lengths are N+1 and null is 0")
    func compactLengths() throws {
        for length in [0, 126, 127, 16382, 16383] {
            var buffer = ByteBuffer()
            buffer.writeKafkaLength(length, compact: true, wide: false)
            #expect(try buffer.readUnsignedVarint() == UInt32(length + 1))
        }
        var null = ByteBuffer()
        null.writeKafkaLength(nil, compact: true, wide: true)
        #expect(Array(null.readableBytesView) == [0])
        #expect(try null.readKafkaLength(compact: true, wide: true, field: "x") == nil)
    }

    @Test("lengths and counts beyond the buffer are refused before reading")
    func claimedLengths() {
        var string = ByteBuffer(bytes: [0x7F, 0xFF, 0x41])
        #expect(throws: KafkaProtocolError.invalidLength(field: "s", length: 32767)) {
            try string.readKafkaString(compact: false, field: "s")
        }
        var bytes = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.self) { try bytes.readKafkaBytes(compact: false, field: "b") }
        var array = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x00])
        #expect(throws: KafkaProtocolError.self) { try array.readKafkaArrayCount(compact: false, field: "a") }
        var compactArray = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: KafkaProtocolError.self) { try compactArray.readKafkaArrayCount(compact: true, field: "a") }
        var negative = ByteBuffer(bytes: [0xFF, 0xFE])
        #expect(throws: KafkaProtocolError.self) { try negative.readKafkaNullableString(compact: false, field: "s") }
    }

    @Test("KafkaUUID text form round-trips")
    func uuidText() throws {
        #expect(KafkaUUID.zero.description == "AAAAAAAAAAAAAAAAAAAAAA")
        #expect(KafkaUUID.one.description == "AAAAAAAAAAAAAAAAAAAAAQ")
        let known = try #require(KafkaUUID("nxCHH2agI24YjQYGiY29rg"))
        #expect(known.description == "nxCHH2agI24YjQYGiY29rg")
        var generator = SplitMix64(seed: 7)
        for _ in 0..<200 {
            let uuid = KafkaUUID.random(using: &generator)
            #expect(KafkaUUID(uuid.description) == uuid)
            var buffer = ByteBuffer()
            buffer.writeKafkaUUID(uuid)
            #expect(try buffer.readKafkaUUID() == uuid)
        }
        #expect(KafkaUUID("short") == nil)
        #expect(KafkaUUID("AAAAAAAAAAAAAAAAAAAAA*") == nil)
    }
}

@Suite("Test support: hex of recorded frames")
struct HexBytesTests {
    @Test func decodesAndRejectsMalformedHex() throws {
        #expect(try hexBytes("00ffA0") == [0x00, 0xff, 0xa0])
        #expect(try hexBytes("") == [])
        #expect(throws: MalformedHex.self) { try hexBytes("0g") }
        #expect(throws: MalformedHex.self) { try hexBytes("abc") }
    }
}
