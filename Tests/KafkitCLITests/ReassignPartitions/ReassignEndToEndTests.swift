import Foundation
import Testing

/// The built binary through a link named like Kafka's script.
@Suite("reassign-partitions end to end")
struct ReassignEndToEndTests {
    @Test(.enabled(if: AdminToolsEndToEndTests.binary != nil, "the kafkit executable is built"))
    func throughScriptLink() async throws {
        let binary = try #require(AdminToolsEndToEndTests.binary)
        let script = try AdminToolsEndToEndTests.link("kafka-reassign-partitions.sh", to: binary)
        try await withTestBroker { broker in
            let (recorded, arguments) = try await ReassignGenerateTests.transcript18(broker.port)
            let generated = try await KafkitBinary.run(script, arguments)
            recorded.expectSameRun(generated)

            let listed = try await KafkitBinary.run(script, ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--list"])
            #expect(listed.code == 0)
            #expect(listed.out == "No partition reassignments found.\n")
        }
        let usage = try await KafkitBinary.run(binary, ["reassign-partitions", "--bootstrap-server", "h:1"])
        #expect(usage.code == 1)
        #expect(usage.out == "")
        #expect(usage.err.hasPrefix("Command must include exactly one action: --generate, --execute, --verify, --cancel, --list\n"))
    }
}
