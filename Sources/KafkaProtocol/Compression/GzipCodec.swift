import CZlib
import NIOCore

/// gzip (codec 1): an RFC 1952 stream as `GZIPOutputStream` writes it. Reading accepts several
/// concatenated members and ignores trailing bytes that are not another member, like `GZIPInputStream`.
enum GzipCodec {
    static func compress(_ input: ByteBuffer, level: Int32, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        var stream = z_stream()
        // windowBits 15 + 16 selects the gzip wrapper.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(),
                            Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CompressionError.compressionFailed(codec: .gzip, reason: "deflateInit2 failed")
        }
        defer { deflateEnd(&stream) }
        let bound = Int(deflateBound(&stream, uLong(input.readableBytes)))
        var output = allocator.buffer(capacity: bound)
        var status: Int32 = Z_OK
        _ = input.withUnsafeReadableBytes { src in
            output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { dst in
                stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
                stream.avail_in = uInt(src.count)
                stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                stream.avail_out = uInt(dst.count)
                status = deflate(&stream, Z_FINISH)
                return dst.count - Int(stream.avail_out)
            }
        }
        guard status == Z_STREAM_END else {
            throw CompressionError.compressionFailed(codec: .gzip, reason: "deflate returned \(status)")
        }
        return output
    }

    static func decompress(_ input: ByteBuffer, limit: Int, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        guard input.readableBytes > 0 else { throw CompressionError.corruptData(codec: .gzip, reason: "empty stream") }
        var stream = z_stream()
        guard inflateInit2_(&stream, 15 + 16, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            throw CompressionError.compressionFailed(codec: .gzip, reason: "inflateInit2 failed")
        }
        defer { inflateEnd(&stream) }
        var output = BoundedOutput(expected: input.readableBytes * 4, limit: limit, codec: .gzip, allocator: allocator)
        try input.withUnsafeReadableBytes { src in
            stream.next_in = UnsafeMutablePointer(mutating: src.bindMemory(to: Bytef.self).baseAddress)
            stream.avail_in = uInt(src.count)
            while true {
                var status: Int32 = Z_OK
                try output.write { dst in
                    stream.next_out = dst.bindMemory(to: Bytef.self).baseAddress
                    stream.avail_out = uInt(dst.count)
                    status = inflate(&stream, Z_NO_FLUSH)
                    return dst.count - Int(stream.avail_out)
                }
                switch status {
                case Z_STREAM_END:
                    // Another member follows only if its magic is there; anything else is ignored.
                    let left = Int(stream.avail_in)
                    let next = src.count - left
                    guard left >= 2, src[next] == 0x1F, src[next + 1] == 0x8B else { return }
                    guard inflateReset(&stream) == Z_OK else {
                        throw CompressionError.corruptData(codec: .gzip, reason: "inflateReset failed")
                    }
                case Z_OK:
                    continue
                case Z_BUF_ERROR:
                    // No progress: either the input ended early or the output is full.
                    if stream.avail_in == 0 {
                        throw CompressionError.corruptData(codec: .gzip, reason: "unexpected end of stream")
                    }
                case Z_NEED_DICT:
                    throw CompressionError.corruptData(codec: .gzip, reason: "stream needs a dictionary")
                default:
                    let message = stream.msg.map { String(cString: $0) } ?? "inflate returned \(status)"
                    throw CompressionError.corruptData(codec: .gzip, reason: message)
                }
            }
        }
        return output.buffer
    }
}
