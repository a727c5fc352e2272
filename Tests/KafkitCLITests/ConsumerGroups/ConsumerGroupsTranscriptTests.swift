import Foundation
import KafkaClient
import KafkitCLI
import Testing

/// Kafka's recorded runs 12–14f and 30e, replayed in order against kafkit's broker with the same
/// groups made the way transcripts 11/11b/11c made them (a console-consumer group, `cg1` at
/// offset 2 of 5, `cg2` at 5 of 5).
@Suite("consumer-groups transcripts")
struct ConsumerGroupsTranscriptTests {
    func replay(_ name: String, port: Int, compareStderr: Bool = true) async throws -> (code: Int32, out: String, err: String) {
        let recorded = try GroupTranscripts.load(name)
        let result = await runTool(ConsumerGroupsCommand.execute, withBroker(recorded.arguments, port: port))
        #expect(result.code == recorded.exit, "\(name)")
        #expect(normaliseGroupOutput(result.out, port: port) == recorded.stdout, "\(name)")
        if compareStderr { #expect(result.err == recorded.stderr, "\(name)") }
        return result
    }

    /// Lines of a listing, without depending on the broker's group order.
    func lines(_ text: String) -> [String] { text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init).sorted() }

    @Test("list, describe, reset, members, state and the missing group, as Kafka printed them")
    func recordedSequence() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "t")
            try await BrokerSetup.produce(port, topic: "t", count: 5)
            try await GroupSetup.makeGroup(port, group: "console-consumer-81248", topic: "t", offsets: [0: 5])
            try await GroupSetup.makeGroup(port, group: "cg1", topic: "t", offsets: [0: 2])

            // 12: plain list, one id per line in broker order (compared as a set).
            let list = try GroupTranscripts.load("12-consumer-groups-list.txt")
            let listed = await runTool(ConsumerGroupsCommand.execute, withBroker(list.arguments, port: port))
            #expect(listed.code == 0)
            #expect(lines(listed.out) == lines(list.stdout))
            #expect(listed.err == list.stderr)

            _ = try await replay("13-consumer-groups-describe-cg1.txt", port: port)
            _ = try await replay("14-consumer-groups-reset-offsets-dry-run.txt", port: port)
            _ = try await replay("14b-consumer-groups-reset-offsets-to-latest-execute.txt", port: port)
            _ = try await replay("14c-consumer-groups-describe-after-reset.txt", port: port)
            _ = try await replay("14d-consumer-groups-reset-to-earliest-execute.txt", port: port)
            _ = try await replay("14e-consumer-groups-describe-members.txt", port: port)
            _ = try await replay("14f-consumer-groups-describe-state.txt", port: port)

            // 11c made cg2 with the KIP-848 protocol; its describe layout is the same for a classic group.
            try await GroupSetup.makeGroup(port, group: "cg2", topic: "t", offsets: [0: 5])
            _ = try await replay("13b-consumer-groups-describe-cg2-kip848.txt", port: port)

            let table = try GroupTranscripts.load("13c-consumer-groups-list-with-type-state.txt")
            let states = await runTool(ConsumerGroupsCommand.execute, withBroker(table.arguments, port: port))
            #expect(states.code == 0)
            #expect(states.out.hasPrefix(table.stdout.split(separator: "\n").first.map { $0 + "\n" } ?? "-"))
            #expect(lines(states.out) == lines(table.stdout))

            // 30e: stdout and exit code exact; stderr is a Java stack trace whose first line we match.
            let missing = try await replay("30e-error-consumer-groups-describe-missing.txt", port: port, compareStderr: false)
            let recorded = try GroupTranscripts.load("30e-error-consumer-groups-describe-missing.txt")
            #expect(missing.err.split(separator: "\n").first == recorded.stderr.split(separator: "\n").first)
            #expect(missing.err.split(separator: "\n").last == recorded.stderr.split(separator: "\n").last)
        }
    }
}
