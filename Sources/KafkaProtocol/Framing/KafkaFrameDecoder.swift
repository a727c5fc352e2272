import NIOCore

/// Splits a TCP stream into Kafka frames: int32 size, then `size` bytes. Emits each frame's
/// content (header + body) as a slice, without the size prefix.
public struct KafkaFrameDecoder: NIOSingleStepByteToMessageDecoder {
    public typealias InboundOut = ByteBuffer

    /// Kafka's `socket.request.max.bytes` default.
    public static let defaultMaxFrameSize: Int32 = 104_857_600

    public let maxFrameSize: Int32

    public init(maxFrameSize: Int32 = KafkaFrameDecoder.defaultMaxFrameSize) {
        self.maxFrameSize = maxFrameSize
    }

    public mutating func decode(buffer: inout ByteBuffer) throws -> ByteBuffer? {
        guard let size = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) else { return nil }
        // Checked before waiting for the body, so a hostile size never makes us buffer it.
        guard size >= 0 else { throw KafkaFrameError.negativeSize(size) }
        guard size <= maxFrameSize else { throw KafkaFrameError.frameTooLarge(size: size, maxSize: maxFrameSize) }
        guard buffer.readableBytes >= 4 + Int(size) else { return nil }
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer.readSlice(length: Int(size))
    }

    public mutating func decodeLast(buffer: inout ByteBuffer, seenEOF: Bool) throws -> ByteBuffer? {
        try decode(buffer: &buffer)
    }
}

extension ByteBuffer {
    /// Writes a size-prefixed frame: reserves the int32, lets `body` write, then backfills the size.
    @inlinable
    public mutating func writeKafkaFrame(_ body: (inout ByteBuffer) throws -> Void) rethrows {
        let sizeIndex = self.writerIndex
        self.writeInteger(Int32(0), endianness: .big)
        try body(&self)
        let size = self.writerIndex - sizeIndex - 4
        self.setInteger(Int32(truncatingIfNeeded: size), at: sizeIndex, endianness: .big)
    }
}
