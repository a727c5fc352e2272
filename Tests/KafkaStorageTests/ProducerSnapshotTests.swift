import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("Producer snapshots")
struct ProducerSnapshotTests {
    static let snapshots: [(String, String)] = [
        ("fx-idempotent-0", "00000000000000000008.snapshot"), ("fx-multisegment-0", "00000000000000000010.snapshot"),
        ("fx-multisegment-0", "00000000000000000040.snapshot"), ("fx-transactional-0", "00000000000000000010.snapshot"),
        ("fx-plain-0", "00000000000000000013.snapshot"),
    ]

    @Test("fixture snapshots read like kafka-dump-log printed them", arguments: snapshots)
    func readsFixture(partition: String, file: String) throws {
        let snapshot = try ProducerSnapshot.read(path: FixtureFiles.path(partition, file))
        let dumped = try FixtureFiles.dumpLines(partition, file + ".plain.out")
        #expect(snapshot.entries.count == dumped.count)
        for (entry, line) in zip(snapshot.entries, dumped) {
            #expect("\(entry.producerId)" == line["producerId"])
            #expect("\(entry.epoch)" == line["producerEpoch"])
            #expect("\(entry.coordinatorEpoch)" == line["coordinatorEpoch"])
            #expect("\(entry.lastSequence)" == line["lastSequence"])
            #expect("\(entry.firstSequence)" == line["firstSequence"])
            #expect("\(entry.lastOffset)" == line["lastOffset"])
            #expect("\(entry.offsetDelta)" == line["offsetDelta"])
            #expect("\(entry.timestamp)" == line["timestamp"])
            let txn = entry.currentTxnFirstOffset >= 0 ? "OptionalLong[\(entry.currentTxnFirstOffset)]" : "OptionalLong.empty"
            #expect(txn == line["currentTxnFirstOffset"])
        }
        // Writing what we read gives Kafka's bytes back.
        #expect(Array(buffer: snapshot.encoded()) == (try FixtureFiles.bytes(partition, file)))
    }

    @Test func roundTrip() throws {
        let snapshot = ProducerSnapshot(entries: [
            ProducerSnapshotEntry(producerId: 1, epoch: 2, lastSequence: 9, lastOffset: 100, offsetDelta: 4,
                                  timestamp: 1_700_000_000_000, coordinatorEpoch: 3, currentTxnFirstOffset: 96),
            ProducerSnapshotEntry(producerId: 7, epoch: 0, lastSequence: -1, lastOffset: -1, offsetDelta: 0,
                                  timestamp: 5, coordinatorEpoch: -1, currentTxnFirstOffset: -1),
        ])
        #expect(try ProducerSnapshot(parsing: snapshot.encoded()) == snapshot)
    }

    @Test func badCRC() throws {
        var bytes = ProducerSnapshot(entries: [
            ProducerSnapshotEntry(producerId: 1, epoch: 2, lastSequence: 9, lastOffset: 100, offsetDelta: 4,
                                  timestamp: 1, coordinatorEpoch: 3, currentTxnFirstOffset: -1),
        ]).encoded()
        let stored = bytes.getInteger(at: 2, as: UInt32.self)!
        bytes.setInteger(UInt8(0x55), at: 20)
        let computed = bytes.withUnsafeReadableBytes { raw in
            CRC32C.update(0, UnsafeRawBufferPointer(rebasing: raw[6...]))
        }
        #expect(throws: CorruptSnapshotError(
            "Snapshot is corrupt (CRC is no longer valid). Stored crc: \(stored). Computed crc: \(computed)")) {
            _ = try ProducerSnapshot(parsing: bytes)
        }
    }

    @Test func badVersionAndTruncation() throws {
        var bytes = ProducerSnapshot(entries: []).encoded()
        bytes.setInteger(Int16(2), at: 0)
        #expect(throws: CorruptSnapshotError("Snapshot contained an unknown file version 2")) {
            _ = try ProducerSnapshot(parsing: bytes)
        }
        #expect(throws: CorruptSnapshotError(
            "Snapshot failed schema validation: Error reading field 'version': java.nio.BufferUnderflowException")) {
            _ = try ProducerSnapshot(parsing: ByteBuffer(bytes: [0]))
        }
        #expect(throws: CorruptSnapshotError(
            "Snapshot failed schema validation: Error reading field 'producer_entries': Error reading array of size 5, only 0 bytes available")) {
            _ = try ProducerSnapshot(parsing: ByteBuffer(bytes: [0, 1, 0, 0, 0, 0, 0, 0, 0, 5]))
        }
        var cut = ProducerSnapshot(entries: [
            ProducerSnapshotEntry(producerId: 1, epoch: 2, lastSequence: 9, lastOffset: 100, offsetDelta: 4,
                                  timestamp: 1, coordinatorEpoch: 3, currentTxnFirstOffset: -1),
        ]).encoded()
        cut.moveWriterIndex(to: cut.writerIndex - 3)
        #expect(throws: CorruptSnapshotError(
            "Snapshot failed schema validation: Error reading field 'producer_entries': Error reading field 'current_txn_first_offset': java.nio.BufferUnderflowException")) {
            _ = try ProducerSnapshot(parsing: cut)
        }
    }
}
