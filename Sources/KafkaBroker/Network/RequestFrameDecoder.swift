import KafkaProtocol
import NIOCore

/// `KafkaFrameDecoder` for the broker's inbound side, reserving room for the whole frame once
/// its size is known. A produce frame of a megabyte arrives in many reads; without the
/// reservation the accumulation buffer doubles its way up, copying what it holds each time.
/// Reservations stop at `maxReservation`, so a size prefix alone never commits much memory.
struct RequestFrameDecoder: ByteToMessageDecoder {
    typealias InboundOut = ByteBuffer

    var frames: KafkaFrameDecoder
    static let maxReservation = 8 << 20

    init(maxFrameSize: Int32) {
        frames = KafkaFrameDecoder(maxFrameSize: maxFrameSize)
    }

    mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        if let frame = try frames.decode(buffer: &buffer) {
            context.fireChannelRead(NIOAny(frame))
            return .continue
        }
        // `decode` checked the size against the maximum before answering nil.
        if let size = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int32.self) {
            let missing = min(4 + Int(size) - buffer.readableBytes, Self.maxReservation)
            if missing > buffer.writableBytes { buffer.reserveCapacity(minimumWritableBytes: missing) }
        }
        return .needMoreData
    }

    mutating func decodeLast(context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool) throws -> DecodingState {
        guard let frame = try frames.decodeLast(buffer: &buffer, seenEOF: seenEOF) else { return .needMoreData }
        context.fireChannelRead(NIOAny(frame))
        return .continue
    }
}
