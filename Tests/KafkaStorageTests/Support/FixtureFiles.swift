import Foundation
import NIOCore

/// Paths of the Kafka 4.0 fixture files copied into this test target.
enum FixtureFiles {
    static var dataDirectory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/data").path
    }

    static func path(_ partition: String, _ file: String) -> String {
        dataDirectory + "/" + partition + "/" + file
    }

    static func bytes(_ partition: String, _ file: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(partition, file))))
    }

    /// The `key: value` pairs of each non-header line of a recorded `kafka-dump-log.sh` output.
    static func dumpLines(_ partition: String, _ file: String) throws -> [[String: String]] {
        let text = try String(contentsOfFile: path(partition, file), encoding: .utf8)
        return text.split(separator: "\n").filter { !$0.hasPrefix("Dumping ") }.map { line in
            let words = line.split(separator: " ").map(String.init)
            var pairs: [String: String] = [:]
            var i = 0
            while i + 1 < words.count {
                if words[i].hasSuffix(":") { pairs[String(words[i].dropLast())] = words[i + 1]; i += 2 } else { i += 1 }
            }
            return pairs
        }
    }
}

/// A fresh temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "kafkit-storage-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }

    /// Copies a fixture partition directory into this one (as `<name>`), writable.
    func copyFixture(_ partition: String, as name: String? = nil, including: (String) -> Bool = { _ in true }) throws -> String {
        let target = path + "/" + (name ?? partition)
        try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
        let source = FixtureFiles.dataDirectory + "/" + partition
        for file in try FileManager.default.contentsOfDirectory(atPath: source)
        where !file.hasSuffix(".out") && including(file) {
            let data = try Data(contentsOf: URL(fileURLWithPath: source + "/" + file))
            try data.write(to: URL(fileURLWithPath: target + "/" + file))
        }
        return target
    }
}
