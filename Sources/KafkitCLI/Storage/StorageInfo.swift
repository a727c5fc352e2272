import Foundation
import KafkaStorage

/// `kafka-storage info` (`StorageTool.infoCommand`): which directories exist and are
/// formatted, the metadata they hold, and the problems found.
enum StorageInfo {
    static func report(kraftMode: Bool, directories: [String]) -> (text: String, exitCode: Int32) {
        var problems: [String] = []
        var found: [String] = []
        var previous: MetaProperties?
        var text = ""
        for directory in directories.sorted(by: javaStringLess) {
            let path = normalizedPath(directory)
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory), isDirectory.boolValue else {
                problems.append(FileManager.default.fileExists(atPath: directory) ? "\(path) is not a directory" : "\(path) does not exist")
                continue
            }
            found.append(path)
            let metaPath = path + "/" + MetaProperties.fileName
            guard FileManager.default.fileExists(atPath: metaPath) else {
                problems.append("\(path) is not formatted.")
                continue
            }
            do {
                let current = try MetaProperties(properties: JavaProperties.load(contentsOf: metaPath))
                if let prev = previous {
                    if prev.clusterId != current.clusterId {
                        problems.append("Mismatched cluster IDs between storage directories.")
                    } else if prev.nodeId != current.nodeId {
                        problems.append("Mismatched node IDs between storage directories.")
                    }
                } else {
                    previous = current
                }
            } catch {
                // Kafka prints the exception's stack trace to stdout here.
                text += "java.lang.RuntimeException: \(error)\n"
                problems.append("Error loading \(metaPath): \(error)")
            }
        }
        if let prev = previous {
            if kraftMode && prev.version == .v0 {
                problems.append("The kafka configuration file appears to be for a cluster in KRaft mode, but the directories are formatted for legacy mode.")
            } else if !kraftMode && prev.version == .v1 {
                problems.append("The kafka configuration file appears to be for a legacy cluster, but the directories are formatted for a cluster in KRaft mode.")
            }
        }
        if directories.isEmpty {
            return (text + "No directories specified.\n", 0)
        }
        if !found.isEmpty {
            text += found.count == 1 ? "Found log directory:\n" : "Found log directories:\n"
            for directory in found { text += "  \(directory)\n" }
            text += "\n"
        }
        if let prev = previous {
            text += "Found metadata: \(prev.sortedMapDescription)\n\n"
        }
        guard !problems.isEmpty else { return (text, 0) }
        text += problems.count == 1 ? "Found problem:\n" : "Found problems:\n"
        for problem in problems { text += "  \(problem)\n" }
        text += "\n"
        return (text, 1)
    }

    /// `Paths.get(directory).toString()`: redundant and trailing slashes removed.
    static func normalizedPath(_ path: String) -> String {
        var out = ""
        var previousSlash = false
        for char in path {
            if char == "/" {
                if previousSlash { continue }
                previousSlash = true
            } else {
                previousSlash = false
            }
            out.append(char)
        }
        if out.count > 1 && out.hasSuffix("/") { out.removeLast() }
        return out
    }
}
