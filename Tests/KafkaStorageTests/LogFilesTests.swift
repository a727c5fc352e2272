import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("Checkpoint, metadata and config files")
struct LogFilesTests {
    @Test func leaderEpochCheckpointReadsKafkasFile() throws {
        let cache = try LeaderEpochCache.read(path: FixtureFiles.path("fx-plain-0", "leader-epoch-checkpoint"))
        #expect(cache.entries == [EpochEntry(epoch: 0, startOffset: 0)])
        #expect(Array(cache.encoded().utf8) == (try FixtureFiles.bytes("fx-plain-0", "leader-epoch-checkpoint")))
    }

    @Test func leaderEpochCheckpointRejectsBadFiles() throws {
        #expect(try LeaderEpochCache(parsing: "").entries.isEmpty)
        #expect(throws: CheckpointFileError("Unrecognized version of the checkpoint file (f): 1")) {
            try LeaderEpochCache(parsing: "1\n0\n", path: "f")
        }
        #expect(throws: CheckpointFileError("Expected 2 entries in checkpoint file (f), but found only 1")) {
            try LeaderEpochCache(parsing: "0\n2\n0 0\n", path: "f")
        }
        #expect(throws: CheckpointFileError("Malformed line in checkpoint file (f): '0 x'")) {
            try LeaderEpochCache(parsing: "0\n1\n0 x\n", path: "f")
        }
        #expect(throws: CheckpointFileError("Malformed line in checkpoint file (f): 'two'")) {
            try LeaderEpochCache(parsing: "0\ntwo\n", path: "f")
        }
    }

    @Test func leaderEpochSemantics() {
        var cache = LeaderEpochCache()
        var changed = cache.assign(epoch: 1, startOffset: 0)
        #expect(changed)
        changed = cache.assign(epoch: 1, startOffset: 5)
        #expect(!changed)
        cache.assign(epoch: 3, startOffset: 10)
        cache.assign(epoch: 5, startOffset: 20)
        #expect(cache.endOffset(for: 5, logEndOffset: 30) == EpochEntry(epoch: 5, startOffset: 30))
        #expect(cache.endOffset(for: 4, logEndOffset: 30) == EpochEntry(epoch: 3, startOffset: 20))
        #expect(cache.endOffset(for: 0, logEndOffset: 30) == EpochEntry(epoch: 0, startOffset: 0))
        #expect(cache.endOffset(for: 9, logEndOffset: 30) == EpochEntry(epoch: -1, startOffset: -1))
        // A lower epoch at a later offset replaces what it contradicts.
        changed = cache.assign(epoch: 4, startOffset: 15)
        #expect(changed)
        #expect(cache.entries == [EpochEntry(epoch: 1, startOffset: 0), EpochEntry(epoch: 3, startOffset: 10), EpochEntry(epoch: 4, startOffset: 15)])
        changed = cache.truncateFromStart(startOffset: 12)
        #expect(changed)
        #expect(cache.entries == [EpochEntry(epoch: 3, startOffset: 12), EpochEntry(epoch: 4, startOffset: 15)])
        changed = cache.truncateFromEnd(endOffset: 15)
        #expect(changed)
        #expect(cache.entries == [EpochEntry(epoch: 3, startOffset: 12)])
    }

    @Test func partitionMetadata() throws {
        let text = String(decoding: try FixtureFiles.bytes("fx-plain-0", "partition.metadata"), as: UTF8.self)
        let metadata = try PartitionMetadata(parsing: text)
        #expect(metadata.encoded() == text)
        #expect(throws: CheckpointFileError.self) { try PartitionMetadata(parsing: "version: 1\ntopic_id: AAAAAAAAAAAAAAAAAAAAAQ") }
        #expect(throws: CheckpointFileError.self) { try PartitionMetadata(parsing: "version: 0\ntopic_id: nope") }
        #expect(throws: CheckpointFileError.self) { try PartitionMetadata(parsing: "version: 0") }
    }

    @Test func logConfigDefaultsAndParsing() throws {
        let defaults = LogConfig()
        #expect(defaults.segmentBytes == 1_073_741_824)
        #expect(defaults.segmentMs == 604_800_000)
        #expect(defaults.segmentIndexBytes == 10_485_760)
        #expect(defaults.indexIntervalBytes == 4096)
        #expect(defaults.retentionMs == 604_800_000)
        #expect(defaults.retentionBytes == -1)
        #expect(defaults.fileDeleteDelayMs == 60_000)
        #expect(defaults.messageTimestampType == .createTime)
        #expect(defaults.maxMessageBytes == 1_048_588)
        let parsed = try LogConfig(properties: [
            "segment.bytes": "2048", "message.timestamp.type": "LogAppendTime", "cleanup.policy": "compact,delete",
            "preallocate": "true", "unknown.key": "x",
        ])
        #expect(parsed.segmentBytes == 2048)
        #expect(parsed.messageTimestampType == .logAppendTime)
        #expect(parsed.cleanupPolicy == [.compact, .delete])
        #expect(parsed.preallocate)
        #expect(throws: LogConfigError(key: "segment.bytes", value: "big")) { try LogConfig(properties: ["segment.bytes": "big"]) }
        #expect(throws: LogConfigError.self) { try LogConfig(properties: ["message.timestamp.type": "Now"]) }
        #expect(throws: LogConfigError.self) { try LogConfig(properties: ["cleanup.policy": "keep"]) }
        #expect(throws: LogConfigError.self) { try LogConfig(properties: ["preallocate": "yes"]) }
    }

    @Test func corruptSnapshotIsDroppedAndStateRebuilt() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = try temp.copyFixture("fx-idempotent-0")
        try Data([0, 1, 2]).write(to: URL(fileURLWithPath: dir + "/00000000000000000008.snapshot"))
        let log = try PartitionLog(directory: dir)
        // Rebuilt by replaying the log: producer 5 wrote sequences 0-1 last.
        #expect(log.producerStateEntry(for: 5)?.lastSequence == 1)
        #expect(log.producerStateEntry(for: 4)?.lastSequence == 5)
        try log.close()
        #expect(!FileManager.default.fileExists(atPath: dir + "/00000000000000000008.snapshot.deleted"))
    }

    @Test func leftoversAreCleanedOnOpen() throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = try temp.copyFixture("fx-plain-0")
        for name in ["00000000000000000000.log.deleted", "00000000000000000005.index", "x.tmp"] {
            try Data([1]).write(to: URL(fileURLWithPath: dir + "/" + name))
        }
        let log = try PartitionLog(directory: dir)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir)
        #expect(!files.contains("00000000000000000000.log.deleted"))
        #expect(!files.contains("00000000000000000005.index"))
        #expect(!files.contains("x.tmp"))
        #expect(files.contains("00000000000000000000.log"))
        try log.close()
    }
}
