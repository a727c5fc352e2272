import CLZ4
import CSnappy
import CZlib
import NIOCore
import Testing

@testable import KafkaProtocol

@Suite("Compression codecs")
struct CompressionTests {
    static let codecs: [CompressionCodec] = [.gzip, .snappy, .lz4, .zstd]

    /// Deterministic test data: text-like (compressible) and pseudo-random (incompressible) parts.
    static func sample(size: Int, seed: UInt64 = 1) -> ByteBuffer {
        var state = seed
        var buffer = ByteBuffer()
        buffer.reserveCapacity(size)
        let words = ["kafka ", "record ", "batch ", "offset ", "партиция ", "日志 "]
        while buffer.readableBytes < size {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            if state >> 60 == 0 {
                for _ in 0..<16 where buffer.readableBytes < size {
                    state = state &* 6_364_136_223_846_793_005 &+ 1
                    buffer.writeInteger(UInt8(truncatingIfNeeded: state >> 33))
                }
            } else {
                let word = words[Int(state >> 40) % words.count].utf8
                buffer.writeBytes(word.prefix(size - buffer.readableBytes))
            }
        }
        return buffer
    }

    @Test("round trip for each codec and size", arguments: codecs, [0, 1, 100, 32 * 1024, 32 * 1024 + 1, 65_536, 300_000])
    func roundTrip(codec: CompressionCodec, size: Int) throws {
        let input = Self.sample(size: size, seed: UInt64(size) + 7)
        let compressed = try codec.compress(input)
        let output = try codec.decompress(compressed)
        #expect(output == input)
        // decompress → recompress → decompress
        #expect(try codec.decompress(codec.compress(output)) == input)
    }

    @Test("compressed output starts the way Kafka's Java producer frames it")
    func framing() throws {
        let input = Self.sample(size: 1000)
        #expect(try CompressionCodec.gzip.compress(input).bytes.prefix(3) == [0x1F, 0x8B, 0x08])
        #expect(try CompressionCodec.snappy.compress(input).bytes.prefix(16)
            == [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00, 0, 0, 0, 1, 0, 0, 0, 1])
        #expect(try CompressionCodec.lz4.compress(input).bytes.prefix(7) == [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82])
        #expect(try CompressionCodec.zstd.compress(input).bytes.prefix(4) == [0x28, 0xB5, 0x2F, 0xFD])
        #expect(try CompressionCodec.none.compress(input) == input)
    }

    @Test("xxHash32 known values")
    func xxhash() {
        #expect([UInt8]().withUnsafeBytes { XXHash32.hash($0) } == 0x02CC_5D05)
        #expect(Array("a".utf8).withUnsafeBytes { XXHash32.hash($0) } == 0x550D_7456)
        #expect(Array("abc".utf8).withUnsafeBytes { XXHash32.hash($0) } == 0x32D1_53FF)
        #expect(Array("Nobody inspects the spammish repetition".utf8).withUnsafeBytes { XXHash32.hash($0) } == 0xE229_3B2F)
        // The magic-0 "broken" header checksum over 04 22 4D 18 60 40.
        #expect(([0x04, 0x22, 0x4D, 0x18, 0x60, 0x40] as [UInt8]).withUnsafeBytes { LZ4FrameCodec.headerChecksum($0) } == 0x1A)
    }

    @Test("our LZ4 frames decode with liblz4's frame decoder")
    func lz4InteropOut() throws {
        for size in [0, 10, 70_000, 300_000] {
            let input = Self.sample(size: size, seed: 3)
            let frame = try CompressionCodec.lz4.compress(input)
            var context: OpaquePointer?
            #expect(LZ4F_isError(LZ4F_createDecompressionContext(&context, UInt32(LZ4F_VERSION))) == 0)
            defer { LZ4F_freeDecompressionContext(context) }
            var output = [UInt8](repeating: 0, count: size + 16)
            var produced = 0
            frame.withUnsafeReadableBytes { src in
                output.withUnsafeMutableBytes { dst in
                    var srcOffset = 0
                    while srcOffset < src.count {
                        var dstSize = dst.count - produced
                        var srcSize = src.count - srcOffset
                        let hint = LZ4F_decompress(context, dst.baseAddress! + produced, &dstSize,
                                                   src.baseAddress! + srcOffset, &srcSize, nil)
                        #expect(LZ4F_isError(hint) == 0)
                        if LZ4F_isError(hint) != 0 { return }
                        produced += dstSize
                        srcOffset += srcSize
                        if hint == 0 { break }
                    }
                }
            }
            #expect(Array(output.prefix(produced)) == input.bytes)
        }
    }

    @Test("liblz4 frames with content size and checksums, as librdkafka writes, decode")
    func lz4InteropIn() throws {
        let input = Self.sample(size: 200_000, seed: 9)
        for (blockChecksum, contentChecksum, contentSize) in [(false, false, false), (true, true, true), (false, true, true)] {
            var prefs = LZ4F_preferences_t()
            prefs.frameInfo.blockMode = LZ4F_blockIndependent
            prefs.frameInfo.blockSizeID = LZ4F_max256KB
            prefs.frameInfo.blockChecksumFlag = blockChecksum ? LZ4F_blockChecksumEnabled : LZ4F_noBlockChecksum
            prefs.frameInfo.contentChecksumFlag = contentChecksum ? LZ4F_contentChecksumEnabled : LZ4F_noContentChecksum
            prefs.frameInfo.contentSize = contentSize ? UInt64(input.readableBytes) : 0
            let bound = LZ4F_compressFrameBound(input.readableBytes, &prefs)
            var frame = [UInt8](repeating: 0, count: bound)
            let written = input.withUnsafeReadableBytes { src in
                frame.withUnsafeMutableBytes { LZ4F_compressFrame($0.baseAddress, bound, src.baseAddress, src.count, &prefs) }
            }
            #expect(LZ4F_isError(written) == 0)
            let decoded = try CompressionCodec.lz4.decompress(ByteBuffer(bytes: frame.prefix(written)))
            #expect(decoded == input)
        }
        // Linked blocks (liblz4's default) are refused, like Kafka's reader.
        var prefs = LZ4F_preferences_t()
        prefs.frameInfo.blockMode = LZ4F_blockLinked
        let bound = LZ4F_compressFrameBound(input.readableBytes, &prefs)
        var frame = [UInt8](repeating: 0, count: bound)
        let written = input.withUnsafeReadableBytes { src in
            frame.withUnsafeMutableBytes { LZ4F_compressFrame($0.baseAddress, bound, src.baseAddress, src.count, &prefs) }
        }
        #expect(throws: CompressionError.self) { try CompressionCodec.lz4.decompress(ByteBuffer(bytes: frame.prefix(written))) }
    }

    @Test("LZ4 header checksum: verified for v1/v2, skipped for the magic-0 quirk")
    func lz4HeaderChecksum() throws {
        let input = Self.sample(size: 5000)
        var frame = try CompressionCodec.lz4.compress(input)
        frame.setInteger(UInt8(0x1A), at: 6)  // the broken checksum old magic-0 writers stored
        #expect(throws: CompressionError.self) { try CompressionCodec.lz4.decompress(frame) }
        #expect(try CompressionCodec.lz4.decompress(frame, legacyLZ4HeaderChecksum: true) == input)
    }

    @Test("snappy: raw blocks (non-Java clients) and concatenated xerial streams decode")
    func snappyVariants() throws {
        let input = Self.sample(size: 50_000, seed: 5)
        // Raw snappy, one block.
        var raw = [UInt8](repeating: 0, count: snappy_max_compressed_length(input.readableBytes))
        var rawLength = raw.count
        input.withUnsafeReadableBytes { src in
            raw.withUnsafeMutableBytes { dst in
                _ = snappy_compress(src.baseAddress!.assumingMemoryBound(to: CChar.self), src.count,
                                    dst.baseAddress!.assumingMemoryBound(to: CChar.self), &rawLength)
            }
        }
        #expect(try CompressionCodec.snappy.decompress(ByteBuffer(bytes: raw.prefix(rawLength))) == input)
        // Two xerial streams back to back.
        var twice = try CompressionCodec.snappy.compress(input)
        var second = try CompressionCodec.snappy.compress(input)
        twice.writeBuffer(&second)
        var expected = input
        expected.writeImmutableBuffer(input)
        #expect(try CompressionCodec.snappy.decompress(twice) == expected)
        // Each xerial block decodes with plain libsnappy.
        var framed = try CompressionCodec.snappy.compress(input)
        framed.moveReaderIndex(forwardBy: 16)
        var rebuilt = ByteBuffer()
        while framed.readableBytes > 0 {
            let length = Int(framed.readInteger(endianness: .big, as: Int32.self)!)
            let block = framed.readBytes(length: length)!
            var size = 0
            block.withUnsafeBytes { _ = snappy_uncompressed_length($0.baseAddress!.assumingMemoryBound(to: CChar.self), length, &size) }
            #expect(size <= 32 * 1024)
            var out = [UInt8](repeating: 0, count: size)
            block.withUnsafeBytes { src in
                out.withUnsafeMutableBytes { dst in
                    _ = snappy_uncompress(src.baseAddress!.assumingMemoryBound(to: CChar.self), length,
                                          dst.baseAddress!.assumingMemoryBound(to: CChar.self), &size)
                }
            }
            rebuilt.writeBytes(out)
        }
        #expect(rebuilt == input)
    }

    @Test("gzip: concatenated members decode, trailing garbage is ignored like GZIPInputStream")
    func gzipMembers() throws {
        let a = Self.sample(size: 3000, seed: 1), b = Self.sample(size: 2000, seed: 2)
        var both = try CompressionCodec.gzip.compress(a)
        var second = try CompressionCodec.gzip.compress(b)
        both.writeBuffer(&second)
        var expected = a
        expected.writeImmutableBuffer(b)
        #expect(try CompressionCodec.gzip.decompress(both) == expected)
        var garbage = try CompressionCodec.gzip.compress(a)
        garbage.writeBytes([0x00, 0x01, 0x02])
        #expect(try CompressionCodec.gzip.decompress(garbage) == a)
    }

    @Test("decompression bombs stop at the limit", arguments: codecs)
    func bombs(codec: CompressionCodec) throws {
        let zeros = ByteBuffer(repeating: 0, count: 4 << 20)
        let bomb = try codec.compress(zeros)
        #expect(bomb.readableBytes < 1 << 20)
        #expect(throws: CompressionError.sizeLimitExceeded(codec: codec, limit: 1 << 20)) {
            try codec.decompress(bomb, maxDecompressedSize: 1 << 20)
        }
        #expect(try codec.decompress(bomb, maxDecompressedSize: 4 << 20).readableBytes == 4 << 20)
        // The record iterator passes its cap down.
        var builder = RecordBatchBuilder(compression: codec)
        try builder.append(key: nil, value: zeros, timestamp: 0)
        let batch = try builder.build()
        #expect(throws: CompressionError.self) { try batch.makeRecordIterator(maxUncompressedSize: 1 << 16) }
    }

    @Test("hostile size claims are refused before allocating")
    func hostileClaims() throws {
        // Raw snappy whose varint header claims ~2 GiB.
        #expect(throws: CompressionError.self) {
            try CompressionCodec.snappy.decompress(ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x07, 0x00, 0x01]))
        }
        // xerial block claiming 1 GiB from a few bytes.
        var xerial = ByteBuffer(bytes: SnappyCodec.xerialMagic + [0, 0, 0, 1, 0, 0, 0, 1])
        xerial.writeInteger(Int32(6), endianness: .big)
        xerial.writeBytes([0x80, 0x80, 0x80, 0x80, 0x04, 0x00])
        #expect(throws: CompressionError.self) { try CompressionCodec.snappy.decompress(xerial) }
        // LZ4 block size beyond the declared maximum.
        var lz4 = ByteBuffer(bytes: [0x04, 0x22, 0x4D, 0x18, 0x60, 0x40, 0x82])
        lz4.writeInteger(UInt32(1 << 20), endianness: .little)
        #expect(throws: CompressionError.self) { try CompressionCodec.lz4.decompress(lz4) }
        // zstd frame header claiming a 1 TiB content size, no data.
        var zstd = ByteBuffer(bytes: [0x28, 0xB5, 0x2F, 0xFD, 0xC0])
        zstd.writeInteger(UInt64(1) << 40, endianness: .little)
        #expect(throws: CompressionError.self) { try CompressionCodec.zstd.decompress(zstd) }
    }

    @Test("corrupt and truncated payloads are typed errors", arguments: codecs)
    func corrupt(codec: CompressionCodec) throws {
        let input = Self.sample(size: 20_000, seed: 11)
        let good = try codec.compress(input)
        #expect(throws: CompressionError.self) { try codec.decompress(ByteBuffer()) }
        for cut in stride(from: 0, to: good.readableBytes - 1, by: max(1, good.readableBytes / 40)) {
            let truncated = good.getSlice(at: 0, length: cut)!
            do {
                let out = try codec.decompress(truncated)
                // Snappy's raw fallback can accept a prefix as "raw"; it must never equal the input.
                #expect(out != input)
            } catch is CompressionError {
            }
        }
        var state: UInt64 = 77
        for _ in 0..<300 {
            var mutated = good
            state = state &* 6_364_136_223_846_793_005 &+ 1
            let index = Int(state >> 33) % mutated.readableBytes
            mutated.setInteger(mutated.getInteger(at: index, as: UInt8.self)! ^ UInt8(truncatingIfNeeded: state >> 20 | 1), at: index)
            do {
                _ = try codec.decompress(mutated, maxDecompressedSize: 1 << 20)
            } catch is CompressionError {
            }
        }
    }
}
