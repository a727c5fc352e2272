import Foundation
@testable import KafkitCLI
import Testing

/// `kafkit topics` against the in-process broker: the recorded single-node transcripts replayed
/// in order (ids, timestamps and ports normalised), the error cases, filters and options.
@Suite("topics against a broker", .serialized)
struct TopicsBrokerTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await TopicsCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    /// The settings of Kafka's stock `server.properties` the recorded broker ran with that show
    /// in a describe (`log.segment.bytes` surfaces as `segment.bytes` in `Configs:`).
    static let stockServerProperties = [
        "log.retention.hours": "168", "log.segment.bytes": "1073741824", "log.retention.check.interval.ms": "300000",
    ]

    /// Topic ids and log timestamps differ from run to run.
    static func normalise(_ text: String) -> String {
        var text = text.replacingOccurrences(
            of: "TopicId: [A-Za-z0-9_-]{22}", with: "TopicId: <id>", options: .regularExpression)
        text = text.replacingOccurrences(
            of: "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}\\]", with: "[<time>]",
            options: .regularExpression)
        return text.split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0).replacingOccurrences(
                of: "^\\[\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d,\\d{3}\\]", with: "[<time>]", options: .regularExpression)
        }.joined(separator: "\n")
    }

    static func arguments(_ transcript: TopicsTranscript, port: Int) -> [String] {
        transcript.arguments.map { $0.hasPrefix("127.0.0.1:") ? "127.0.0.1:\(port)" : $0 }
    }

    /// The single-node session of the transcripts, in recorded order. 31b lists
    /// `__consumer_offsets`, which the recorded broker had from earlier consumer runs; here
    /// it is compared without internal topics.
    static let session = [
        "04-topics-create-demo.txt", "05-topics-create-t.txt", "06-topics-list.txt", "07-topics-describe-demo.txt",
        "08-topics-alter-partitions.txt", "09-topics-describe-demo-after-alter.txt", "09b-topics-describe-all.txt",
        "20a-topics-create-perf.txt", "29a-topics-create-comp.txt", "30a-error-topics-create-existing.txt",
        "30b-error-topics-describe-missing.txt", "30c-error-topics-create-rf-too-high.txt",
        "30d-error-topics-alter-decrease-partitions.txt", "31-topics-delete.txt", "31c-topics-list-exclude-internal.txt",
    ]

    @Test func recordedSessionReplays() async throws {
        let broker = try await TestBroker(overrides: Self.stockServerProperties)
        defer { Task { try? await broker.stopAndRemove() } }
        for file in Self.session {
            let transcript = try TopicsTranscript.load(file)
            let started = Date()
            let (code, out, err) = await Self.run(Self.arguments(transcript, port: broker.port))
            #expect(code == transcript.exitCode, "\(file)")
            #expect(Self.normalise(out) == Self.normalise(transcript.stdout), "\(file)")
            #expect(Self.normalise(err) == Self.normalise(transcript.stderr), "\(file)")
            // Milliseconds in practice; the bound only catches a hang or a needless wait.
            #expect(Date().timeIntervalSince(started) < 20, "\(file) took too long")
        }
        // 31b after 31: the remaining topics, sorted.
        let (code, out, _) = await Self.run(["--bootstrap-server", "127.0.0.1:\(broker.port)", "--list"])
        #expect(code == 0)
        let recorded = try TopicsTranscript.load("31b-topics-list-after-delete.txt").stdout
        #expect(out == recorded.split(separator: "\n").filter { !$0.hasPrefix("__") }.map { $0 + "\n" }.joined())
    }

    /// The walkthrough: create `test` with partitions and replication factor, list, describe.
    @Test func seedWalkthrough() async throws {
        let broker = try await TestBroker(overrides: Self.stockServerProperties)
        defer { Task { try? await broker.stopAndRemove() } }
        let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
        var result = await Self.run(server + ["--create", "--topic", "test", "--partitions", "2", "--replication-factor", "1"])
        #expect(result.code == 0)
        #expect(result.out == "Created topic test.\n")
        #expect(result.err.isEmpty)
        result = await Self.run(server + ["--list"])
        #expect(result.out == "test\n")
        result = await Self.run(server + ["--describe", "--topic", "test"])
        #expect(result.code == 0)
        let lines = Self.normalise(result.out).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4)
        #expect(lines.first?.hasPrefix("Topic: test\tTopicId: <id>\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: ") == true)
        #expect(lines.dropFirst().first == "\tTopic: test\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: ")
        #expect(lines.dropFirst(2).first == "\tTopic: test\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: ")
    }

    @Test func optionsAgainstBroker() async throws {
        let broker = try await TestBroker(overrides: Self.stockServerProperties)
        defer { Task { try? await broker.stopAndRemove() } }
        let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]

        // Empty cluster: a single empty line; describe prints nothing.
        var r = await Self.run(server + ["--list"])
        #expect(r.code == 0 && r.out == "\n")
        r = await Self.run(server + ["--describe"])
        #expect(r.code == 0 && r.out.isEmpty)

        for name in ["foo1", "foo2", "bar"] {
            r = await Self.run(server + ["--create", "--topic", name])
            #expect(r.out == "Created topic \(name).\n")
        }
        r = await Self.run(server + ["--list", "--topic", "foo.*"])
        #expect(r.out == "foo1\nfoo2\n")
        r = await Self.run(server + ["--list", "--topic", "foo1,bar"])
        #expect(r.out == "bar\nfoo1\n")
        r = await Self.run(server + ["--list", "--topic", "nothing"])
        #expect(r.code == 0 && r.out == "\n")
        r = await Self.run(server + ["--describe", "--topic", "foo[12]"])
        #expect(r.out.split(separator: "\n").filter { $0.hasPrefix("Topic: ") }.count == 2)

        // --if-not-exists swallows "already exists"; --if-exists a missing topic.
        r = await Self.run(server + ["--create", "--topic", "bar", "--if-not-exists"])
        #expect(r.code == 0 && r.out.isEmpty && r.err.isEmpty)
        for action in [["--describe"], ["--delete"], ["--alter", "--partitions", "3"]] {
            r = await Self.run(server + action + ["--topic", "missing", "--if-exists"])
            #expect(r.code == 0 && r.out.isEmpty && r.err.isEmpty, "\(action)")
            r = await Self.run(server + action + ["--topic", "missing"])
            #expect(r.code == 1)
            #expect(r.out == "Error while executing topic command : Topic 'Optional[missing]' does not exist as expected\n")
            #expect(r.err.contains("ERROR java.lang.IllegalArgumentException: Topic 'Optional[missing]' does not exist as expected\n\tat "))
        }

        // Name with a period: the metric-name warning first.
        r = await Self.run(server + ["--create", "--topic", "with.dot", "--config", "retention.ms=1000", "--config", "cleanup.policy=compact"])
        #expect(r.out == Self.collisionWarning + "\nCreated topic with.dot.\n")
        r = await Self.run(server + ["--describe", "--topic", "with.dot"])
        let topicLine = r.out.split(separator: "\n").first ?? ""
        #expect(topicLine.contains("retention.ms=1000"))
        #expect(topicLine.contains("cleanup.policy=compact"))

        // --topics-with-overrides: topic lines only, and only with a non-default config.
        r = await Self.run(server + ["--describe", "--topics-with-overrides", "--topic", "with.dot"])
        #expect(r.out.split(separator: "\n").count == 1)
        #expect(r.out.hasPrefix("Topic: with.dot\t"))

        // Filters on a healthy single node print nothing.
        for filter in ["--under-replicated-partitions", "--unavailable-partitions", "--under-min-isr-partitions"] {
            r = await Self.run(server + ["--describe", filter])
            #expect(r.code == 0 && r.out.isEmpty, "\(filter)")
        }
        // At min ISR: ISR 1 == min.insync.replicas 1 for every partition.
        r = await Self.run(server + ["--describe", "--at-min-isr-partitions", "--topic", "foo1"])
        #expect(r.out == "\tTopic: foo1\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: \n")

        // By id: the Metadata path, Elr N/A.
        r = await Self.run(server + ["--describe", "--topic", "bar"])
        let id = try #require(r.out.firstRange(of: /TopicId: ([A-Za-z0-9_-]{22})/).map { String(r.out[$0].dropFirst(9)) })
        r = await Self.run(server + ["--describe", "--topic-id", id])
        #expect(r.code == 0)
        #expect(r.out.hasSuffix("\tTopic: bar\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A\n"))
        r = await Self.run(server + ["--describe", "--topic-id", "AAAAAAAAAAAAAAAAAAAAAQ"])
        #expect(r.code == 1)
        #expect(r.out == "Error while executing topic command : TopicId 'AAAAAAAAAAAAAAAAAAAAAQ' does not exist as expected\n")
        r = await Self.run(server + ["--describe", "--topic-id", "AAAAAAAAAAAAAAAAAAAAAQ", "--if-exists"])
        #expect(r.code == 0 && r.out.isEmpty)

        // --replica-assignment on create and alter.
        r = await Self.run(server + ["--create", "--topic", "assigned", "--replica-assignment", "1,1"])
        #expect(r.out == "Created topic assigned.\n")
        r = await Self.run(server + ["--alter", "--topic", "assigned", "--partitions", "3", "--replica-assignment", "1,1,1"])
        #expect(r.code == 0 && r.out.isEmpty)
        r = await Self.run(server + ["--describe", "--topic", "assigned"])
        #expect(r.out.contains("PartitionCount: 3\tReplicationFactor: 1\t"))

        // Paged DescribeTopicPartitions gives the same lines.
        let whole = await Self.run(server + ["--describe", "--topic", "assigned"])
        r = await Self.run(server + ["--describe", "--topic", "assigned", "--partition-size-limit-per-response", "1"])
        #expect(r.code == 0 && r.out == whole.out)

        // Deleting by pattern.
        r = await Self.run(server + ["--delete", "--topic", "foo.*"])
        #expect(r.code == 0 && r.out.isEmpty)
        r = await Self.run(server + ["--list", "--topic", "foo.*"])
        #expect(r.out == "\n")
    }

    static let collisionWarning =
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."

    /// Failures inside an action: the message on stdout after Kafka's prefix, the exception at
    /// ERROR on stderr, exit 1.
    static let actionErrors: [([String], String, String)] = [
        (["--create", "--topic", "x", "--partitions", "0"], "java.lang.IllegalArgumentException", "The partitions must be greater than 0"),
        (["--create", "--topic", "x", "--replication-factor", "0"], "java.lang.IllegalArgumentException",
         "The replication factor must be between 1 and 32767 inclusive"),
        (["--create", "--topic", "x", "--replication-factor", "40000"], "java.lang.IllegalArgumentException",
         "The replication factor must be between 1 and 32767 inclusive"),
        (["--create", "--topic", "x", "--config", "retention.ms"], "java.lang.IllegalArgumentException",
         "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\"."),
        (["--create", "--topic", "x", "--config", "no.such=1"], "org.apache.kafka.common.errors.InvalidConfigurationException",
         "Unknown topic config name: no.such"),
        (["--create", "--topic", "x", "--config", "retention.ms=abc"], "org.apache.kafka.common.config.ConfigException",
         "Invalid value abc for configuration retention.ms: Not a number of type LONG"),
        (["--create", "--topic", "x", "--replica-assignment", "1:1"], "org.apache.kafka.server.common.AdminCommandFailedException",
         "Partition replica lists may not contain duplicate entries: 1"),
        (["--create", "--topic", "x", "--replica-assignment", "1,1:2"], "org.apache.kafka.server.common.AdminOperationException",
         "Partition 1 has different replication factor: [1, 2]"),
        (["--create", "--topic", "x", "--partitions", "many"], "joptsimple.OptionArgumentConversionException",
         "Cannot parse argument 'many' of option partitions"),
        (["--list", "--topic", "a["], "java.lang.RuntimeException", "a[ is an invalid regex."),
    ]

    @Test func actionErrorsAreReportedOnStdout() async throws {
        let broker = try await TestBroker(overrides: Self.stockServerProperties)
        defer { Task { try? await broker.stopAndRemove() } }
        for (arguments, className, message) in Self.actionErrors {
            let (code, out, err) = await Self.run(["--bootstrap-server", "127.0.0.1:\(broker.port)"] + arguments)
            #expect(code == 1, "\(arguments)")
            #expect(out == "Error while executing topic command : \(message)\n", "\(arguments)")
            let normalised = Self.normalise(err)
            #expect(normalised.hasPrefix("[<time>] ERROR \(className): \(message)\n"), "\(arguments)")
            #expect(normalised.hasSuffix("\n (org.apache.kafka.tools.TopicCommand)\n"), "\(arguments)")
        }
        // Alter to the same count (broker-side message).
        let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
        _ = await Self.run(server + ["--create", "--topic", "three", "--partitions", "3"])
        let (code, out, _) = await Self.run(server + ["--alter", "--topic", "three", "--partitions", "3"])
        #expect(code == 1)
        #expect(out == "Error while executing topic command : Topic already has 3 partition(s).\n")
    }

    @Test func commandConfigFileIsRead() async throws {
        let broker = try await TestBroker(overrides: Self.stockServerProperties)
        defer { Task { try? await broker.stopAndRemove() } }
        let path = NSTemporaryDirectory() + "topics-command-config-\(UUID().uuidString).properties"
        try "client.id=topics-test\nrequest.timeout.ms=5000\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (code, out, _) = await Self.run(
            ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--command-config", path, "--list"])
        #expect(code == 0 && out == "\n")
    }
}
