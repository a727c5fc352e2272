import Foundation

/// One line of an offset checkpoint: `<topic> <partition> <offset>`.
public struct OffsetCheckpointEntry: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64

    public init(topic: String, partition: Int32, offset: Int64) {
        self.topic = topic
        self.partition = partition
        self.offset = offset
    }
}

/// The per-log-dir offset checkpoint files (`OffsetCheckpointFile.java` over `CheckpointFile`):
/// `recovery-point-offset-checkpoint`, `replication-offset-checkpoint`,
/// `log-start-offset-checkpoint` and `cleaner-offset-checkpoint`. Text:
/// `0\n<count>\n` then one `<topic> <partition> <offset>\n` per entry, in the given order.
public struct OffsetCheckpointFile: Sendable {
    public static let version = 0
    public static let recoveryPointFileName = "recovery-point-offset-checkpoint"
    public static let replicationOffsetFileName = "replication-offset-checkpoint"
    public static let logStartOffsetFileName = "log-start-offset-checkpoint"
    public static let cleanerOffsetFileName = "cleaner-offset-checkpoint"

    public let path: String

    public init(path: String) { self.path = path }

    /// The file's text for these entries.
    public static func encode(_ entries: [OffsetCheckpointEntry]) -> String {
        var text = "\(version)\n\(entries.count)\n"
        for entry in entries { text += "\(entry.topic) \(entry.partition) \(entry.offset)\n" }
        return text
    }

    /// Parses the text as `CheckpointFile.CheckpointReadBuffer` does, with its messages.
    public static func decode(_ text: String, location: String) throws(LogDirFileError) -> [OffsetCheckpointEntry] {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            line.hasSuffix("\r") ? line.dropLast() : line
        }[...]
        // A final "\n" leaves one empty element that is not a line.
        if lines.last == "" { lines = lines.dropLast() }
        func malformed(_ line: Substring) -> LogDirFileError {
            LogDirFileError("Malformed line in checkpoint file (\(location)): '\(line)'")
        }
        guard let versionLine = lines.popFirst() else {
            throw LogDirFileError("Unrecognised version:null, expected version: \(version) in checkpoint file at: \(location)")
        }
        guard let fileVersion = Int(versionLine.trimmingCharacters(in: .whitespaces)) else { throw malformed(versionLine) }
        guard fileVersion == version else {
            throw LogDirFileError("Unrecognised version:\(fileVersion), expected version: \(version) in checkpoint file at: \(location)")
        }
        guard let countLine = lines.popFirst() else {
            throw LogDirFileError("Expected entries count in checkpoint file (\(location)), but found none")
        }
        guard let expected = Int(countLine.trimmingCharacters(in: .whitespaces)), expected >= 0 else { throw malformed(countLine) }
        var entries: [OffsetCheckpointEntry] = []
        entries.reserveCapacity(min(expected, 1 << 16))
        while let line = lines.popFirst() {
            let fields = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard fields.count == 3, let partition = Int32(fields[1]), let offset = Int64(fields[2]) else {
                throw malformed(line)
            }
            entries.append(OffsetCheckpointEntry(topic: String(fields[0]), partition: partition, offset: offset))
            if entries.count > expected {
                throw LogDirFileError("Expected \(expected) entries in checkpoint file (\(location)), but found more")
            }
        }
        guard entries.count == expected else {
            throw LogDirFileError("Expected \(expected) entries in checkpoint file (\(location)), but found only \(entries.count)")
        }
        return entries
    }

    /// Reads the file; a missing file reads as no entries (Kafka creates it empty).
    public func read() throws -> [OffsetCheckpointEntry] {
        guard FileManager.default.fileExists(atPath: path) else { return [] }
        let bytes = try LogDirFileIO.readFile(path)
        return try Self.decode(String(decoding: bytes, as: UTF8.self), location: path)
    }

    /// Writes through `<path>.tmp`, fsync and rename, as `CheckpointFile.write`.
    public func write(_ entries: [OffsetCheckpointEntry]) throws {
        try LogDirFileIO.writeAtomically(Array(Self.encode(entries).utf8), to: path)
    }
}
