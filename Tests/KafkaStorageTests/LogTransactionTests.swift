import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("PartitionLog producer state and transactions")
struct LogTransactionTests {
    static func record(_ ts: Int64) -> TestRecord { TestRecord(key: nil, value: Array("v\(ts)".utf8), timestamp: ts) }

    static func txnData(_ offset: Int64, count: Int = 1, pid: Int64, seq: Int32) -> ByteBuffer {
        TestBatchBuilder.batch(baseOffset: offset, records: (0..<count).map { record(100 + offset + Int64($0)) },
                               producerId: pid, producerEpoch: 0, baseSequence: seq, transactional: true)
    }

    /// Offsets: 0-1 txn(p5) | 2 plain | 3 txn(p5) | 4 ABORT(p5) | 5 txn(p6) | 6 txn(p5) | 7 ABORT(p5) | 8 COMMIT(p6)
    static func writeTransactions(_ log: PartitionLog) throws {
        try log.append(txnData(0, count: 2, pid: 5, seq: 0))
        try log.append(TestBatchBuilder.simple(baseOffset: 2, timestamp: 102))
        try log.append(txnData(3, pid: 5, seq: 2))
        try log.append(TestBatchBuilder.marker(baseOffset: 4, abort: true, producerId: 5, producerEpoch: 0, coordinatorEpoch: 3, timestamp: 500))
        try log.append(txnData(5, pid: 6, seq: 0))
        try log.append(txnData(6, pid: 5, seq: 3))
        try log.append(TestBatchBuilder.marker(baseOffset: 7, abort: true, producerId: 5, producerEpoch: 0, coordinatorEpoch: 3, timestamp: 600))
    }

    static let expectedAborts = [
        AbortedTxn(producerId: 5, firstOffset: 0, lastOffset: 4, lastStableOffset: 5),
        AbortedTxn(producerId: 5, firstOffset: 6, lastOffset: 7, lastStableOffset: 5),
    ]

    @Test func abortMarkersFillTheTransactionIndex() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = temp.path + "/t-0"
        let log = try PartitionLog(directory: dir)
        try Self.writeTransactions(log)
        log.updateHighWatermark(8)
        // Producer 6's transaction (from offset 5) is still open.
        #expect(log.lastStableOffset == 5)
        #expect(log.producerStateEntry(for: 6)?.currentTxnFirstOffset == 5)
        #expect(log.producerStateEntry(for: 5)?.currentTxnFirstOffset == nil)
        #expect(log.producerStateEntry(for: 5)?.coordinatorEpoch == 3)
        #expect(log.producerStateEntry(for: 5)?.lastTimestamp == 600)
        #expect(log.producerStateEntry(for: 5)?.lastSequence == 3)
        try log.append(TestBatchBuilder.marker(baseOffset: 8, abort: false, producerId: 6, producerEpoch: 0, coordinatorEpoch: 3, timestamp: 700))
        // Decided, but the marker is not below the high watermark yet.
        #expect(log.lastStableOffset == 5)
        log.updateHighWatermark(9)
        #expect(log.lastStableOffset == 9)
        #expect(log.abortedTransactions(fetchOffset: 0, upperBoundOffset: 9) == Self.expectedAborts)
        #expect(log.abortedTransactions(fetchOffset: 5, upperBoundOffset: 9) == [Self.expectedAborts[1]])
        try log.close()
        let index = try TransactionIndex.read(path: dir + "/" + LogFileNames.txnIndex(0))
        #expect(index.entries == Self.expectedAborts)

        // Clean reopen: state from the snapshot.
        let snapshot = try ProducerSnapshot.read(path: dir + "/" + LogFileNames.snapshot(9))
        #expect(snapshot.entries.map(\.producerId) == [5, 6])
        #expect(snapshot.entries.allSatisfy { $0.currentTxnFirstOffset == -1 })
        let reopened = try PartitionLog(directory: dir)
        #expect(reopened.producerStateEntry(for: 6)?.lastSequence == 0)
        #expect(reopened.abortedTransactions(fetchOffset: 0, upperBoundOffset: 9) == Self.expectedAborts)
        try reopened.close()

        // Unclean reopen without snapshot or index: both rebuilt from the log.
        StorageFile.remove(dir + "/" + LogFileNames.txnIndex(0))
        StorageFile.remove(dir + "/" + LogFileNames.snapshot(9))
        let recovered = try PartitionLog(directory: dir, recoveryPoint: 0, hadCleanShutdown: false)
        #expect(recovered.abortedTransactions(fetchOffset: 0, upperBoundOffset: 9) == Self.expectedAborts)
        #expect(recovered.producerStateEntry(for: 5)?.coordinatorEpoch == 3)
        try recovered.close()
        #expect(try TransactionIndex.read(path: dir + "/" + LogFileNames.txnIndex(0)).entries == Self.expectedAborts)
        #expect(try ProducerSnapshot.read(path: dir + "/" + LogFileNames.snapshot(9)) == snapshot)
    }

    @Test func openTransactionSurvivesRestart() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = temp.path + "/t-0"
        let log = try PartitionLog(directory: dir)
        try log.append(Self.txnData(0, pid: 9, seq: 0))
        try log.close()
        let reopened = try PartitionLog(directory: dir)
        reopened.updateHighWatermark(1)
        #expect(reopened.producerStateEntry(for: 9)?.currentTxnFirstOffset == 0)
        #expect(reopened.lastStableOffset == 0)
        try reopened.append(TestBatchBuilder.marker(baseOffset: 1, abort: true, producerId: 9, producerEpoch: 0, coordinatorEpoch: 0, timestamp: 1))
        #expect(reopened.abortedTransactions(fetchOffset: 0, upperBoundOffset: 2)
            == [AbortedTxn(producerId: 9, firstOffset: 0, lastOffset: 1, lastStableOffset: 2)])
        try reopened.close()
    }

    @Test func duplicateBatchesAreFound() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let log = try PartitionLog(directory: temp.path + "/t-0")
        for i in 0..<7 {
            try log.append(TestBatchBuilder.batch(baseOffset: Int64(i * 2), records: [Self.record(1), Self.record(2)],
                                                  producerId: 3, producerEpoch: 1, baseSequence: Int32(i * 2)))
        }
        let entry = try #require(log.producerStateEntry(for: 3))
        #expect(entry.batchMetadata.count == ProducerStateEntry.batchesToRetain)
        #expect(entry.findDuplicateBatch(epoch: 1, firstSequence: 12, lastSequence: 13)?.lastOffset == 13)
        #expect(entry.findDuplicateBatch(epoch: 1, firstSequence: 0, lastSequence: 1) == nil)
        #expect(entry.findDuplicateBatch(epoch: 2, firstSequence: 12, lastSequence: 13) == nil)
        #expect(ProducerStateEntry.incrementSequence(Int32.max, 1) == 0)
        #expect(ProducerStateEntry.decrementSequence(0, 1) == Int32.max)
        try log.close()
    }

    @Test func malformedMarkersAreRejectedByRecovery() throws {
        // A control batch whose marker value is too short stops the producer-state update.
        var rec = ByteBuffer()
        rec.writeInteger(Int8(0)); rec.writeVarlong(0); rec.writeVarint(0)
        rec.writeVarint(4); rec.writeInteger(Int16(0)); rec.writeInteger(Int16(0))
        rec.writeVarint(2); rec.writeInteger(Int16(0)); rec.writeVarint(0)
        var body = ByteBuffer()
        body.writeVarint(Int32(rec.readableBytes)); body.writeBuffer(&rec)
        let batch = TestBatchBuilder.assemble(baseOffset: 0, leaderEpoch: 0, attributes: 0x30, lastOffsetDelta: 0, baseTimestamp: 1,
                                              maxTimestamp: 1, producerId: 1, producerEpoch: 0, baseSequence: -1, count: 1, body: body)
        #expect(throws: KafkaProtocolError.self) { _ = try TransactionMarker.parse(batch: batch) }
        let good = TestBatchBuilder.marker(baseOffset: 0, abort: false, producerId: 1, producerEpoch: 0, coordinatorEpoch: 7, timestamp: 9)
        let marker = try TransactionMarker.parse(batch: good)
        #expect(marker == TransactionMarker(isAbort: false, coordinatorEpoch: 7, timestamp: 9))
    }
}
