import CZstd
import NIOCore

/// zstd (codec 4): standard zstd frames. zstd-jni's streaming writer usually leaves out the
/// content size, so decoding streams the output instead of trusting a size from the header.
enum ZstdCodec {
    static func compress(_ input: ByteBuffer, level: Int32, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        let bound = ZSTD_compressBound(input.readableBytes)
        var output = allocator.buffer(capacity: bound)
        try input.withUnsafeReadableBytes { src in
            _ = try output.writeWithUnsafeMutableBytes(minimumWritableBytes: bound) { dst in
                let n = ZSTD_compress(dst.baseAddress, dst.count, src.baseAddress, src.count, level)
                guard ZSTD_isError(n) == 0 else {
                    throw CompressionError.compressionFailed(codec: .zstd, reason: String(cString: ZSTD_getErrorName(n)))
                }
                return n
            }
        }
        return output
    }

    static func decompress(_ input: ByteBuffer, limit: Int, allocator: ByteBufferAllocator) throws -> ByteBuffer {
        guard input.readableBytes > 0 else { throw CompressionError.corruptData(codec: .zstd, reason: "empty stream") }
        guard let context = ZSTD_createDCtx() else {
            throw CompressionError.compressionFailed(codec: .zstd, reason: "ZSTD_createDCtx failed")
        }
        defer { ZSTD_freeDCtx(context) }
        var output = BoundedOutput(expected: input.readableBytes * 4, limit: limit, codec: .zstd, allocator: allocator)
        try input.withUnsafeReadableBytes { src in
            var inBuffer = ZSTD_inBuffer(src: src.baseAddress, size: src.count, pos: 0)
            var pending = 1  // ZSTD_decompressStream's hint: 0 once a frame is complete
            while inBuffer.pos < inBuffer.size || pending != 0 {
                let consumedBefore = inBuffer.pos
                var filled = false
                try output.write { dst in
                    var outBuffer = ZSTD_outBuffer(dst: dst.baseAddress, size: dst.count, pos: 0)
                    let result = ZSTD_decompressStream(context, &outBuffer, &inBuffer)
                    guard ZSTD_isError(result) == 0 else {
                        throw CompressionError.corruptData(codec: .zstd, reason: String(cString: ZSTD_getErrorName(result)))
                    }
                    pending = result
                    filled = outBuffer.pos == outBuffer.size
                    return outBuffer.pos
                }
                if pending != 0, inBuffer.pos == inBuffer.size, !filled, consumedBefore == inBuffer.pos {
                    throw CompressionError.corruptData(codec: .zstd, reason: "unexpected end of stream")
                }
            }
        }
        return output.buffer
    }
}
