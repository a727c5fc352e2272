import CLZ4
import NIOCore

/// lz4 (codec 3): the LZ4 frame format with Kafka's restrictions (`Lz4BlockOutputStream` /
/// `Lz4BlockInputStream`): independent blocks only, block sizes 64 KiB-4 MiB, no dictionary.
/// We write FLG 0x60, BD 0x40 (64 KiB blocks), no checksums, like the Java producer.
enum LZ4FrameCodec {
    static let magic: UInt32 = 0x184D_2204
    static let writeBlockSize = 64 * 1024

    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let blocks = (input.readableBytes + writeBlockSize - 1) / writeBlockSize
        let bound = Int(LZ4_compressBound(Int32(writeBlockSize)))
        var output = allocator.buffer(capacity: 7 + blocks * (4 + bound) + 4)
        output.writeInteger(magic, endianness: .little)
        let descriptor: [UInt8] = [0x60, 0x40]
        output.writeBytes(descriptor)
        output.writeInteger(descriptor.withUnsafeBytes { headerChecksum($0) })
        try input.withUnsafeReadableBytes { src in
            var offset = 0
            while offset < src.count {
                let chunk = UnsafeRawBufferPointer(rebasing: src[offset..<min(src.count, offset + writeBlockSize)])
                let sizeIndex = output.writerIndex
                output.writeInteger(UInt32(0), endianness: .little)
                let compressed = try output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { dst in
                    let n = LZ4_compress_default(
                        chunk.baseAddress?.assumingMemoryBound(to: CChar.self),
                        dst.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(chunk.count), Int32(dst.count))
                    guard n > 0 else { throw CompressionError.compressionFailed(codec: .lz4, reason: "LZ4_compress_default failed") }
                    return Int(n)
                }
                if compressed >= chunk.count {
                    // Incompressible: store the block as is, flagged by the high bit of its size.
                    output.moveWriterIndex(to: sizeIndex + 4)
                    output.writeBytes(chunk)
                    output.setInteger(UInt32(chunk.count) | 0x8000_0000, at: sizeIndex, endianness: .little)
                } else {
                    output.setInteger(UInt32(compressed), at: sizeIndex, endianness: .little)
                }
                offset += chunk.count
            }
        }
        output.writeInteger(UInt32(0), endianness: .little)  // end mark
        return output
    }

    /// HC byte: second byte of xxHash32 over the frame descriptor (FLG .. content size).
    static func headerChecksum(_ descriptor: UnsafeRawBufferPointer) -> UInt8 {
        UInt8(truncatingIfNeeded: XXHash32.hash(descriptor) >> 8)
    }

    static func decompress(_ input: ByteBuffer, limit: Int, verifyHeaderChecksum: Bool, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        func corrupt(_ reason: String) -> CompressionError { .corruptData(codec: .lz4, reason: reason) }
        return try input.withUnsafeReadableBytes { src in
            var position = 0
            func u32(_ at: Int) throws -> UInt32 {
                guard at >= 0, src.count - at >= 4 else { throw corrupt("unexpected end of frame") }
                return UInt32(src[at]) | UInt32(src[at + 1]) << 8 | UInt32(src[at + 2]) << 16 | UInt32(src[at + 3]) << 24
            }
            guard try u32(0) == magic else { throw corrupt("bad frame magic") }
            guard src.count >= 7 else { throw corrupt("unexpected end of frame") }
            let flg = src[4], bd = src[5]
            guard flg >> 6 == 1 else { throw CompressionError.unsupportedFeature(codec: .lz4, reason: "frame version \(flg >> 6)") }
            guard flg & 0x03 == 0 else { throw CompressionError.unsupportedFeature(codec: .lz4, reason: "reserved or dictionary bits set") }
            guard flg & 0x20 != 0 else { throw CompressionError.unsupportedFeature(codec: .lz4, reason: "linked blocks") }
            let blockChecksums = flg & 0x10 != 0
            let contentSize = flg & 0x08 != 0
            let contentChecksum = flg & 0x04 != 0
            let sizeCode = Int(bd >> 4 & 0x07)
            guard bd & 0x8F == 0, (4...7).contains(sizeCode) else { throw corrupt("bad block descriptor 0x\(String(bd, radix: 16))") }
            let maxBlockSize = 1 << (8 + 2 * sizeCode)
            let descriptorEnd = 6 + (contentSize ? 8 : 0)
            guard src.count > descriptorEnd else { throw corrupt("unexpected end of frame") }
            if verifyHeaderChecksum {
                let expected = headerChecksum(UnsafeRawBufferPointer(rebasing: src[4..<descriptorEnd]))
                guard src[descriptorEnd] == expected else { throw corrupt("frame header checksum mismatch") }
            }
            position = descriptorEnd + 1
            var output = BoundedOutput(expected: src.count * 3, limit: limit, codec: .lz4, allocator: allocator)
            while true {
                let word = try u32(position)
                position += 4
                if word == 0 { break }
                let stored = word & 0x8000_0000 != 0
                let size = Int(word & 0x7FFF_FFFF)
                guard size <= maxBlockSize else { throw corrupt("block size \(size) exceeds max \(maxBlockSize)") }
                guard src.count - position >= size + (blockChecksums ? 4 : 0) else { throw corrupt("unexpected end of frame") }
                let block = UnsafeRawBufferPointer(rebasing: src[position..<(position + size)])
                position += size
                if blockChecksums {
                    guard try u32(position) == XXHash32.hash(block) else { throw corrupt("block checksum mismatch") }
                    position += 4
                }
                if stored {
                    guard size <= output.room else { throw CompressionError.sizeLimitExceeded(codec: .lz4, limit: limit) }
                    output.buffer.writeBytes(block)
                    continue
                }
                let capacity = min(maxBlockSize, output.room)
                guard capacity > 0 else { throw CompressionError.sizeLimitExceeded(codec: .lz4, limit: limit) }
                try output.buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: capacity) { dst in
                    let n = LZ4_decompress_safe(
                        block.baseAddress?.assumingMemoryBound(to: CChar.self),
                        dst.baseAddress?.assumingMemoryBound(to: CChar.self), Int32(size), Int32(capacity))
                    guard n >= 0 else {
                        if capacity < maxBlockSize { throw CompressionError.sizeLimitExceeded(codec: .lz4, limit: limit) }
                        throw corrupt("invalid compressed block")
                    }
                    return Int(n)
                }
            }
            // The content checksum is skipped, not verified, like Kafka's reader; only one frame is read.
            if contentChecksum { _ = try u32(position) }
            return output.buffer
        }
    }
}
