import Foundation
import KafkaClient
import KafkaProtocol
import Testing

@testable import KafkitCLI

/// `kafka-leader-election` against the in-process broker (transcripts `17*`), the output order of
/// the 3-node run (`c16`), and every validation error with Kafka's message and exit code.
@Suite("leader-election", .serialized)
struct LeaderElectionTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(LeaderElectionCommand.execute, arguments)
    }

    @Test func preferredForAllPartitionsPrintsNothingOnAHealthyNode() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo", partitions: 2)
            let transcript = try Transcript.load("17-leader-election-preferred-all.txt")
            let result = await Self.run(withBroker(transcript.arguments, port: broker.port))
            #expect(result.code == transcript.exit)
            #expect(result.out == transcript.stdout)
            #expect(result.err == transcript.stderr)
        }
    }

    @Test func uncleanOnAPartitionWithALeaderIsAlreadyElected() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo")
            let transcript = try Transcript.load("17b-leader-election-unclean-topic-partition.txt")
            let result = await Self.run(withBroker(transcript.arguments, port: broker.port))
            #expect(result.code == transcript.exit)
            #expect(result.out == transcript.stdout)
            #expect(result.err == transcript.stderr)
            // The election type is case-insensitive.
            let preferred = await Self.run(["--bootstrap-server", "127.0.0.1:\(broker.port)", "--election-type", "PreFerred", "--topic", "demo", "--partition", "0"])
            #expect(preferred.code == 0)
            #expect(preferred.out == "Valid replica already elected for partitions demo-0\n")
        }
    }

    @Test func jsonFileAndFailures() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo", partitions: 3)
            let server = "127.0.0.1:\(broker.port)"
            let file = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"demo","partition":2},{"topic":"demo","partition":0},{"topic":"demo","partition":1}]}"#)
            let result = await Self.run(["--bootstrap-server", server, "--election-type", "preferred", "--path-to-json-file", file])
            #expect(result.code == 0)
            #expect(result.out == "Valid replica already elected for partitions demo-0, demo-1, demo-2\n")

            let missing = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"nope","partition":0},{"topic":"demo","partition":0}]}"#)
            let failed = await Self.run(["--bootstrap-server", server, "--election-type", "preferred", "--path-to-json-file", missing])
            #expect(failed.code == 1)
            let lines = failed.out.split(separator: "\n").map(String.init)
            #expect(lines.first == "Valid replica already elected for partitions demo-0")
            #expect(lines.count == 2)
            #expect(lines.last?.hasPrefix("Error completing leader election (PREFERRED) for partition: nope-0: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: ") == true)
            #expect(failed.err == "1 replica(s) could not be elected\norg.apache.kafka.server.common.AdminCommandFailedException: 1 replica(s) could not be elected\n")
        }
    }

    /// c16: the 17 partitions elected on the 3-node cluster print in Kafka's `HashSet` order.
    /// Partitions of one bucket keep the controller's answer order (`__consumer_offsets-2` and
    /// `-34` share one), so the answer orders fed here list -34 first, as Kafka's controller did.
    @Test func successLineInKafkasHashSetOrder() throws {
        let transcript = try Transcript.load("c16-leader-election-preferred-all.txt")
        let prefix = "Successfully completed leader election (PREFERRED) for partitions "
        let recorded = transcript.stdout.dropFirst(prefix.count).dropLast().components(separatedBy: ", ")
        let partitions = recorded.compactMap { name -> TopicPartition? in
            guard let dash = name.lastIndex(of: "-"), let number = Int32(name[name.index(after: dash)...]) else { return nil }
            return TopicPartition(String(name[..<dash]), number)
        }
        #expect(partitions.count == 17)
        for answerOrder in [Array(partitions.sorted().reversed()), partitions] {
            let outcome = ElectionOutcome(type: .preferred, results: answerOrder.map { ($0, nil) })
            #expect(outcome.lines.map { $0 + "\n" }.joined() == transcript.stdout)
        }
        // Answered the other way round, the two colliding partitions swap and nothing else moves.
        let sorted = ElectionOutcome(type: .preferred, results: partitions.sorted().map { ($0, nil) })
        let swapped = transcript.stdout.replacingOccurrences(of: "__consumer_offsets-34, __consumer_offsets-2\n", with: "__consumer_offsets-2, __consumer_offsets-34\n")
        #expect(sorted.lines.map { $0 + "\n" }.joined() == swapped)
    }

    @Test func outcomeLinesPerKind() {
        let results: [(TopicPartition, KafkaError?)] = [
            (TopicPartition("a", 0), nil),
            (TopicPartition("b", 1), .broker(.electionNotNeeded, message: nil)),
            (TopicPartition("c", 2), .broker(.preferredLeaderNotAvailable, message: "Failed to elect leader for partition c-2 under strategy PreferredReplicaPartitionLeaderElectionStrategy")),
        ]
        let outcome = ElectionOutcome(type: .unclean, results: results)
        #expect(outcome.lines == [
            "Successfully completed leader election (UNCLEAN) for partitions a-0",
            "Valid replica already elected for partitions b-1",
            "Error completing leader election (UNCLEAN) for partition: c-2: org.apache.kafka.common.errors.PreferredLeaderNotAvailableException: Failed to elect leader for partition c-2 under strategy PreferredReplicaPartitionLeaderElectionStrategy",
        ])
        #expect(outcome.failed.count == 1)
    }

    // MARK: errors

    static func expectFailure(_ arguments: [String], _ className: String, _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let result = await run(arguments)
        #expect(result.code == 1, sourceLocation: sourceLocation)
        #expect(result.out == "", sourceLocation: sourceLocation)
        #expect(result.err == "\(message)\n\(className): \(message)\n", sourceLocation: sourceLocation)
    }

    @Test func validationErrors() async throws {
        let failed = "org.apache.kafka.server.common.AdminCommandFailedException"
        await Self.expectFailure(["--all-topic-partitions"], failed, "Missing required option(s): bootstrap-server, election-type")
        await Self.expectFailure(["--bootstrap-server", "h:1", "--all-topic-partitions"], failed, "Missing required option(s): election-type")
        await Self.expectFailure(["--election-type", "preferred", "--all-topic-partitions"], failed, "Missing required option(s): bootstrap-server")
        let oneOf = "One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file"
        await Self.expectFailure(["--bootstrap-server", "h:1", "--election-type", "preferred"], failed, oneOf)
        await Self.expectFailure(["--bootstrap-server", "h:1", "--election-type", "preferred", "--topic", "t", "--all-topic-partitions"], failed, oneOf)
        await Self.expectFailure(["--bootstrap-server", "h:1", "--election-type", "preferred", "--topic", "t"], failed, "Missing required option(s): partition")
        await Self.expectFailure(
            ["--bootstrap-server", "h:1", "--election-type", "preferred", "--all-topic-partitions", "--partition", "1"], failed,
            "Option partition is only allowed if topic is used")
        await Self.expectFailure(
            ["--bootstrap-server", "h:1", "--election-type", "foo", "--all-topic-partitions"], "joptsimple.OptionArgumentConversionException",
            "Cannot parse argument 'foo' of option election-type")
        await Self.expectFailure(
            ["--bootstrap-server", "h:1", "--election-type", "preferred", "--topic", "t", "--partition", "x"],
            "joptsimple.OptionArgumentConversionException", "Cannot parse argument 'x' of option partition")
        await Self.expectFailure(["--bootstrap"], "joptsimple.UnrecognizedOptionException", "bootstrap is not a recognized option")
        await Self.expectFailure(["--bootstrap-server"], "joptsimple.OptionMissingRequiredArgumentException", "Option bootstrap-server requires an argument")
        await Self.expectFailure(
            ["--bootstrap-server", "h:1", "--election-type", "preferred", "--all-topic-partitions", "--admin.config", "/nonexistent/admin.properties"],
            "java.nio.file.NoSuchFileException", "/nonexistent/admin.properties")
    }

    @Test func jsonFileErrors() async throws {
        let base = ["--bootstrap-server", "h:1", "--election-type", "preferred", "--path-to-json-file"]
        let operation = "org.apache.kafka.server.common.AdminOperationException"
        await Self.expectFailure(base + [try BrokerSetup.writeTemp("")], operation, "Replica election data is empty")
        await Self.expectFailure(base + [try BrokerSetup.writeTemp("{not json")], operation, "Replica election data is empty")
        await Self.expectFailure(base + [try BrokerSetup.writeTemp(#"{"version":1}"#)], operation, "Replica election data is missing \"partitions\" field")
        await Self.expectFailure(
            base + [try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"foo","partition":1},{"topic":"foo","partition":1},{"topic":"bar","partition":0}]}"#)],
            operation, "Replica election data contains duplicate partitions: [foo-1]")
        await Self.expectFailure(
            base + [try BrokerSetup.writeTemp(#"{"partitions":[{"partition":1}]}"#)], "java.lang.RuntimeException",
            "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `topic`")
        await Self.expectFailure(
            base + ["/nonexistent/election.json"], "java.lang.RuntimeException", "java.nio.file.NoSuchFileException: /nonexistent/election.json")
    }

    @Test func helpAndVersion() async {
        let usage = await Self.run([])
        #expect(usage.code == 1)
        #expect(usage.err.hasPrefix(LeaderElectionCommand.usageMessage + "\n"))
        for option in ["--bootstrap-server", "--admin.config", "--election-type", "--topic", "--partition", "--all-topic-partitions", "--path-to-json-file"] {
            #expect(usage.err.contains(option), "\(option)")
        }
        let help = await Self.run(["--help"])
        #expect(help.code == 1)
        #expect(help.err == usage.err)
        let version = await Self.run(["--version"])
        #expect(version.code == 0)
        #expect(version.out == JoptCommandLine.versionLine + "\n")
    }

    @Test func unreachableClusterTimesOut() async throws {
        let config = try BrokerSetup.writeTemp("default.api.timeout.ms=300\nrequest.timeout.ms=200\n", suffix: ".properties")
        let result = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--admin.config", config, "--election-type", "preferred", "--all-topic-partitions"])
        #expect(result.code == 1)
        #expect(result.out == "Timeout waiting for election results\n")
        #expect(result.err == "Timeout waiting for election results\norg.apache.kafka.server.common.AdminCommandFailedException: Timeout waiting for election results\n")
    }

    @Test func adminConfigIsRead() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo")
            let config = try BrokerSetup.writeTemp("request.timeout.ms=5000\n", suffix: ".properties")
            let result = await Self.run([
                "--bootstrap-server", "127.0.0.1:\(broker.port)", "--admin.config", config, "--election-type", "unclean", "--topic", "demo", "--partition", "0",
            ])
            #expect(result.code == 0)
            #expect(result.out == "Valid replica already elected for partitions demo-0\n")
        }
    }
}
