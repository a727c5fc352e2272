import Foundation
import Testing
@testable import KafkitCLI

/// Odd and corrupt inputs, built from the fixtures in a scratch directory: Kafka's report or a
/// clear error, never a crash.
@Suite("dump-log on corrupt and odd input")
struct DumpLogBadInputTests {
    /// A fresh directory with copies of fixture files under the same names.
    final class Scratch {
        let path: String

        init() throws {
            path = NSTemporaryDirectory() + "dumplog-" + UUID().uuidString
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        }

        deinit { try? FileManager.default.removeItem(atPath: path) }

        func fixture(_ relative: String) throws -> Data {
            try Data(contentsOf: URL(fileURLWithPath: DumpLogFixtures.dataDirectory + "/" + relative))
        }

        @discardableResult
        func write(_ name: String, _ data: Data) throws -> String {
            let file = path + "/" + name
            try data.write(to: URL(fileURLWithPath: file))
            return file
        }

        @discardableResult
        func copy(_ relative: String, as name: String? = nil) throws -> String {
            try write(name ?? URL(fileURLWithPath: relative).lastPathComponent, try fixture(relative))
        }
    }

    static let plainLog = "fx-plain-0/00000000000000000000.log"
    static let segmentName = "00000000000000000000"

    func dump(_ arguments: [String], in scratch: Scratch) async -> (code: Int32, out: String, err: String) {
        await DumpLogFixtures.runTool(arguments, directory: scratch.path)
    }

    @Test func badCRCIsReportedAsInvalidAndTheRunSucceeds() async throws {
        let scratch = try Scratch()
        var data = try scratch.fixture(Self.plainLog)
        data[100] ^= 0xFF  // inside the first batch's records, covered by the CRC
        try scratch.write(Self.segmentName + ".log", data)
        let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).log"], in: scratch)
        #expect(code == 0)
        #expect(err.isEmpty)
        let batchLines = out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }
        #expect(batchLines.count == 5)
        #expect(batchLines[0].hasSuffix("isvalid: false"))
        #expect(batchLines.dropFirst().allSatisfy { $0.hasSuffix("isvalid: true") })
    }

    @Test func truncatedLastBatchIsReportedAsInvalidBytes() async throws {
        let scratch = try Scratch()
        let data = try scratch.fixture(Self.plainLog)
        try scratch.write(Self.segmentName + ".log", data.prefix(776 + 100))  // last batch starts at 776
        let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--deep-iteration"], in: scratch)
        #expect(code == 0)
        #expect(err.isEmpty)
        #expect(out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }.count == 4)
        #expect(out.hasSuffix("Found 100 invalid bytes at the end of \(Self.segmentName).log\n"))
    }

    @Test func maxBytesStopsEarlyWithoutTheInvalidBytesLine() async throws {
        let scratch = try Scratch()
        try scratch.write(Self.segmentName + ".log", try scratch.fixture(Self.plainLog))
        let (code, out, _) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--max-bytes", "400"], in: scratch)
        #expect(code == 0)
        #expect(out.split(separator: "\n").filter { $0.hasPrefix("baseOffset:") }.count == 2)
        #expect(!out.contains("invalid bytes"))
    }

    @Test func badMaxBytesFailsWhenKafkaReadsIt() async throws {
        let scratch = try Scratch()
        try scratch.write(Self.segmentName + ".log", try scratch.fixture(Self.plainLog))
        let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--max-bytes", "lots"], in: scratch)
        #expect(code == 1)
        #expect(out == "Dumping $DIR/\(Self.segmentName).log\n")
        #expect(err == "Exception in thread \"main\" joptsimple.OptionArgumentConversionException: Cannot parse argument 'lots' of option max-bytes\n")
    }

    @Test func garbageNeverCrashes() async throws {
        let scratch = try Scratch()
        var generator = SystemRandomNumberGenerator()
        for round in 0..<20 {
            let size = [0, 5, 16, 17, 60, 61, 200, 4096][round % 8]
            let bytes = Data((0..<size).map { _ in UInt8.random(in: 0...255, using: &generator) })
            try scratch.write(Self.segmentName + ".log", bytes)
            let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--print-data-log"], in: scratch)
            #expect(code == 0 || code == 1)
            #expect(out.hasPrefix("Dumping $DIR/\(Self.segmentName).log\nLog starting offset: 0\n"))
            #expect(code == 0 ? err.isEmpty : err.hasPrefix("Exception in thread \"main\" "))
        }
    }

    @Test func corruptedBatchesInTheMiddleNeverCrash() async throws {
        let scratch = try Scratch()
        let original = try scratch.fixture("fx-compressed-librdkafka-0/00000000000000000000.log")
        for position in stride(from: 0, to: original.count, by: 7) {
            var data = original
            data[position] = data[position] &+ 0x5A
            try scratch.write(Self.segmentName + ".log", data)
            let (code, _, err) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--deep-iteration", "--print-data-log"], in: scratch)
            #expect(code == 0 || err.hasPrefix("Exception in thread \"main\" "))
        }
    }

    @Test func emptyLog() async throws {
        let scratch = try Scratch()
        try scratch.write("00000000000000000042.log", Data())
        let (code, out, err) = await dump(["--files", "$DIR/00000000000000000042.log"], in: scratch)
        #expect(code == 0)
        #expect(out == "Dumping $DIR/00000000000000000042.log\nLog starting offset: 42\n")
        #expect(err.isEmpty)
    }

    @Test func unknownExtensionIsIgnored() async throws {
        let scratch = try Scratch()
        try scratch.write("notes.txt", Data("hello".utf8))
        let (code, out, err) = await dump(["--files", "$DIR/notes.txt"], in: scratch)
        #expect(code == 0)
        #expect(out == "Dumping $DIR/notes.txt\n")
        #expect(err == "Ignoring unknown file $DIR/notes.txt\n")
    }

    @Test func missingFileIsAnUncaughtNoSuchFileException() async throws {
        let scratch = try Scratch()
        let (code, out, err) = await dump(["--files", "$DIR/00000000000000000000.log"], in: scratch)
        #expect(code == 1)
        #expect(out == "Dumping $DIR/00000000000000000000.log\nLog starting offset: 0\n")
        #expect(err == "Exception in thread \"main\" java.nio.file.NoSuchFileException: $DIR/00000000000000000000.log\n")
    }

    @Test(.enabled(if: getuid() != 0, "root can read any file"))
    func unreadableFile() async throws {
        let scratch = try Scratch()
        let file = try scratch.write(Self.segmentName + ".log", try scratch.fixture(Self.plainLog))
        try FileManager.default.setAttributes([.posixPermissions: 0], ofItemAtPath: file)
        let (code, _, err) = await dump(["--files", "$DIR/\(Self.segmentName).log"], in: scratch)
        #expect(code == 1)
        #expect(err == "Exception in thread \"main\" java.nio.file.AccessDeniedException: $DIR/\(Self.segmentName).log\n")
    }

    @Test func directoryNamedLikeASegment() async throws {
        let scratch = try Scratch()
        try FileManager.default.createDirectory(atPath: scratch.path + "/00000000000000000000.log", withIntermediateDirectories: false)
        let (code, _, err) = await dump(["--files", "$DIR/00000000000000000000.log"], in: scratch)
        #expect(code == 1)
        #expect(err == "Exception in thread \"main\" org.apache.kafka.common.KafkaException: java.io.IOException: Is a directory\n")
    }

    @Test func fileNameWithoutOffset() async throws {
        let scratch = try Scratch()
        try scratch.write("segment.log", try scratch.fixture(Self.plainLog))
        let (code, _, err) = await dump(["--files", "$DIR/segment.log"], in: scratch)
        #expect(code == 1)
        #expect(err == "Exception in thread \"main\" java.lang.NumberFormatException: For input string: \"segment\"\n")
    }

    @Test func nonConsecutiveOffsetsAreReportedOnStderr() async throws {
        let scratch = try Scratch()
        let data = try scratch.fixture(Self.plainLog)
        // Batches [0-4] and [7-8]: the batch holding 5-6 (bytes 160..<297) is cut out.
        try scratch.write(Self.segmentName + ".log", data.prefix(160) + data[297..<549])
        let (code, _, err) = await dump(["--files", "$DIR/\(Self.segmentName).log", "--deep-iteration"], in: scratch)
        #expect(code == 0)
        #expect(err == "Non-consecutive offsets in $DIR/\(Self.segmentName).log\n  4 is followed by 7\n")
    }

    @Test func offsetIndexMismatchIsReportedOnStderr() async throws {
        let scratch = try Scratch()
        try scratch.copy(Self.plainLog)
        var index = try scratch.fixture("fx-plain-0/00000000000000000000.index")
        index[3] = 5  // first entry: offset 6 → 5 (its batch ends at 6)
        try scratch.write(Self.segmentName + ".index", index)
        let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).index"], in: scratch)
        #expect(code == 0)
        #expect(out.contains("offset: 5 position: 160\n"))
        #expect(err == "Mismatches in :$DIR/\(Self.segmentName).index\n  Index offset: 5, log offset: 6\n")
        let verify = await dump(["--files", "$DIR/\(Self.segmentName).index", "--verify-index-only"], in: scratch)
        #expect(verify.out == "Dumping $DIR/\(Self.segmentName).index\n")
        #expect(verify.err == err)
    }

    @Test func indexSanityCheckFailure() async throws {
        let scratch = try Scratch()
        try scratch.copy(Self.plainLog)
        try scratch.write(Self.segmentName + ".index", try scratch.fixture("fx-plain-0/00000000000000000000.index") + Data([0, 0, 0]))
        let (code, _, err) = await dump(["--files", "$DIR/\(Self.segmentName).index", "--index-sanity-check"], in: scratch)
        #expect(code == 1)
        #expect(err.hasPrefix("Exception in thread \"main\" org.apache.kafka.storage.internals.log.CorruptIndexException: Index file $DIR/\(Self.segmentName).index is corrupt, found 35 bytes"))
    }

    @Test func indexWithoutItsLog() async throws {
        let scratch = try Scratch()
        try scratch.copy("fx-plain-0/00000000000000000000.index")
        let (code, _, err) = await dump(["--files", "$DIR/\(Self.segmentName).index"], in: scratch)
        #expect(code == 1)
        #expect(err == "Exception in thread \"main\" java.nio.file.NoSuchFileException: $DIR/\(Self.segmentName).log\n")
    }

    @Test func timeIndexProblemsAreReportedOnStderr() async throws {
        let scratch = try Scratch()
        try scratch.copy(Self.plainLog)
        try scratch.copy("fx-plain-0/00000000000000000000.index")
        var timeIndex = try scratch.fixture("fx-plain-0/00000000000000000000.timeindex")
        timeIndex[19] = 0x00  // second entry's timestamp no longer matches (and goes backwards)
        try scratch.write(Self.segmentName + ".timeindex", timeIndex)
        let (code, out, err) = await dump(["--files", "$DIR/\(Self.segmentName).timeindex"], in: scratch)
        #expect(code == 0)
        #expect(out.split(separator: "\n").count == 4)
        #expect(err.hasPrefix("Found timestamp mismatch in :$DIR/\(Self.segmentName).timeindex\n  Index timestamp: "))
        #expect(err.contains("Found out of order timestamp in :$DIR/\(Self.segmentName).timeindex\n"))
    }

    @Test func corruptProducerSnapshotPrintsKafkasMessage() async throws {
        let scratch = try Scratch()
        var snapshot = try scratch.fixture("fx-idempotent-0/00000000000000000008.snapshot")
        snapshot[snapshot.count - 1] ^= 0x01
        try scratch.write("00000000000000000008.snapshot", snapshot)
        let (code, out, err) = await dump(["--files", "$DIR/00000000000000000008.snapshot"], in: scratch)
        #expect(code == 0)
        #expect(out == "Dumping $DIR/00000000000000000008.snapshot\n")
        #expect(err.hasPrefix("Snapshot is corrupt (CRC is no longer valid)."))
    }

    @Test func missingTransactionIndexIsEmpty() async throws {
        let scratch = try Scratch()
        let (code, out, err) = await dump(["--files", "$DIR/00000000000000000000.txnindex"], in: scratch)
        #expect(code == 0)
        #expect(out == "Dumping $DIR/00000000000000000000.txnindex\n")
        #expect(err.isEmpty)
    }

    @Test func badSnapshotCheckpointName() async throws {
        let scratch = try Scratch()
        try scratch.write("short.checkpoint", Data())
        let (code, _, err) = await dump(["--files", "$DIR/short.checkpoint"], in: scratch)
        #expect(code == 1)
        #expect(err == "Exception in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin 0, end 20, length 16\n")
    }

    /// The layout of Kafka's transcript 15c: the preallocated, still-zero indexes of an active
    /// segment.
    @Test func activeSegmentIndexesLikeTranscript15c() async throws {
        let scratch = try Scratch()
        try scratch.copy(Self.plainLog)
        try scratch.write(Self.segmentName + ".index", Data(count: 1024 * 1024))
        try scratch.write(Self.segmentName + ".timeindex", Data(count: 1024 * 1024 / 12 * 12))
        let (code, out, err) = await dump(
            ["--files", "$DIR/\(Self.segmentName).index,$DIR/\(Self.segmentName).timeindex"], in: scratch)
        #expect(code == 0)
        #expect(out == """
            Dumping $DIR/\(Self.segmentName).index
            offset: 0 position: 0
            Dumping $DIR/\(Self.segmentName).timeindex
            timestamp: 0 offset: 0

            """)
        #expect(err == """
            Mismatches in :$DIR/\(Self.segmentName).index
              Index offset: 0, log offset: 4
            The following indexed offsets are not found in the log.
            Indexed offset: 0, found log offset: 4

            """)
    }
}
