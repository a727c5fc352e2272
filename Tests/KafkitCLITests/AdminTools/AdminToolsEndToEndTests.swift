import Foundation
import Testing

/// The built `kafkit` binary, run as `kafkit <tool>` and through links named like Kafka's scripts.
@Suite("admin tools end to end")
struct AdminToolsEndToEndTests {
    static var binary: String? {
        let path = Bundle.module.bundleURL.deletingLastPathComponent().path + "/kafkit"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        try await KafkitBinary.run(executable, arguments)
    }

    /// A link named `script` to the binary, in a fresh temp directory.
    static func link(_ script: String, to binary: String) throws -> String {
        let directory = NSTemporaryDirectory() + "kafkit-admin-links-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + script
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: binary)
        return path
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func againstBroker() async throws {
        let binary = try #require(Self.binary)
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "t")
            try await BrokerSetup.produce(broker.port, topic: "t", count: 5)
            let server = "127.0.0.1:\(broker.port)"

            let offsets = try await Self.run(try Self.link("kafka-get-offsets.sh", to: binary), ["--bootstrap-server", server, "--topic", "t"])
            #expect(offsets.code == 0)
            #expect(offsets.out == "t:0:5\n")

            let versions = try await Self.run(binary, ["broker-api-versions", "--bootstrap-server", server])
            #expect(versions.code == 0)
            #expect(versions.out.hasPrefix("\(server) (id: 1 rack: null isFenced: false) -> (\n\tProduce(0): "))

            let file = Transcript.path("configs/delete-records.json")
            let deleted = try await Self.run(try Self.link("kafka-delete-records", to: binary), ["--bootstrap-server", server, "--offset-json-file", file])
            #expect(deleted.out == "Executing records delete operation\nRecords delete operation completed:\npartition: t-0\tlow_watermark: 2\n")

            let configs = try await Self.run(try Self.link("kafka-configs.sh", to: binary), ["--bootstrap-server", server, "--describe", "--broker", "1"])
            #expect(configs.code == 0)
            #expect(configs.out == "Dynamic configs for broker 1 are:\n")
        }
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func usageExitCodes() async throws {
        let binary = try #require(Self.binary)
        let usage = try await Self.run(binary, ["get-offsets"])
        #expect(usage.code == 1)
        #expect(usage.err.hasPrefix("An interactive shell for getting topic-partition offsets.\n"))
        let configs = try await Self.run(try Self.link("kafka-configs.sh", to: binary), ["--bootstrap-server", "h:1", "--describe", "--entity-type", "x"])
        #expect(configs.code == 1)
        #expect(configs.err.hasPrefix("Invalid entity type x, the entity type must be one of "))
    }
}
