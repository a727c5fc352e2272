import CSnappy
import NIOCore

/// snappy (codec 2). Kafka's Java client writes snappy-java's "xerial" framing: an 8-byte magic,
/// two int32 versions, then blocks of `int32 length + raw snappy` (each from at most 32 KiB of input).
/// Readers take that framing and, when the magic is absent, one raw snappy block (non-Java clients).
enum SnappyCodec {
    static let xerialMagic: [UInt8] = [0x82, 0x53, 0x4E, 0x41, 0x50, 0x50, 0x59, 0x00]
    static let xerialHeaderSize = 16
    static let xerialBlockSize = 32 * 1024

    static func compress(_ input: ByteBuffer, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let blocks = max(1, (input.readableBytes + xerialBlockSize - 1) / xerialBlockSize)
        var output = allocator.buffer(
            capacity: xerialHeaderSize + blocks * (4 + snappy_max_compressed_length(xerialBlockSize)))
        output.writeBytes(xerialMagic)
        output.writeInteger(Int32(1), endianness: .big)  // version
        output.writeInteger(Int32(1), endianness: .big)  // compatible version
        try input.withUnsafeReadableBytes { src in
            var offset = 0
            while offset < src.count {
                let chunk = UnsafeRawBufferPointer(rebasing: src[offset..<min(src.count, offset + xerialBlockSize)])
                let bound = snappy_max_compressed_length(chunk.count)
                let lengthIndex = output.writerIndex
                output.writeInteger(Int32(0), endianness: .big)
                var status = SNAPPY_OK
                try output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { dst in
                    var length = dst.count
                    status = snappy_compress(
                        chunk.baseAddress?.assumingMemoryBound(to: CChar.self), chunk.count,
                        dst.baseAddress?.assumingMemoryBound(to: CChar.self), &length)
                    guard status == SNAPPY_OK else {
                        throw CompressionError.compressionFailed(codec: .snappy, reason: "snappy_compress failed")
                    }
                    return length
                }
                output.setInteger(Int32(output.writerIndex - lengthIndex - 4), at: lengthIndex, endianness: .big)
                offset += chunk.count
            }
        }
        return output
    }

    static func decompress(_ input: ByteBuffer, limit: Int, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        try input.withUnsafeReadableBytes { src in
            guard isXerial(src) else {
                return try decompressRaw(src, limit: limit, allocator: allocator)
            }
            var output = BoundedOutput(expected: src.count * 3, limit: limit, codec: .snappy, allocator: allocator)
            var position = xerialHeaderSize
            while position < src.count {
                let rest = UnsafeRawBufferPointer(rebasing: src[position...])
                // snappy-java skips the header of a concatenated stream between blocks.
                if isXerial(rest) {
                    position += xerialHeaderSize
                    continue
                }
                guard rest.count >= 4 else {
                    throw CompressionError.corruptData(codec: .snappy, reason: "truncated block length")
                }
                let length = Int(Int32(bitPattern: UInt32(rest[0]) << 24 | UInt32(rest[1]) << 16 | UInt32(rest[2]) << 8 | UInt32(rest[3])))
                guard length >= 0, length <= rest.count - 4 else {
                    throw CompressionError.corruptData(codec: .snappy, reason: "block length \(length) exceeds the data")
                }
                let block = UnsafeRawBufferPointer(rebasing: rest[4..<(4 + length)])
                try appendRaw(block, to: &output)
                position += 4 + length
            }
            return output.buffer
        }
    }

    private static func isXerial(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard bytes.count >= xerialHeaderSize else { return false }
        for i in 0..<xerialMagic.count where bytes[i] != xerialMagic[i] { return false }
        return true
    }

    private static func uncompressedLength(_ block: UnsafeRawBufferPointer) throws -> Int {
        var length = 0
        guard snappy_uncompressed_length(block.baseAddress?.assumingMemoryBound(to: CChar.self), block.count, &length) == SNAPPY_OK else {
            throw CompressionError.corruptData(codec: .snappy, reason: "invalid block header")
        }
        return length
    }

    private static func appendRaw(_ block: UnsafeRawBufferPointer, to output: inout BoundedOutput) throws {
        let length = try uncompressedLength(block)
        // A snappy element expands at most ~21x, so a larger claim is a lie; refuse it before allocating.
        guard length <= block.count * 32 + 64 else {
            throw CompressionError.corruptData(codec: .snappy, reason: "block claims \(length) bytes from \(block.count)")
        }
        guard length <= output.room else {
            throw CompressionError.sizeLimitExceeded(codec: .snappy, limit: output.limit)
        }
        guard length > 0 else { return }
        try output.buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: length) { dst in
            var produced = length
            guard snappy_uncompress(
                block.baseAddress?.assumingMemoryBound(to: CChar.self), block.count,
                dst.baseAddress?.assumingMemoryBound(to: CChar.self), &produced) == SNAPPY_OK, produced == length
            else {
                throw CompressionError.corruptData(codec: .snappy, reason: "invalid compressed block")
            }
            return produced
        }
    }

    private static func decompressRaw(_ src: UnsafeRawBufferPointer, limit: Int, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let length = try uncompressedLength(src)
        guard length <= limit else { throw CompressionError.sizeLimitExceeded(codec: .snappy, limit: limit) }
        var output = BoundedOutput(expected: length, limit: limit, codec: .snappy, allocator: allocator)
        try appendRaw(src, to: &output)
        return output.buffer
    }
}
