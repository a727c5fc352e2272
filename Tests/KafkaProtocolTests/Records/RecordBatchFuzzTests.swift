import NIOCore
import Testing

@testable import KafkaProtocol

/// Seeded mutations of every fixture batch: decoding must end in a value or a typed error, never a trap.
@Suite("Record batch mutation fuzzing")
struct RecordBatchFuzzTests {
    struct Generator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 17
        }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(1, n))) }
    }

    /// Decodes everything the batch holds; returns whether it got through.
    @discardableResult
    static func exercise(_ bytes: ByteBuffer, verifyingCRC: Bool) -> Bool {
        do {
            var reader = LogEntryReader(bytes, verifyingCRC: verifyingCRC)
            while let entry = try reader.next() {
                switch entry {
                case let .batch(batch):
                    _ = batch.isValid
                    var records = try batch.makeRecordIterator(maxUncompressedSize: 1 << 20)
                    while let record = try records.next() {
                        for header in record.headers { _ = header.key }
                        if batch.isControl, let control = try? record.controlRecord() {
                            _ = try? control.endTransactionMarker()
                        }
                    }
                    _ = batch.encoded()
                case let .legacy(record):
                    _ = try record.innerRecords(maxUncompressedSize: 1 << 20)
                }
            }
            return true
        } catch is KafkaProtocolError {
            return false
        } catch is CompressionError {
            return false
        } catch {
            Issue.record("untyped error \(error)")
            return false
        }
    }

    /// Fixes the CRC of a v2 batch after a mutation so the record decoder is reached.
    static func fixCRC(_ bytes: inout ByteBuffer) {
        guard bytes.readableBytes >= RecordBatchHeader.size,
              let length = bytes.getInteger(at: bytes.readerIndex + 8, endianness: .big, as: Int32.self),
              length >= 49, Int(length) + 12 <= bytes.readableBytes else { return }
        let crc = RecordBatchHeader.computeCRC(ofBatchAt: bytes.readerIndex, totalSize: Int(length) + 12, in: bytes)
        bytes.setInteger(crc, at: bytes.readerIndex + RecordBatchHeader.crcOffset, endianness: .big)
    }

    static func mutate(_ original: ByteBuffer, _ random: inout Generator) -> ByteBuffer {
        var bytes = original
        switch random.below(5) {
        case 0, 1:  // flip a few bytes
            for _ in 0...random.below(4) {
                let index = bytes.readerIndex + random.below(bytes.readableBytes)
                bytes.setInteger(UInt8(truncatingIfNeeded: random.next()), at: index)
            }
        case 2:  // truncate
            bytes.moveWriterIndex(to: bytes.readerIndex + random.below(bytes.readableBytes))
        case 3:  // set an interesting value in the records area
            let index = bytes.readerIndex + RecordBatchHeader.size + random.below(max(1, bytes.readableBytes - RecordBatchHeader.size))
            let values: [UInt8] = [0x00, 0x01, 0x7F, 0x80, 0xFF, 0xFE, 0x03]
            if index < bytes.writerIndex { bytes.setInteger(values[random.below(values.count)], at: index) }
        default:  // duplicate a chunk at the end
            let start = random.below(bytes.readableBytes)
            if let chunk = bytes.getSlice(at: bytes.readerIndex + start, length: random.below(bytes.readableBytes - start)) {
                bytes.writeImmutableBuffer(chunk)
            }
        }
        return bytes
    }

    @Test("thousands of mutated fixture batches decode or fail with a typed error")
    func mutations() {
        let batches = SegmentFixtures.batches.map(\.bytes)
        #expect(!batches.isEmpty)
        var random = Generator(state: 0x5EED_CAFE)
        var cases = 0, survived = 0
        for round in 0..<12 {
            for original in batches {
                let mutated = Self.mutate(original, &random)
                Self.exercise(mutated, verifyingCRC: true)
                var fixed = mutated
                Self.fixCRC(&fixed)
                if Self.exercise(fixed, verifyingCRC: round % 2 == 0) { survived += 1 }
                cases += 2
            }
        }
        #expect(cases > 5_000)
        #expect(survived < cases)
    }

    @Test("mutated whole segments walk without traps")
    func segmentMutations() {
        var random = Generator(state: 42)
        for segment in SegmentFixtures.segments {
            for _ in 0..<40 {
                var bytes = segment.bytes
                for _ in 0...random.below(6) {
                    let index = random.below(bytes.readableBytes)
                    bytes.setInteger(UInt8(truncatingIfNeeded: random.next()), at: index)
                }
                Self.exercise(bytes, verifyingCRC: false)
            }
        }
    }

    @Test("mutated compressed payloads (CRC fixed) fail with typed errors")
    func compressedPayloadMutations() throws {
        var random = Generator(state: 7)
        let compressed = try SegmentFixtures.batches.map(\.bytes).filter { bytes in
            var copy = bytes
            return try RecordBatch(from: &copy).compression != CompressionCodec.none
        }
        #expect(compressed.count >= 8)
        for original in compressed {
            for _ in 0..<200 {
                var bytes = original
                let index = RecordBatchHeader.size + random.below(bytes.readableBytes - RecordBatchHeader.size)
                bytes.setInteger(UInt8(truncatingIfNeeded: random.next()), at: index)
                Self.fixCRC(&bytes)
                Self.exercise(bytes, verifyingCRC: true)
            }
        }
    }
}
