import Foundation

/// `.kafka_cleanshutdown` (`CleanShutdownFileHandler`): present in a log directory after a clean
/// shutdown; holds `{"version":0,"brokerEpoch":N}` so the next registration can prove it (KIP-966).
public struct CleanShutdownFile: Sendable {
    public static let fileName = ".kafka_cleanshutdown"
    public static let currentVersion = 0

    public let path: String

    public init(directory: String) {
        path = (directory as NSString).appendingPathComponent(Self.fileName)
    }

    public static func encode(brokerEpoch: Int64) -> String {
        "{\"version\":\(currentVersion),\"brokerEpoch\":\(brokerEpoch)}"
    }

    /// The broker epoch, or nil when the file is unreadable (Kafka logs a warning and treats it
    /// as absent). A file without an epoch reads as -1.
    public static func decode(_ text: String) -> Int64? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else { return nil }
        guard let raw = object["brokerEpoch"] else { return -1 }
        if let number = raw as? NSNumber { return number.int64Value }
        if let string = raw as? String { return Int64(string) }
        return nil
    }

    public var exists: Bool { FileManager.default.fileExists(atPath: path) }

    /// Writes the file in place and fsyncs it, as Kafka does at the end of a clean shutdown.
    public func write(brokerEpoch: Int64) throws {
        try LogDirFileIO.writeFile(Array(Self.encode(brokerEpoch: brokerEpoch).utf8), to: path, fsync: true)
    }

    /// The stored broker epoch; nil when the file is missing or unreadable.
    public func read() -> Int64? {
        guard let bytes = try? LogDirFileIO.readFile(path) else { return nil }
        return Self.decode(String(decoding: bytes, as: UTF8.self))
    }

    public func delete() throws {
        if exists { try FileManager.default.removeItem(atPath: path) }
    }
}
