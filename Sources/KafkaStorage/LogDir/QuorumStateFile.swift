import Foundation
import KafkaProtocol

/// `__cluster_metadata-0/quorum-state` (`FileQuorumStateStore`): one line of JSON, no newline,
/// with the fields of `QuorumStateData` at its version plus `"data_version"`.
/// Version 0: `clusterId, leaderId, leaderEpoch, votedId, appliedOffset, currentVoters`;
/// version 1: `leaderId, leaderEpoch, votedId, votedDirectoryId`.
public struct QuorumState: Sendable, Hashable {
    public var dataVersion: Int16
    public var leaderId: Int32
    public var leaderEpoch: Int32
    public var votedId: Int32
    /// Version 1 only.
    public var votedDirectoryId: KafkaUUID
    /// Version 0 only.
    public var clusterId: String
    /// Version 0 only.
    public var appliedOffset: Int64
    /// Version 0 only; nil writes `null`.
    public var currentVoters: [Int32]?

    public init(
        dataVersion: Int16 = 1, leaderId: Int32 = -1, leaderEpoch: Int32 = -1, votedId: Int32 = -1,
        votedDirectoryId: KafkaUUID = .zero, clusterId: String = "", appliedOffset: Int64 = 0,
        currentVoters: [Int32]? = []
    ) {
        self.dataVersion = dataVersion
        self.leaderId = leaderId
        self.leaderEpoch = leaderEpoch
        self.votedId = votedId
        self.votedDirectoryId = votedDirectoryId
        self.clusterId = clusterId
        self.appliedOffset = appliedOffset
        self.currentVoters = currentVoters
    }
}

public struct QuorumStateFile: Sendable {
    public static let fileName = "quorum-state"
    public let path: String

    public init(path: String) { self.path = path }

    /// The JSON text, fields in schema order as Kafka's generated JSON converter writes them.
    public static func encode(_ state: QuorumState) -> String {
        var fields: [String] = []
        if state.dataVersion == 0 { fields.append("\"clusterId\":\(jsonString(state.clusterId))") }
        fields.append("\"leaderId\":\(state.leaderId)")
        fields.append("\"leaderEpoch\":\(state.leaderEpoch)")
        fields.append("\"votedId\":\(state.votedId)")
        if state.dataVersion >= 1 { fields.append("\"votedDirectoryId\":\"\(state.votedDirectoryId)\"") }
        if state.dataVersion == 0 {
            fields.append("\"appliedOffset\":\(state.appliedOffset)")
            if let voters = state.currentVoters {
                fields.append("\"currentVoters\":[" + voters.map { "{\"voterId\":\($0)}" }.joined(separator: ",") + "]")
            } else {
                fields.append("\"currentVoters\":null")
            }
        }
        fields.append("\"data_version\":\(state.dataVersion)")
        return "{" + fields.joined(separator: ",") + "}"
    }

    public static func decode(_ text: String, location: String) throws(LogDirFileError) -> QuorumState {
        func fail(_ why: String) -> LogDirFileError {
            LogDirFileError("Error while reading the Quorum status from the file \(location): \(why)")
        }
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw fail("not a JSON object")
        }
        guard let versionNumber = object["data_version"] as? NSNumber else {
            throw fail("missing data_version")
        }
        let version = versionNumber.int16Value
        guard version == 0 || version == 1 else { throw fail("unknown data_version \(version)") }
        func int(_ key: String, default value: Int64) throws(LogDirFileError) -> Int64 {
            guard let raw = object[key] else { return value }
            guard let number = raw as? NSNumber else { throw fail("\(key) is not a number") }
            return number.int64Value
        }
        var state = QuorumState(dataVersion: version)
        state.leaderId = Int32(truncatingIfNeeded: try int("leaderId", default: -1))
        state.leaderEpoch = Int32(truncatingIfNeeded: try int("leaderEpoch", default: -1))
        state.votedId = Int32(truncatingIfNeeded: try int("votedId", default: -1))
        if version >= 1, let text = object["votedDirectoryId"] {
            guard let text = text as? String, let uuid = KafkaUUID(text) else { throw fail("votedDirectoryId is not a UUID") }
            state.votedDirectoryId = uuid
        }
        if version == 0 {
            state.clusterId = object["clusterId"] as? String ?? ""
            state.appliedOffset = try int("appliedOffset", default: 0)
            if let voters = object["currentVoters"] as? [Any] {
                state.currentVoters = try voters.map { voter throws(LogDirFileError) in
                    guard let entry = voter as? [String: Any], let id = entry["voterId"] as? NSNumber else {
                        throw fail("currentVoters entry without voterId")
                    }
                    return id.int32Value
                }
            } else {
                state.currentVoters = nil
            }
        }
        return state
    }

    /// Reads the file; nil when it does not exist.
    public func read() throws -> QuorumState? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try Self.decode(String(decoding: try LogDirFileIO.readFile(path), as: UTF8.self), location: path)
    }

    /// Writes through `<path>.tmp`, fsync and rename.
    public func write(_ state: QuorumState) throws {
        try LogDirFileIO.writeAtomically(Array(Self.encode(state).utf8), to: path)
    }

    /// A JSON string literal as Jackson writes it.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case "\u{08}": out += "\\b"
            case "\u{0C}": out += "\\f"
            default:
                if scalar.value < 0x20 {
                    out += "\\u" + String(format: "%04X", scalar.value)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
