import Foundation
import KafkaClient
import Testing

/// The built binary, stdin piped as `printf 'hello\nworld' | kafka-console-producer.sh ...`.
@Suite("console tools end to end", .serialized)
struct ConsoleEndToEndTests {
    static var binary: String? {
        let path = Bundle.module.bundleURL.deletingLastPathComponent().path + "/kafkit"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) async throws -> (code: Int32, out: String, err: String) {
        try await KafkitBinary.run(executable, arguments, stdin: stdin)
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func pipedProducerAndLinkedConsumer() async throws {
        let binary = try #require(Self.binary)
        let broker = try await TestBroker()
        let bootstrap = "localhost:\(broker.port)"
        let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: bootstrap))
        _ = try await admin.createTopics([NewTopic(name: "test", numPartitions: 1, replicationFactor: 1)])
        await admin.close()

        // The tool's 1.5 s request timeout is Kafka's; a test machine running many brokers needs more.
        let produced = try await Self.run(binary, ["console-producer", "--bootstrap-server", bootstrap, "--topic", "test", "--request-timeout-ms", "30000"], stdin: Data("hello\nworld".utf8))
        #expect(produced.code == 0)
        #expect(produced.out == "")
        #expect(produced.err == "")

        let directory = NSTemporaryDirectory() + "kafkit-link-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let link = directory + "/kafka-console-consumer.sh"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)
        let consumed = try await Self.run(link, ["--bootstrap-server", bootstrap, "--topic", "test", "--from-beginning", "--max-messages", "2"])
        #expect(consumed.code == 0)
        #expect(consumed.out == "hello\nworld\n")
        #expect(consumed.err == "Processed a total of 2 messages\n")

        let keyed = try await Self.run(binary, ["console-producer", "--bootstrap-server", bootstrap, "--topic", "test", "--property", "parse.key=true"], stdin: Data("no-tab\n".utf8))
        #expect(keyed.code == 1)
        #expect(keyed.err == "org.apache.kafka.common.KafkaException: No key separator found on line number 1: 'no-tab'\n")
        try? FileManager.default.removeItem(atPath: directory)
        try await broker.stopAndRemove()
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func sigtermLeavesTheGroupAndPrintsTheTotal() async throws {
        let binary = try #require(Self.binary)
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        let process = try ChildProcess(binary, ["console-consumer", "--bootstrap-server", bootstrap, "--topic", "sig", "--group", "sig-group"])
        process.closeStdin()
        try await Task.sleep(for: .seconds(2))
        process.terminate()
        let exit = await KafkitBinary.waitForExit(process)
        #expect(exit.code == 143)
        #expect(exit.err.hasSuffix("Processed a total of 0 messages\n"))
        try await broker.stopAndRemove()
    }
}
