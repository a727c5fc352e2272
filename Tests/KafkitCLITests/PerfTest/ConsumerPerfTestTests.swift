import Foundation
import KafkaClient
import NIOCore
import Testing
@testable import KafkitCLI

/// `consumer-perf-test` against the in-process broker, compared with Kafka's recorded runs.
@Suite("consumer-perf-test", .serialized)
struct ConsumerPerfTestTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await ConsumerPerformanceCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    /// A broker with `count` records of `size` bytes in `topic`.
    static func brokerWithRecords(_ topic: String, count: Int, size: Int, partitions: Int32 = 1) async throws -> (TestBroker, String) {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, topic, partitions: partitions)
        let producer = try KafkaProducer(config: try ClientConfig(bootstrapServers: bootstrap))
        for index in 0..<count {
            _ = try await producer.send(ProducerRecord(topic: topic, key: index % 2 == 0 ? ByteBuffer(string: "k") : nil, value: ByteBuffer(repeating: 0x41, count: size)))
        }
        await producer.close()
        return (broker, bootstrap)
    }

    @Test func summaryMatchesKafkasLayout() async throws {
        let (broker, bootstrap) = try await Self.brokerWithRecords("perf", count: 300, size: 100, partitions: 2)
        let result = await Self.run(["--bootstrap-server", bootstrap, "--topic", "perf", "--messages", "300"])
        #expect(result.code == 0)
        #expect(result.err == "")
        let lines = result.out.split(separator: "\n").map(String.init)
        let kafka = try PerfTestFixtures.stdoutLines("21-consumer-perf-test.txt")
        #expect(lines.count == 2)
        #expect(lines.first == kafka.first)
        let data = try #require(lines.last)
        #expect(PerfTestFixtures.layout(data) == PerfTestFixtures.layout(try #require(kafka.last)))
        let fields = PerfTestFixtures.fields(data)
        #expect(fields.count == 10)
        #expect(fields[4] == "300")
        // 300 values of 100 bytes and 150 one-byte keys.
        #expect(fields[2] == JavaFloatFormat.fixed(Double(300 * 100 + 150) / 1_048_576, precision: 4))
        // rebalance + fetch time = total time.
        let rebalance = try #require(Int(fields[6])), fetch = try #require(Int(fields[7]))
        #expect(rebalance >= 0 && fetch >= 0)
        try await broker.stopAndRemove()
    }

    @Test func everyRecordedRunHasTheSameLayout() throws {
        let runs = try ["21-consumer-perf-test.txt", "21c-consumer-perf-test-1M.txt", "c19-consumer-perf-test-rf3.txt"].map(PerfTestFixtures.stdoutLines)
        #expect(Set(runs.map { $0.map(PerfTestFixtures.layout) }).count == 1)
    }

    @Test func hideHeaderDateFormatAndGroup() async throws {
        let (broker, bootstrap) = try await Self.brokerWithRecords("dated", count: 20, size: 10)
        let result = await Self.run(["--bootstrap-server", bootstrap, "--topic", "dated", "--messages", "20", "--hide-header",
                                     "--date-format", "yyyy'T'HH", "--group", "mine"])
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 1)
        let fields = PerfTestFixtures.fields(try #require(lines.first))
        #expect(fields[0].count == 7 && fields[0].dropFirst(4).hasPrefix("T"))
        let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: bootstrap))
        let groups = try await admin.listGroups()
        #expect(groups.contains { $0.groupId == "mine" })
        await admin.close()
        try await broker.stopAndRemove()
    }

    @Test func detailedStatsPrintIntervalLines() async throws {
        let (broker, bootstrap) = try await Self.brokerWithRecords("detail", count: 200, size: 10)
        let result = await Self.run(["--bootstrap-server", bootstrap, "--topic", "detail", "--messages", "200",
                                     "--show-detailed-stats", "--reporting-interval", "1"])
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.first == "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec, rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec")
        // The first record comes well after the 1 ms interval: at least one progress line, no summary.
        #expect(lines.count >= 2)
        for line in lines.dropFirst() {
            let fields = PerfTestFixtures.fields(line)
            #expect(fields.count == 10)
            #expect(fields[1] == "0")
            #expect(PerfTestFixtures.layout(line) == "N-N-N N:N:N:N, N, N.dddd, N.dddd, N, N.dddd, N, N, N.dddd, N.dddd")
        }
        try await broker.stopAndRemove()
    }

    @Test func timeoutBeforeTheCountWarnsAndSucceeds() async throws {
        let (broker, bootstrap) = try await Self.brokerWithRecords("short", count: 5, size: 10)
        // The timeout runs from the start, so it must outlast the broker's 3 s initial rebalance delay.
        let result = await Self.run(["--bootstrap-server", bootstrap, "--topic", "short", "--messages", "50", "--timeout", "6000"])
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.dropFirst().first == "WARNING: Exiting before consuming the expected number of messages: timeout (6000 ms) exceeded. You can use the --timeout option to increase the timeout.")
        #expect(PerfTestFixtures.fields(try #require(lines.last))[4] == "5")
        try await broker.stopAndRemove()
    }

    @Test func fromLatestSkipsWhatIsThere() async throws {
        let (broker, bootstrap) = try await Self.brokerWithRecords("latest", count: 5, size: 10)
        let result = await Self.run(["--bootstrap-server", bootstrap, "--topic", "latest", "--messages", "5", "--from-latest", "--timeout", "1000", "--print-metrics"])
        #expect(result.code == 0)
        let lines = result.out.components(separatedBy: "\n")
        #expect(lines.contains { $0.hasPrefix("WARNING: Exiting before consuming the expected number of messages: timeout (1000 ms)") })
        let summary = try #require(lines.first { $0.split(separator: ",").count == 10 && !$0.hasPrefix("start.time") })
        #expect(PerfTestFixtures.fields(summary)[4] == "0")
        #expect(lines.contains { $0.hasPrefix("consumer-fetch-manager-metrics:records-consumed-total:{client-id=perf-consumer-client}") && $0.hasSuffix(" : 0.000") })
        try await broker.stopAndRemove()
    }

    @Test func unreachableClusterEndsWithTheTimeoutWarning() async throws {
        // Nothing listens on port 1: Kafka's poll returns empty every 100 ms, so the run ends
        // after --timeout with the warning and a zero summary, exit 0.
        let result = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "10", "--timeout", "500"])
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == ConsumerPerformance.header(detailed: false))
        #expect(lines.dropFirst().first == "WARNING: Exiting before consuming the expected number of messages: timeout (500 ms) exceeded. You can use the --timeout option to increase the timeout.")
        let fields = PerfTestFixtures.fields(try #require(lines.last))
        #expect(fields[2...6] == ["0.0000", "0.0000", "0", "0.0000", "0"])
    }

    // MARK: usage and errors (no broker needed)

    static var usageTable: String {
        JoptHelpFormatter.format(JoptOptionParser(options: [.help, .version] + ConsumerPerformanceOptions.declarations).options)
    }

    @Test func noArgumentsOrHelpPrintUsage() async {
        for arguments in [[], ["--help"]] {
            let result = await Self.run(arguments)
            #expect(result.code == 1)
            #expect(result.out == "")
            #expect(result.err == "This tool is used to verify the consumer performance.\n" + Self.usageTable)
        }
        for option in ["bootstrap-server", "topic", "group", "fetch-size", "from-latest", "socket-buffer-size", "consumer.config",
                       "print-metrics", "show-detailed-stats", "timeout", "messages", "reporting-interval", "date-format", "hide-header"] {
            #expect(Self.usageTable.contains("--\(option)"), "help covers --\(option)")
        }
    }

    @Test func versionPrintsKafkasRelease() async {
        let result = await Self.run(["--version"])
        #expect(result.code == 0)
        #expect(result.out == JoptCommandLine.versionLine + "\n")
        #expect(result.out.hasPrefix("4.0.0"))
    }

    @Test func requiredArguments() async {
        let noTopic = await Self.run(["--bootstrap-server", "x:1", "--messages", "5"])
        #expect(noTopic.code == 1)
        #expect(noTopic.err == "Missing required argument \"[topic]\"\n" + Self.usageTable)
        let noMessages = await Self.run(["--bootstrap-server", "x:1", "--topic", "t"])
        #expect(noMessages.code == 1)
        #expect(noMessages.err == "Missing required argument \"[messages]\"\n" + Self.usageTable)
    }

    @Test func parseErrors() async {
        let unknown = await Self.run(["--topic", "t", "--messages", "1", "--broker-list", "x"])
        #expect(unknown.code == 1)
        #expect(unknown.err == "broker-list is not a recognized option\n" + Self.usageTable)
        let missingValue = await Self.run(["--topic", "t", "--messages"])
        #expect(missingValue.code == 1)
        #expect(missingValue.err == "Option messages requires an argument\n" + Self.usageTable)
    }

    /// Errors `ConsumerPerformance.main` catches: the header first, then message and exception on stderr.
    static func expectCaught(_ arguments: [String], message: String, exception: String) async {
        let result = await run(arguments)
        #expect(result.code == 1)
        #expect(result.out == ConsumerPerformance.header(detailed: false) + "\n")
        #expect(result.err == "\(message)\n\(exception)\n")
    }

    @Test func runtimeErrorsPrintMessageAndException() async {
        await Self.expectCaught(["--topic", "t", "--messages", "1"], message: "null", exception: "java.lang.NullPointerException")
        await Self.expectCaught(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "many"],
                                message: "Cannot parse argument 'many' of option messages",
                                exception: "joptsimple.OptionArgumentConversionException: Cannot parse argument 'many' of option messages")
        await Self.expectCaught(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "1", "--reporting-interval", "0"],
                                message: "Reporting interval must be greater than 0.",
                                exception: "java.lang.IllegalArgumentException: Reporting interval must be greater than 0.")
        await Self.expectCaught(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "1", "--date-format", "yyyy-qq"],
                                message: "Illegal pattern character 'q'",
                                exception: "java.lang.IllegalArgumentException: Illegal pattern character 'q'")
        await Self.expectCaught(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "1", "--fetch-size", "big"],
                                message: "Cannot parse argument 'big' of option fetch-size",
                                exception: "joptsimple.OptionArgumentConversionException: Cannot parse argument 'big' of option fetch-size")
        await Self.expectCaught(["--bootstrap-server", "127.0.0.1:1", "--topic", "t", "--messages", "1", "--consumer.config", "/nonexistent/c.properties"],
                                message: "/nonexistent/c.properties",
                                exception: "java.nio.file.NoSuchFileException: /nonexistent/c.properties")
    }
}
