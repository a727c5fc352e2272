import Foundation
@testable import KafkitCLI

/// Fixture files copied into `Fixtures/storage` and a runner for `kafka-storage`.
enum StorageFixtures {
    static var directory: String {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/storage").path
    }

    static func text(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
    }

    /// A recorded run: its stdout text and exit code.
    static func transcript(_ name: String) throws -> (stdout: String, exit: Int32) {
        let text = try self.text("transcripts/" + name)
        guard let start = text.range(of: "### ---- stdout ----\n"), let end = text.range(of: "### ---- stderr ----") else {
            return ("", -1)
        }
        let exitLine = text.split(separator: "\n").first { $0.hasPrefix("### exit:") } ?? ""
        let code = Int32(exitLine.dropFirst("### exit:".count).trimmingCharacters(in: .whitespaces).split(separator: " ").first ?? "") ?? -1
        return (String(text[start.upperBound..<end.lowerBound]), code)
    }

    /// A reference config with `$REF` pointing into `root`.
    static func config(_ name: String, root: String, extra: String = "") throws -> String {
        let text = try self.text("configs/" + name).replacingOccurrences(of: "$REF", with: root) + "\n" + extra
        let path = root + "/" + name
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        try text.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}

/// What one `kafka-storage` run printed.
struct StorageRun {
    var stdout = ""
    var stderr = ""
    var exitCode: Int32 = 0

    init(_ arguments: [String]) {
        let console = ToolConsole.capturing()
        exitCode = StorageTool(console: console).run(arguments)
        stdout = console.capturedOut
        stderr = console.capturedErr
    }
}

/// A fresh temporary directory for one test.
struct StorageScratch {
    let path: String

    init() throws {
        path = NSTemporaryDirectory() + "kafkit-storage-cli-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func write(_ text: String, to name: String) throws -> String {
        let file = path + "/" + name
        try text.write(toFile: file, atomically: false, encoding: .utf8)
        return file
    }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}
