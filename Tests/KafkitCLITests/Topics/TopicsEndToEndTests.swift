import Foundation
import Testing
import KafkitCLI

/// The built `kafkit` binary, as `kafkit topics` and through a link named `kafka-topics.sh`.
@Suite("topics end to end", .serialized)
struct TopicsEndToEndTests {
    static var binary: String? {
        let path = Bundle.module.bundleURL.deletingLastPathComponent().path + "/kafkit"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        try await KafkitBinary.run(executable, arguments)
    }

    /// A link named like Kafka's script, in a fresh directory.
    static func scriptLink(to binary: String) throws -> String {
        let directory = NSTemporaryDirectory() + "kafkit-topics-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let link = directory + "/kafka-topics.sh"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)
        return link
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func scriptLinkAndSubcommand() async throws {
        let binary = try #require(Self.binary)
        let link = try Self.scriptLink(to: binary)
        defer { try? FileManager.default.removeItem(atPath: (link as NSString).deletingLastPathComponent) }

        var result = try await Self.run(link, ["--version"])
        #expect(result.code == 0 && result.out == JoptCommandLine.versionLine + "\n")
        result = try await Self.run(link, [])
        #expect(result.code == 1 && result.out.isEmpty)
        #expect(result.err.hasPrefix("Create, delete, describe, or change a topic.\n"))

        let broker = try await TestBroker()
        defer { Task { try? await broker.stopAndRemove() } }
        let server = "127.0.0.1:\(broker.port)"
        result = try await Self.run(link, ["--bootstrap-server", server, "--create", "--topic", "demo", "--partitions", "3", "--replication-factor", "1"])
        #expect(result.code == 0 && result.out == "Created topic demo.\n" && result.err.isEmpty)
        result = try await Self.run(binary, ["topics", "--bootstrap-server", server, "--list"])
        #expect(result.code == 0 && result.out == "demo\n")
        result = try await Self.run(link, ["--bootstrap-server", server, "--describe", "--topic", "no-such-topic"])
        #expect(result.code == 1)
        #expect(result.out == "Error while executing topic command : Topic 'Optional[no-such-topic]' does not exist as expected\n")
    }
}
