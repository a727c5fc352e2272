import Foundation
import KafkaProtocol

/// `meta.properties`, the identity file of a log directory (`MetaProperties.java`).
/// Version 1 is the KRaft layout (`node.id`, `cluster.id` required); version 0 is the
/// ZooKeeper layout (`broker.id`, both optional).
public struct MetaProperties: Sendable, Hashable {
    public static let fileName = "meta.properties"

    public enum Version: Int, Sendable, Hashable {
        case v0 = 0
        case v1 = 1
    }

    public var version: Version
    public var clusterId: String?
    public var nodeId: Int32?
    public var directoryId: KafkaUUID?

    public init(version: Version = .v1, clusterId: String?, nodeId: Int32?, directoryId: KafkaUUID? = nil) {
        self.version = version
        self.clusterId = clusterId
        self.nodeId = nodeId
        self.directoryId = directoryId
    }

    /// Reads the properties as `MetaProperties.Builder(Properties).build()` does, with its
    /// messages.
    public init(properties: JavaProperties) throws(LogDirFileError) {
        let versionText = properties["version"] ?? "0"
        guard let number = Int32(versionText.trimmingCharacters(in: .whitespaces)) else {
            throw LogDirFileError("Invalid meta.properties version string '\(versionText)'")
        }
        guard let version = Version(rawValue: Int(number)) else {
            throw LogDirFileError("Unknown meta.properties version number \(number)")
        }
        self.version = version
        switch version {
        case .v0:
            nodeId = properties.contains("broker.id") ? try Self.requiredInt(properties, "broker.id") : nil
        case .v1:
            nodeId = try Self.requiredInt(properties, "node.id")
        }
        clusterId = properties["cluster.id"]
        if let text = properties["directory.id"] {
            guard let uuid = KafkaUUID(text) else {
                throw LogDirFileError("Unable to read directory.id as a Uuid: \(text) is not a valid base64 UUID")
            }
            directoryId = uuid
        }
        if version != .v0 {
            if clusterId == nil { throw LogDirFileError("cluster.id was not found.") }
            if nodeId == nil { throw LogDirFileError("node.id was not found.") }
        }
    }

    private static func requiredInt(_ properties: JavaProperties, _ key: String) throws(LogDirFileError) -> Int32 {
        guard let text = properties[key] else { throw LogDirFileError("Failed to find \(key)") }
        guard let value = Int32(text) else { throw LogDirFileError("Unable to read \(key) as a base-10 number.") }
        return value
    }

    /// The properties in the order `MetaProperties.toProperties` adds them.
    public var properties: JavaProperties {
        var props = JavaProperties()
        props["version"] = String(version.rawValue)
        if let clusterId { props["cluster.id"] = clusterId }
        switch version {
        case .v0: if let nodeId { props["broker.id"] = String(nodeId) }
        case .v1: props["node.id"] = String(nodeId ?? -1)
        }
        if let directoryId { props["directory.id"] = directoryId.description }
        return props
    }

    /// The file's text: `#`, the date line, then the keys in Java's order.
    public func fileText(date: Date = Date(), timeZone: TimeZone? = nil) -> String {
        properties.storedText(comments: "", date: date, timeZone: timeZone)
    }

    /// `{cluster.id=…, directory.id=…, node.id=1, version=1}` as `storage info` prints it
    /// (a Java `TreeMap` of the properties).
    public var sortedMapDescription: String {
        let props = properties
        return "{" + props.keys.sorted().map { "\($0)=\(props[$0] ?? "")" }.joined(separator: ", ") + "}"
    }

    /// `MetaProperties(version=1, clusterId=…, nodeId=1, directoryId=…)` (`toString`).
    public var javaDescription: String {
        var text = "MetaProperties(version=\(version.rawValue)"
        if let clusterId { text += ", clusterId=\(clusterId)" }
        if let nodeId { text += ", nodeId=\(nodeId)" }
        if let directoryId { text += ", directoryId=\(directoryId)" }
        return text + ")"
    }
}

extension MetaProperties {
    /// Reads `<directory>/meta.properties`. Returns nil when the file does not exist.
    public static func read(directory: String) throws -> MetaProperties? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        return try MetaProperties(properties: JavaProperties.load(contentsOf: path))
    }

    /// Writes `<directory>/meta.properties` via a `.tmp` file and a rename, fsynced
    /// (`PropertiesUtils.writePropertiesFile(…, fsync = true)`).
    public func write(directory: String, date: Date = Date()) throws {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        try LogDirFileIO.writeAtomically(Array(fileText(date: date).utf8), to: path)
    }
}
