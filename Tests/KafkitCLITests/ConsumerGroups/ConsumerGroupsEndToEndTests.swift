import Foundation
import Testing

/// The built `kafkit` binary through a link named `kafka-consumer-groups.sh`.
@Suite("consumer-groups end to end", .serialized)
struct ConsumerGroupsEndToEndTests {
    @Test(.enabled(if: KafkitBinary.path != nil, "the kafkit executable is built"))
    func scriptLink() async throws {
        let binary = try #require(KafkitBinary.path)
        let directory = NSTemporaryDirectory() + "kafkit-groups-e2e-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = directory + "/kafka-consumer-groups.sh"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)

        var result = try await KafkitBinary.run(link, [])
        #expect(result.code == 1 && result.out.isEmpty)
        #expect(result.err.hasPrefix("This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets.\n"))

        try await withTestBroker { broker in
            let server = "127.0.0.1:\(broker.port)"
            try await BrokerSetup.createTopic(broker.port, "t")
            try await BrokerSetup.produce(broker.port, topic: "t", count: 5)
            try await GroupSetup.makeGroup(broker.port, group: "cg1", topic: "t", offsets: [0: 2])
            result = try await KafkitBinary.run(link, ["--bootstrap-server", server, "--describe", "--group", "cg1"])
            let recorded = try GroupTranscripts.load("13-consumer-groups-describe-cg1.txt")
            recorded.expectSameRun(result)
            result = try await KafkitBinary.run(binary, ["consumer-groups", "--bootstrap-server", server, "--describe", "--group", "missing"])
            #expect(result.code == 0)
            #expect(result.out == "\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group missing not found.\n")
        }
    }
}
