import Foundation
import KafkaProtocol
import NIOCore

/// Builds uncompressed v2 record batches for tests (the product's builder lives in KafkaProtocol).
struct TestRecord {
    var key: [UInt8]?
    var value: [UInt8]?
    var timestamp: Int64
}

enum TestBatchBuilder {
    static func batch(baseOffset: Int64, records: [TestRecord], leaderEpoch: Int32 = 0, producerId: Int64 = -1,
                      producerEpoch: Int16 = -1, baseSequence: Int32 = -1, transactional: Bool = false,
                      logAppendTime: Bool = false) -> ByteBuffer {
        let baseTimestamp = records.first?.timestamp ?? -1
        var body = ByteBuffer()
        for (i, r) in records.enumerated() {
            var rec = ByteBuffer()
            rec.writeInteger(Int8(0))
            rec.writeVarlong(r.timestamp - baseTimestamp)
            rec.writeVarint(Int32(i))
            if let key = r.key { rec.writeVarint(Int32(key.count)); rec.writeBytes(key) } else { rec.writeVarint(-1) }
            if let value = r.value { rec.writeVarint(Int32(value.count)); rec.writeBytes(value) } else { rec.writeVarint(-1) }
            rec.writeVarint(0)
            body.writeVarint(Int32(rec.readableBytes))
            body.writeBuffer(&rec)
        }
        var attributes: Int16 = 0
        if transactional { attributes |= 0x10 }
        if logAppendTime { attributes |= 0x08 }
        return assemble(baseOffset: baseOffset, leaderEpoch: leaderEpoch, attributes: attributes,
                        lastOffsetDelta: Int32(max(records.count - 1, 0)), baseTimestamp: baseTimestamp,
                        maxTimestamp: records.map(\.timestamp).max() ?? -1, producerId: producerId,
                        producerEpoch: producerEpoch, baseSequence: baseSequence, count: Int32(records.count), body: body)
    }

    /// A COMMIT (`abort == false`) or ABORT marker batch.
    static func marker(baseOffset: Int64, abort: Bool, producerId: Int64, producerEpoch: Int16, coordinatorEpoch: Int32,
                       timestamp: Int64, leaderEpoch: Int32 = 0) -> ByteBuffer {
        var rec = ByteBuffer()
        rec.writeInteger(Int8(0))
        rec.writeVarlong(0)
        rec.writeVarint(0)
        rec.writeVarint(4)
        rec.writeInteger(Int16(0), endianness: .big)
        rec.writeInteger(Int16(abort ? 0 : 1), endianness: .big)
        rec.writeVarint(6)
        rec.writeInteger(Int16(0), endianness: .big)
        rec.writeInteger(coordinatorEpoch, endianness: .big)
        rec.writeVarint(0)
        var body = ByteBuffer()
        body.writeVarint(Int32(rec.readableBytes))
        body.writeBuffer(&rec)
        return assemble(baseOffset: baseOffset, leaderEpoch: leaderEpoch, attributes: 0x30, lastOffsetDelta: 0,
                        baseTimestamp: timestamp, maxTimestamp: timestamp, producerId: producerId,
                        producerEpoch: producerEpoch, baseSequence: -1, count: 1, body: body)
    }

    static func assemble(baseOffset: Int64, leaderEpoch: Int32, attributes: Int16, lastOffsetDelta: Int32,
                         baseTimestamp: Int64, maxTimestamp: Int64, producerId: Int64, producerEpoch: Int16,
                         baseSequence: Int32, count: Int32, body: ByteBuffer) -> ByteBuffer {
        var body = body
        let header = RecordBatchHeader(
            baseOffset: baseOffset, batchLength: Int32(RecordBatchHeader.size - RecordBatchHeader.logOverhead + body.readableBytes),
            partitionLeaderEpoch: leaderEpoch, crc: 0, attributes: attributes, lastOffsetDelta: lastOffsetDelta,
            baseTimestamp: baseTimestamp, maxTimestamp: maxTimestamp, producerId: producerId, producerEpoch: producerEpoch,
            baseSequence: baseSequence, recordsCount: count)
        var buffer = ByteBuffer()
        header.write(into: &buffer)
        buffer.writeBuffer(&body)
        let crc = RecordBatchHeader.computeCRC(ofBatchAt: 0, totalSize: buffer.readableBytes, in: buffer)
        buffer.setInteger(crc, at: RecordBatchHeader.crcOffset, endianness: .big)
        return buffer
    }

    /// A batch of `count` records with `valueSize`-byte values, timestamps from `timestamp`.
    static func simple(baseOffset: Int64, count: Int = 1, valueSize: Int = 50, timestamp: Int64 = 1_700_000_000_000,
                       leaderEpoch: Int32 = 0) -> ByteBuffer {
        let records = (0..<count).map { i in
            TestRecord(key: Array("k\(baseOffset + Int64(i))".utf8), value: [UInt8](repeating: UInt8(65 + i % 26), count: valueSize),
                       timestamp: timestamp + Int64(i))
        }
        return batch(baseOffset: baseOffset, records: records, leaderEpoch: leaderEpoch)
    }
}

/// A clock tests move by hand.
final class TestClock: @unchecked Sendable {
    private var value: Int64
    private let lock = NSLock()
    init(_ start: Int64) { value = start }
    var now: Int64 { lock.withLock { value } }
    func advance(_ ms: Int64) { lock.withLock { value += ms } }
    var function: @Sendable () -> Int64 { { self.now } }
}
