import Foundation
import Testing

/// The built binary through links named like Kafka's scripts.
@Suite("quorum tools end to end")
struct QuorumToolsEndToEndTests {
    static func link(_ script: String, to binary: String) throws -> String {
        let directory = NSTemporaryDirectory() + "kafkit-quorum-links-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/" + script
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: binary)
        return path
    }

    @Test(.enabled(if: KafkitBinary.path != nil, "the kafkit executable is built"))
    func scriptsAgainstBroker() async throws {
        let binary = try #require(KafkitBinary.path)
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo")
            let server = "127.0.0.1:\(broker.port)"
            let quorum = try Self.link("kafka-metadata-quorum.sh", to: binary)
            let status = try await KafkitBinary.run(quorum, ["--bootstrap-server", server, "describe", "--status"])
            #expect(status.code == 0)
            #expect(status.err == "")
            #expect(status.out.hasPrefix("ClusterId:              \(broker.services.clusterId)\nLeaderId:               1\n"))
            #expect(status.out.hasSuffix("CurrentObservers:       []\n"))

            let usage = try await KafkitBinary.run(quorum, ["describe", "--status"])
            #expect(usage.code == 1)
            #expect(usage.err.contains("kafka-metadata-quorum: error: one of the arguments --bootstrap-server --bootstrap-controller is required\n"))

            let help = try await KafkitBinary.run(binary, ["metadata-quorum", "-h"])
            #expect(help.code == 0)
            #expect(help.out.hasPrefix("usage: kafka-metadata-quorum"))

            let election = try Self.link("kafka-leader-election", to: binary)
            let elected = try await KafkitBinary.run(election, ["--bootstrap-server", server, "--election-type", "preferred", "--topic", "demo", "--partition", "0"])
            #expect(elected.code == 0)
            #expect(elected.out == "Valid replica already elected for partitions demo-0\n")
            let invalid = try await KafkitBinary.run(election, ["--bootstrap-server", server, "--election-type", "preferred"])
            #expect(invalid.code == 1)
            #expect(invalid.err.hasPrefix("One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file\n"))
        }
    }
}
