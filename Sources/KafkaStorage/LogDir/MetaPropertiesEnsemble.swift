import Foundation
import KafkaProtocol

/// The `meta.properties` of every configured log directory (`MetaPropertiesEnsemble.java`):
/// which directories are empty (no file), unreadable, or formatted, and the consistency checks
/// between them.
public struct MetaPropertiesEnsemble: Sendable {
    /// Directories without `meta.properties` (or missing altogether).
    public var emptyLogDirs: Set<String>
    /// Directories whose `meta.properties` could not be read or parsed, with the reason.
    public var errorLogDirs: [String: String]
    public var logDirProps: [String: MetaProperties]

    public var errorLogDirectories: Set<String> { Set(errorLogDirs.keys) }

    /// `MetaPropertiesEnsemble.Loader.load`.
    public static func load(_ directories: [String]) -> MetaPropertiesEnsemble {
        var ensemble = MetaPropertiesEnsemble(emptyLogDirs: [], errorLogDirs: [:], logDirProps: [:])
        for directory in directories {
            do {
                if let properties = try MetaProperties.read(directory: directory) {
                    ensemble.logDirProps[directory] = properties
                } else {
                    ensemble.emptyLogDirs.insert(directory)
                }
            } catch {
                ensemble.errorLogDirs[directory] = "\(error)"
            }
        }
        return ensemble
    }

    /// `MetaPropertiesEnsemble.verify`: one cluster id and one node id across the formatted
    /// directories (matching the expected ones when given), unique and unreserved directory ids.
    public func verify(expectedClusterId: String?, expectedNodeId: Int32?, requireAtLeastOneValid: Bool = false) throws(JavaException) {
        if requireAtLeastOneValid && logDirProps.isEmpty {
            throw .runtime("No readable meta.properties files found.")
        }
        var clusterId = expectedClusterId
        var nodeId = expectedNodeId
        var seen: [KafkaUUID: String] = [:]
        for directory in logDirProps.keys.sorted(by: javaStringLess) {
            guard let props = logDirProps[directory] else { continue }
            let path = directory + "/" + MetaProperties.fileName
            if let id = props.clusterId {
                if let expected = clusterId, expected != id {
                    throw .runtime("Invalid cluster.id in: \(path). Expected \(expected), but read \(id)")
                }
                clusterId = id
            } else if props.version == .v1 {
                throw .runtime("cluster.id was not specified in the v1 file: \(path)")
            }
            if let id = props.nodeId {
                if let expected = nodeId, expected != id {
                    throw .runtime("Stored node id \(id) doesn't match previous node id \(expected) in \(path). If you moved your data, make sure your configured node id matches. If you intend to create a new node, you should remove all data in your data directories.")
                }
                nodeId = id
            } else if props.version == .v1 {
                throw .runtime("node.id was not specified in \(path)")
            }
            if let directoryId = props.directoryId {
                if directoryId.mostSignificantBits == 0 && directoryId.leastSignificantBits < 100 {
                    throw .runtime("Invalid resrved directory ID \(directoryId) found in \(directory)")
                }
                if let previous = seen.updateValue(directory, forKey: directoryId) {
                    throw .runtime("Duplicate directory ID Optional[\(directoryId)] found. It was the ID of \(previous), but also of \(directory)")
                }
            }
        }
    }
}
