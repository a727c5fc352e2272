import Foundation

/// The Kafka 4.0 log-dir fixture files copied into `Fixtures/logdir/data`.
enum LogDirFixtures {
    static var directory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/logdir/data").path
    }

    static func path(_ name: String) -> String { directory + "/" + name }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: path(name), encoding: .utf8)
    }

    static func bytes(_ name: String) throws -> [UInt8] {
        Array(try Data(contentsOf: URL(fileURLWithPath: path(name))))
    }
}

/// A fresh temporary directory for one test.
struct LogDirScratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "kafkit-logdir-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { path + "/" + name }

    func write(_ text: String, to name: String) throws {
        try text.write(toFile: file(name), atomically: false, encoding: .utf8)
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
