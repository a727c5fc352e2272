import NIOCore

/// An output buffer for streaming decompressors that grows geometrically but never past `limit`,
/// so a small hostile input cannot make us reserve a large block up front.
struct BoundedOutput {
    var buffer: ByteBuffer
    let limit: Int
    let codec: CompressionCodec

    init(expected: Int, limit: Int, codec: CompressionCodec, allocator: ByteBufferAllocator) {
        self.limit = limit
        self.codec = codec
        self.buffer = allocator.buffer(capacity: max(64, min(limit, expected)))
    }

    var written: Int { buffer.readableBytes }
    var room: Int { limit - buffer.readableBytes }

    /// Makes sure at least one byte can be written. Throws once the limit is reached.
    mutating func ensureWritable() throws {
        guard room > 0 else { throw CompressionError.sizeLimitExceeded(codec: codec, limit: limit) }
        if buffer.writableBytes == 0 {
            buffer.reserveCapacity(min(limit, max(buffer.capacity * 2, 64 * 1024)))
        }
    }

    /// Runs `body` with the writable region, trimmed to what the limit still allows.
    /// `body` returns how many bytes it wrote.
    mutating func write(_ body: (UnsafeMutableRawBufferPointer) throws -> Int) throws {
        try ensureWritable()
        let allowed = min(buffer.writableBytes, room)
        try buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: 0) { raw in
            try body(UnsafeMutableRawBufferPointer(rebasing: raw[0..<allowed]))
        }
    }
}
