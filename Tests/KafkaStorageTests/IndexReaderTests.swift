import Foundation
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("Index readers")
struct IndexReaderTests {
    static let segmentIndexes: [(String, String)] = [
        ("fx-multisegment-0", "00000000000000000000"), ("fx-multisegment-0", "00000000000000000010"),
        ("fx-multisegment-0", "00000000000000000020"), ("fx-multisegment-0", "00000000000000000030"),
        ("fx-plain-0", "00000000000000000000"), ("fx-transactional-0", "00000000000000000000"),
        ("fx-idempotent-0", "00000000000000000000"),
    ]

    @Test("offset index entries match what kafka-dump-log printed", arguments: segmentIndexes)
    func offsetIndexMatchesDump(partition: String, segment: String) throws {
        let index = try OffsetIndex.read(path: FixtureFiles.path(partition, segment + ".index"))
        #expect(index.baseOffset == Int64(segment))
        let dumped = try FixtureFiles.dumpLines(partition, segment + ".index.plain.out").filter { $0["offset"] != nil }
        #expect(index.entries.map { "\($0.offset) \($0.position)" } == dumped.map { "\($0["offset"]!) \($0["position"]!)" })
        try index.sanityCheck()
    }

    @Test("time index entries match what kafka-dump-log printed", arguments: segmentIndexes)
    func timeIndexMatchesDump(partition: String, segment: String) throws {
        let index = try TimeIndex.read(path: FixtureFiles.path(partition, segment + ".timeindex"))
        let dumped = try FixtureFiles.dumpLines(partition, segment + ".timeindex.plain.out").filter { $0["timestamp"] != nil }
        #expect(index.entries.map { "\($0.timestamp) \($0.offset)" } == dumped.map { "\($0["timestamp"]!) \($0["offset"]!)" })
        #expect(!index.isEmpty)
        try index.sanityCheck()
    }

    @Test func transactionIndexMatchesDump() throws {
        let index = try TransactionIndex.read(path: FixtureFiles.path("fx-transactional-0", "00000000000000000000.txnindex"))
        let dumped = try FixtureFiles.dumpLines("fx-transactional-0", "00000000000000000000.txnindex.plain.out")
        #expect(index.entries.count == dumped.count)
        for (txn, line) in zip(index.entries, dumped) {
            #expect("\(txn.version)" == line["version"])
            #expect("\(txn.producerId)" == line["producerId"])
            #expect("\(txn.firstOffset)" == line["firstOffset"])
            #expect("\(txn.lastOffset)" == line["lastOffset"])
            #expect("\(txn.lastStableOffset)" == line["lastStableOffset"])
        }
        try index.sanityCheck()
        // Re-encoding gives the same bytes.
        #expect(Array(buffer: index.encoded()) == (try FixtureFiles.bytes("fx-transactional-0", "00000000000000000000.txnindex")))
    }

    @Test func missingTransactionIndexIsEmpty() throws {
        let index = try TransactionIndex.read(path: FixtureFiles.path("fx-plain-0", "00000000000000000000.txnindex"))
        #expect(index.entries.isEmpty)
    }

    @Test func offsetIndexLookup() throws {
        let index = try OffsetIndex.read(path: FixtureFiles.path("fx-multisegment-0", "00000000000000000000.index"))
        let entries = index.entries
        #expect(index.lookup(0) == OffsetPosition(offset: 0, position: 0))
        #expect(index.lookup(entries[0].offset - 1) == OffsetPosition(offset: 0, position: 0))
        #expect(index.lookup(entries[0].offset) == entries[0])
        #expect(index.lookup(entries[1].offset - 1) == entries[0])
        #expect(index.lookup(Int64.max) == entries.last)
    }

    @Test func timeIndexLookup() throws {
        let index = try TimeIndex.read(path: FixtureFiles.path("fx-multisegment-0", "00000000000000000000.timeindex"))
        let entries = index.entries
        #expect(index.lookup(entries[0].timestamp - 1) == TimestampOffset(timestamp: -1, offset: 0))
        #expect(index.lookup(entries[1].timestamp) == entries[1])
        #expect(index.lookup(entries[1].timestamp + 1) == entries[1])
        #expect(index.lookup(Int64.max) == entries.last)
    }

    // MARK: sanity checks (Kafka's texts)

    static func buffer(_ bytes: [UInt8]) -> ByteBuffer { ByteBuffer(bytes: bytes) }

    @Test func offsetIndexSizeNotMultiple() throws {
        let index = OffsetIndex(parsing: Self.buffer([0, 0, 0, 1, 0, 0, 0, 5, 9]), baseOffset: 10, path: "/x/10.index")
        #expect(index.count == 1)
        #expect(throws: CorruptIndexError(
            "Index file /x/10.index is corrupt, found 9 bytes which is neither positive nor a multiple of 8")) {
            try index.sanityCheck()
        }
    }

    @Test func offsetIndexLastOffsetBelowBase() throws {
        // relative offset -1 → last offset 9 < base 10
        let index = OffsetIndex(parsing: Self.buffer([0xFF, 0xFF, 0xFF, 0xFF, 0, 0, 0, 5]), baseOffset: 10, path: "/x/10.index")
        #expect(throws: CorruptIndexError(
            "Corrupt index found, index file /x/10.index has non-zero size but the last offset is 9 which is less than the base offset 10")) {
            try index.sanityCheck()
        }
    }

    @Test func untrimmedOffsetIndexPassesSanityCheck() throws {
        // A crash leaves zero slots after the real entries; Kafka counts them and still passes.
        var bytes: [UInt8] = [0, 0, 0, 3, 0, 0, 1, 0]
        bytes += [UInt8](repeating: 0, count: 24)
        let index = OffsetIndex(parsing: Self.buffer(bytes), baseOffset: 0, path: "/x/0.index")
        #expect(index.count == 4)
        try index.sanityCheck()
    }

    @Test func timeIndexChecks() throws {
        func entry(_ ts: Int64, _ rel: Int32) -> [UInt8] { TimeIndex.encode(timestamp: ts, relativeOffset: rel) }
        let decreasing = TimeIndex(parsing: Self.buffer(entry(100, 1) + entry(50, 2)), baseOffset: 0, path: "/t")
        #expect(throws: CorruptIndexError(
            "Corrupt time index found, time index file (/t) has non-zero size but the last timestamp is 50 which is less than the first timestamp 100")) {
            try decreasing.sanityCheck()
        }
        let belowBase = TimeIndex(parsing: Self.buffer(entry(100, -3)), baseOffset: 5, path: "/t")
        #expect(throws: CorruptIndexError(
            "Corrupt time index found, time index file (/t) has non-zero size but the last offset is 2 which is less than the first offset 5")) {
            try belowBase.sanityCheck()
        }
        let ragged = TimeIndex(parsing: Self.buffer(entry(100, 1) + [1, 2]), baseOffset: 0, path: "/t")
        #expect(throws: CorruptIndexError(
            "Time index file /t is corrupt, found 14 bytes which is neither positive nor a multiple of 12")) {
            try ragged.sanityCheck()
        }
    }

    @Test func transactionIndexChecks() throws {
        var buffer = ByteBuffer()
        AbortedTxn(producerId: 1, firstOffset: 2, lastOffset: 3, lastStableOffset: 4).encode(into: &buffer)
        let index = try TransactionIndex(parsing: buffer, startOffset: 10, path: "/t.txnindex")
        #expect(throws: CorruptIndexError(
            "Last offset of aborted transaction AbortedTxn(version=0, producerId=1, firstOffset=2, lastOffset=3, lastStableOffset=4) in index /t.txnindex is less than start offset 10")) {
            try index.sanityCheck()
        }
        var future = ByteBuffer()
        AbortedTxn(version: 1, producerId: 1, firstOffset: 2, lastOffset: 3, lastStableOffset: 4).encode(into: &future)
        #expect(throws: TransactionIndexError(
            "Unexpected aborted transaction version 1 in transaction index /t.txnindex, current version is 0")) {
            _ = try TransactionIndex(parsing: future, startOffset: 0, path: "/t.txnindex")
        }
        // A trailing partial entry is ignored.
        buffer.writeBytes([1, 2, 3])
        #expect(try TransactionIndex(parsing: buffer, startOffset: 0).entries.count == 1)
    }

    @Test func fileNameOffsets() throws {
        #expect(try LogFileNames.offset(fromFileName: "/a/b/00000000000000000123.index") == 123)
        #expect(LogFileNames.log(42) == "00000000000000000042.log")
        #expect(throws: LogFileNameError.self) { try LogFileNames.offset(fromFileName: "/a/leader-epoch-checkpoint") }
        #expect(throws: LogFileNameError.self) { try LogFileNames.offset(fromFileName: "-1.index") }
    }

    @Test func hostileValuesDoNotTrap() throws {
        let index = OffsetIndex(parsing: Self.buffer([0x7F, 0xFF, 0xFF, 0xFF, 0, 0, 0, 0]), baseOffset: Int64.max - 1, path: "/i")
        _ = index.entries
        _ = index.lookup(0)
        try? index.sanityCheck()
        let time = TimeIndex(parsing: Self.buffer(TimeIndex.encode(timestamp: Int64.min, relativeOffset: Int32.max)), baseOffset: Int64.max, path: "/t")
        _ = time.entries
        _ = time.lookup(Int64.max)
        try? time.sanityCheck()
        let entry = ProducerStateEntry(snapshot: ProducerSnapshotEntry(
            producerId: 1, epoch: 0, lastSequence: Int32.max, lastOffset: Int64.min + 1, offsetDelta: Int32.min,
            timestamp: 0, coordinatorEpoch: 0, currentTxnFirstOffset: -1))
        _ = entry.firstSequence
        _ = entry.batchMetadata.first?.firstOffset
        #expect(ProducerStateEntry.incrementSequence(5, -10) == -5)
    }
}
