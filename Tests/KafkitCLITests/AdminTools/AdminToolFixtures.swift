import Foundation
import KafkaClient
import KafkitCLI
import NIOCore
import Testing

/// One recorded Kafka run from `/work/shared/reference/transcripts` (copied to Fixtures).
struct Transcript {
    var command: String
    var exit: Int32
    var stdout: String
    var stderr: String

    static var directory: String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures/kafka-4.0/admin-tools").path
    }

    static func path(_ relative: String) -> String { directory + "/" + relative }

    static func load(_ name: String) throws -> Transcript {
        parse(try String(contentsOfFile: path("transcripts/" + name), encoding: .utf8))
    }

    /// A recorder's file: `### command:` and `### exit:` lines, then the stdout and stderr sections.
    static func parse(_ text: String) -> Transcript {
        var command = ""
        var exit: Int32 = -1
        var stdout = ""
        var stderr = ""
        var section: Int = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("### command: ") { command = String(line.dropFirst(13)); continue }
            if line.hasPrefix("### exit: ") {
                exit = Int32(line.dropFirst(10).split(separator: " ").first ?? "") ?? -1
                continue
            }
            if line == "### ---- stdout ----" { section = 1; continue }
            if line == "### ---- stderr ----" { section = 2; continue }
            if line.hasPrefix("### ") { continue }
            if section == 1 { stdout += line + "\n" } else if section == 2 { stderr += line + "\n" }
        }
        // The recorder adds one final newline after the last section.
        if stderr.hasSuffix("\n") { stderr.removeLast() }
        if section == 1 && stdout.hasSuffix("\n") { stdout.removeLast() }
        return Transcript(command: command, exit: exit, stdout: stdout, stderr: stderr)
    }

    /// The command's arguments after the script name (shell quotes removed).
    var arguments: [String] {
        var result: [String] = []
        var current = ""
        var quote: Character?
        var started = false
        for c in command.split(separator: "|").first.map(String.init) ?? command {
            if let q = quote {
                if c == q { quote = nil } else { current.append(c) }
            } else if c == "'" || c == "\"" {
                quote = c
                started = true
            } else if c == " " {
                if started || !current.isEmpty { result.append(current) }
                current = ""
                started = false
            } else {
                current.append(c)
            }
        }
        if started || !current.isEmpty { result.append(current) }
        return Array(result.dropFirst())
    }
}

extension Transcript {
    /// The run exited with Kafka's recorded code and printed exactly its stdout and stderr.
    func expectSameRun(
        _ result: (code: Int32, out: String, err: String), _ comment: Comment? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(result.code == exit, comment, sourceLocation: sourceLocation)
        #expect(result.out == stdout, comment, sourceLocation: sourceLocation)
        #expect(result.err == stderr, comment, sourceLocation: sourceLocation)
    }
}

/// Runs a tool in-process and returns (exit code, stdout, stderr).
func runTool(
    _ execute: ([String], ToolConsole) async -> Int32, _ arguments: [String]
) async -> (code: Int32, out: String, err: String) {
    let console = ToolConsole.capturing()
    let code = await execute(arguments, console)
    return (code, console.capturedOut, console.capturedErr)
}

/// Replaces the recorded `--bootstrap-server` with the test broker's.
func withBroker(_ arguments: [String], port: Int) -> [String] {
    arguments.map { $0.replacingOccurrences(of: "127.0.0.1:19092", with: "127.0.0.1:\(port)") }
}

/// Our broker's port printed in output, normalised to the transcript's.
func normalisePort(_ text: String, port: Int) -> String {
    text.replacingOccurrences(of: "127.0.0.1:\(port)", with: "127.0.0.1:19092")
}

/// Helpers that set up topics and records on the test broker through KafkaClient.
enum BrokerSetup {
    static func config(_ port: Int) throws -> ClientConfig {
        try ClientConfig(properties: [:], bootstrapServers: "127.0.0.1:\(port)")
    }

    static func createTopic(_ port: Int, _ name: String, partitions: Int32 = 1) async throws {
        let admin = KafkaAdminClient(config: try config(port))
        _ = try await admin.createTopics([NewTopic(name: name, numPartitions: partitions, replicationFactor: 1)])
        await admin.close()
    }

    static func produce(_ port: Int, topic: String, partition: Int32 = 0, count: Int, timestamp: Int64? = nil) async throws {
        let producer = try KafkaProducer(config: try config(port))
        for index in 0..<count {
            _ = try await producer.sendAndWait(
                ProducerRecord(topic: topic, partition: partition, value: ByteBuffer(string: "v\(index)"), timestamp: timestamp))
        }
        await producer.close()
    }

    static func writeTemp(_ text: String, suffix: String = ".json") throws -> String {
        let path = NSTemporaryDirectory() + "kafkit-admin-tools-" + UUID().uuidString + suffix
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}

/// Runs `body` against a fresh in-process broker and stops it afterwards, even when `body` throws.
func withTestBroker(_ body: (TestBroker) async throws -> Void) async throws {
    let broker = try await TestBroker()
    do {
        try await body(broker)
    } catch {
        try? await broker.stopAndRemove()
        throw error
    }
    try await broker.stopAndRemove()
}
