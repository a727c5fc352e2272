import KafkaProtocol
import NIOCore

/// Encodes a FetchResponse frame whose record bytes stay in the segment files (Kafka sends
/// `FileRecords` with `transferTo`): the parts are the encoded bytes up to a partition's
/// `records` length prefix, the file region, the bytes up to the next region, and so on.
///
/// Everything except the records content comes from the generated encoder: the response is
/// encoded twice with each spliced `records` set to empty and to null. Both encodings have the
/// same length and differ only in those length prefixes (0 vs -1, or compact 1 vs 0), which
/// locates each records field; the real length is written in its place and the region follows.
/// The bytes on the wire are those of the generated encoder with the records in the buffer.
enum FetchResponseSplicer {
    enum SpliceError: Error, Equatable {
        /// The two encodings did not differ where a records field was expected.
        case recordsFieldNotFound
        case regionTooLarge(Int)
    }

    /// The frame (size prefix, response header, body) as parts. `regions[t][p]`, when present,
    /// holds the records of `response.responses[t].partitions[p]`, whose `records` is ignored.
    static func frame(_ response: FetchResponse, regions: [[FileRegion?]], version: Int16, correlationId: Int32,
                      allocator: ByteBufferAllocator) throws -> [ResponseSend.Part] {
        var withEmpty = response
        var withNull = response
        var spliced: [FileRegion] = []
        for (t, topic) in response.responses.enumerated() where t < regions.count {
            for p in topic.partitions.indices where p < regions[t].count {
                guard let region = regions[t][p] else { continue }
                guard region.readableBytes <= Int32.max - 1 else { throw SpliceError.regionTooLarge(region.readableBytes) }
                withEmpty.responses[t].partitions[p].records = ByteBuffer()
                withNull.responses[t].partitions[p].records = nil
                spliced.append(region)
            }
        }
        var emptyFrame = allocator.buffer(capacity: 256)
        try KafkaFrameEncoder.writeResponse(withEmpty, version: version, correlationId: correlationId, into: &emptyFrame)
        if spliced.isEmpty { return [.bytes(emptyFrame)] }
        var nullFrame = allocator.buffer(capacity: emptyFrame.readableBytes)
        try KafkaFrameEncoder.writeResponse(withNull, version: version, correlationId: correlationId, into: &nullFrame)

        let empty = Array(emptyFrame.readableBytesView)
        let null = Array(nullFrame.readableBytesView)
        guard empty.count == null.count else { throw SpliceError.recordsFieldNotFound }
        let compact = version >= 12
        let prefixLength = compact ? 1 : 4

        var parts: [ResponseSend.Part] = []
        var bufferBytes = 0
        var fileBytes = 0
        var start = 0
        for region in spliced {
            guard let at = (start..<empty.count).first(where: { empty[$0] != null[$0] }),
                  at + prefixLength <= empty.count else { throw SpliceError.recordsFieldNotFound }
            var part = allocator.buffer(capacity: at - start + prefixLength)
            part.writeBytes(empty[start..<at])
            if compact {
                part.writeUnsignedVarint(UInt32(region.readableBytes + 1))
            } else {
                part.writeInteger(Int32(region.readableBytes), endianness: .big)
            }
            bufferBytes += part.readableBytes
            fileBytes += region.readableBytes
            parts.append(.bytes(part))
            parts.append(.file(region))
            start = at + prefixLength
        }
        // No other byte may differ: the null and empty encodings agree after the last prefix.
        guard empty[start...] == null[start...] else { throw SpliceError.recordsFieldNotFound }
        var rest = allocator.buffer(capacity: empty.count - start)
        rest.writeBytes(empty[start...])
        bufferBytes += rest.readableBytes
        parts.append(.bytes(rest))

        // The size prefix counts everything after itself, file bytes included.
        let frameSize = bufferBytes + fileBytes - 4
        guard frameSize <= Int32.max else { throw SpliceError.regionTooLarge(fileBytes) }
        if case var .bytes(first) = parts[0] {
            first.setInteger(Int32(frameSize), at: first.readerIndex, endianness: .big)
            parts[0] = .bytes(first)
        }
        return parts
    }
}
