import Foundation
import Testing
@testable import KafkaStorage

@Suite("OffsetCheckpointFile")
struct OffsetCheckpointFileTests {
    static let fixtureNames = [
        OffsetCheckpointFile.recoveryPointFileName, OffsetCheckpointFile.replicationOffsetFileName,
        OffsetCheckpointFile.logStartOffsetFileName, OffsetCheckpointFile.cleanerOffsetFileName,
    ]

    @Test("fixtures parse and encode back byte for byte", arguments: fixtureNames)
    func fixtureRoundTrip(name: String) throws {
        let text = try LogDirFixtures.text(name)
        let entries = try OffsetCheckpointFile(path: LogDirFixtures.path(name)).read()
        let lines = text.split(separator: "\n")
        #expect(entries.count == Int(lines[1]))
        #expect(OffsetCheckpointFile.encode(entries) == text)
    }

    @Test("entries keep topic, partition and offset")
    func entryFields() throws {
        let entries = try OffsetCheckpointFile(path: LogDirFixtures.path(OffsetCheckpointFile.recoveryPointFileName)).read()
        let text = try LogDirFixtures.text(OffsetCheckpointFile.recoveryPointFileName)
        let third = text.split(separator: "\n")[2].split(separator: " ")
        #expect(entries[0] == OffsetCheckpointEntry(topic: String(third[0]), partition: Int32(third[1])!, offset: Int64(third[2])!))
    }

    @Test("write is atomic (no .tmp left) and reads back; a missing file reads as empty")
    func writeRead() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let file = OffsetCheckpointFile(path: scratch.file("replication-offset-checkpoint"))
        #expect(try file.read() == [])
        let entries = [OffsetCheckpointEntry(topic: "a-b", partition: 3, offset: 42), OffsetCheckpointEntry(topic: "x", partition: 0, offset: 0)]
        try file.write(entries)
        #expect(try file.read() == entries)
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "0\n2\na-b 3 42\nx 0 0\n")
        try file.write([])
        #expect(try String(contentsOfFile: file.path, encoding: .utf8) == "0\n0\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["replication-offset-checkpoint"])
    }

    @Test("bad files are errors", arguments: [
        ("", "Unrecognised version:null, expected version: 0 in checkpoint file at: f"),
        ("1\n0\n", "Unrecognised version:1, expected version: 0 in checkpoint file at: f"),
        ("x\n0\n", "Malformed line in checkpoint file (f): 'x'"),
        ("0\n", "Expected entries count in checkpoint file (f), but found none"),
        ("0\n2\nt 0 1\n", "Expected 2 entries in checkpoint file (f), but found only 1"),
        ("0\n1\nt 0 1\nt 1 2\n", "Expected 1 entries in checkpoint file (f), but found more"),
        ("0\n1\nt 0\n", "Malformed line in checkpoint file (f): 't 0'"),
        ("0\n1\nt zero 1\n", "Malformed line in checkpoint file (f): 't zero 1'"),
        ("0\n1\nt 0 1 2\n", "Malformed line in checkpoint file (f): 't 0 1 2'"),
        ("0\n-1\n", "Malformed line in checkpoint file (f): '-1'"),
    ])
    func badFiles(text: String, message: String) {
        #expect(throws: LogDirFileError(message)) { try OffsetCheckpointFile.decode(text, location: "f") }
    }
}
