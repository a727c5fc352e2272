import KafkaProtocol

/// `partition.metadata`: the topic id of a partition directory (`PartitionMetadataFile`).
/// Two lines, `version: 0` and `topic_id: <base64 uuid>`.
public struct PartitionMetadata: Hashable, Sendable {
    public var topicId: KafkaUUID

    public init(topicId: KafkaUUID) { self.topicId = topicId }

    public func encoded() -> String { "version: 0\ntopic_id: \(topicId)" }

    public init(parsing text: String, path: String = LogFileNames.partitionMetadata) throws(CheckpointFileError) {
        let lines = text.split(separator: "\n").map(String.init)
        guard lines.count >= 2 else {
            throw CheckpointFileError("Failed to read partition metadata file \(path): expected two lines")
        }
        func value(_ line: String, _ key: String) -> String? {
            let parts = line.split(separator: ":", maxSplits: 1).map { String($0).trimmingSpaces }
            return parts.count == 2 && parts[0] == key ? parts[1] : nil
        }
        guard let version = value(lines[0], "version"), version == "0" else {
            throw CheckpointFileError("Unrecognized version of partition metadata file \(path): \(lines[0])")
        }
        guard let text = value(lines[1], "topic_id"), let id = KafkaUUID(text) else {
            throw CheckpointFileError("Invalid topic id in partition metadata file \(path): \(lines[1])")
        }
        topicId = id
    }

    public static func read(path: String) throws -> PartitionMetadata {
        let buffer = try StorageFile.readAll(path: path)
        return try PartitionMetadata(parsing: String(decoding: buffer.readableBytesView, as: UTF8.self), path: path)
    }

    public func write(path: String) throws {
        try StorageFile.writeAtomically(path: path, bytes: Array(encoded().utf8))
    }
}
