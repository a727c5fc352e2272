import Foundation
import Testing
@testable import KafkitCLI

/// Usage errors of both console tools: Kafka's message first on stderr, then the option table, exit 1.
@Suite("console tools options")
struct ConsoleOptionTests {
    static func producer(_ arguments: [String]) async -> (Int32, String, String) {
        let console = ToolConsole.capturing()
        let code = await ConsoleProducerCommand.execute(arguments: arguments, console: console, input: LineInput(bytes: []))
        return (code, console.capturedOut, console.capturedErr)
    }

    static func consumer(_ arguments: [String]) async -> (Int32, String, String) {
        let console = ToolConsole.capturing()
        let code = await ConsoleConsumerCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    static func firstLine(_ text: String) -> String { String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "") }

    @Test func producerHelpAndNoArguments() async {
        for arguments in [[], ["--help"]] {
            let (code, out, err) = await Self.producer(arguments)
            #expect(code == 1)
            #expect(out.isEmpty)
            #expect(Self.firstLine(err) == "This tool helps to read data from standard input and publish it to Kafka.")
            #expect(err.contains("--producer-property <String:"))
        }
    }

    @Test func producerVersion() async {
        let (code, out, _) = await Self.producer(["--version"])
        #expect(code == 0)
        #expect(out == JoptCommandLine.versionLine + "\n")
    }

    @Test(arguments: [
        (["--bootstrap-server", "h:1"], "Missing required argument \"[topic]\""),
        (["--topic", "t"], "Error while validating the bootstrap address"),
        (["--topic", "t", "--bootstrap-server", " "], "Error while validating the bootstrap address"),
        (["--topic", "t", "--bootstrap-server", "localhost"], "Please provide valid host:port like host1:9091,host2:9092"),
        (["--topic", "t", "--bootstrap-server", "h:1,h2"], "Please provide valid host:port like host1:9091,host2:9092"),
        (["--topic", "t", "--broker-list", "h:1"], "broker-list is not a recognized option"),
        (["--topic", "t", "--bogus"], "bogus is not a recognized option"),
    ])
    func producerUsageErrors(arguments: [String], message: String) async {
        let (code, out, err) = await Self.producer(arguments)
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(Self.firstLine(err) == message)
        #expect(err.contains("Option                                   Description"))
    }

    @Test func bootstrapMessagesAreFollowedByAnEmptyLine() async {
        let (_, _, err) = await Self.producer(["--topic", "t"])
        #expect(err.hasPrefix("Error while validating the bootstrap address\n\n"))
    }

    @Test func readerConfigErrorIsAStackTrace() async {
        let (code, _, err) = await Self.producer(["--topic", "t", "--bootstrap-server", "127.0.0.1:1", "--property", "headers.separator=:"])
        #expect(code == 1)
        #expect(err == "org.apache.kafka.common.KafkaException: headers.separator and headers.key.separator may not be equal\n")
    }

    @Test func badCompressionCodecIsAConfigException() async {
        let (code, _, err) = await Self.producer(["--topic", "t", "--bootstrap-server", "127.0.0.1:1", "--compression-codec", "brotli"])
        #expect(code == 1)
        #expect(err.hasPrefix("org.apache.kafka.common.config.ConfigException: Invalid value brotli for configuration compression.type"))
    }

    @Test func badNumberIsJustTheMessage() async {
        let (code, _, err) = await Self.producer(["--topic", "t", "--bootstrap-server", "127.0.0.1:1", "--batch-size", "big"])
        #expect(code == 1)
        #expect(!err.contains("Option "))
        #expect(err.contains("big"))
    }

    @Test func producerPropertiesPrecedence() throws {
        let console = ToolConsole.capturing()
        let options = try ConsoleProducerOptions(arguments: [
            "--topic", "t", "--bootstrap-server", "h:1", "--producer-property", "linger.ms=7",
            "--producer-property", "acks=1", "--request-required-acks", "all", "--compression-codec",
            "--producer-property", "compression.type=zstd", "--producer-property", "bootstrap.servers=x:2",
        ], console: console)
        let properties = try options.producerProperties()
        #expect(properties["linger.ms"] == "7")       // set by property, option not typed
        #expect(properties["acks"] == "all")          // option typed: it wins
        #expect(properties["compression.type"] == "gzip")
        #expect(properties["bootstrap.servers"] == "h:1")
        #expect(properties["client.id"] == "console-producer")
        #expect(properties["request.timeout.ms"] == "1500")
        #expect(properties["retries"] == "3")
        #expect(properties["batch.size"] == "16384")
    }

    @Test func consumerHelpAndVersion() async {
        let (code, _, err) = await Self.consumer([])
        #expect(code == 1)
        #expect(Self.firstLine(err) == "This tool helps to read data from Kafka topics and outputs it to standard output.")
        let (versionCode, out, _) = await Self.consumer(["--version"])
        #expect(versionCode == 0)
        #expect(out == JoptCommandLine.versionLine + "\n")
    }

    @Test(arguments: [
        (["--bootstrap-server", "h:1"], "Exactly one of --include/--topic is required. "),
        (["--bootstrap-server", "h:1", "--topic", "t", "--include", "t.*"], "Exactly one of --include/--topic is required. "),
        (["--bootstrap-server", "h:1", "--include", "t", "--partition", "0"], "The topic is required when partition is specified."),
        (["--bootstrap-server", "h:1", "--topic", "t", "--partition", "0", "--from-beginning", "--offset", "3"], "Options from-beginning and offset cannot be specified together."),
        (["--bootstrap-server", "h:1", "--topic", "t", "--offset", "3"], "The partition is required when offset is specified."),
        (["--topic", "t"], "Missing required argument \"[bootstrap-server]\""),
        (["--bootstrap-server", "h:1", "--topic", "t", "--group", "a", "--consumer-property", "group.id=b"], "The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: 'a', 'b'"),
        (["--bootstrap-server", "h:1", "--topic", "t", "--group", "a", "--partition", "0"], "Options group and partition cannot be specified together."),
        (["--bootstrap-server", "h:1", "--topic", "t", "--partition", "0", "--offset", "x"], "The provided offset value 'x' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."),
        (["--bootstrap-server", "h:1", "--topic", "t", "--partition", "0", "--offset", "-1"], "The provided offset value '-1' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long."),
        (["--bootstrap-server", "h:1", "--topic", "t", "--formatter", "kafka.tools.DefaultMessageFormatter"], "kafka.tools.DefaultMessageFormatter"),
        (["--bootstrap-server", "h:1", "--topic", "t", "--whitelist", "x"], "whitelist is not a recognized option"),
    ])
    func consumerUsageErrors(arguments: [String], message: String) async {
        let (code, out, err) = await Self.consumer(arguments)
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(Self.firstLine(err) == message)
        #expect(err.contains("Option                                   Description"))
    }

    @Test func fromBeginningConflictsWithLatestWithoutUsage() async {
        let (code, _, err) = await Self.consumer(["--bootstrap-server", "h:1", "--topic", "t", "--from-beginning", "--consumer-property", "auto.offset.reset=latest"])
        #expect(code == 1)
        #expect(err == "Can't simultaneously specify --from-beginning and 'auto.offset.reset=latest', please remove one option\n")
    }

    @Test func consumerPropertiesWithoutGroup() throws {
        let options = try ConsoleConsumerOptions(
            arguments: ["--bootstrap-server", "h:1", "--topic", "t", "--from-beginning", "--consumer-property", "client.id=mine"],
            console: .capturing(), randomGroup: { 4242 })
        #expect(options.consumerProperties["group.id"] == "console-consumer-4242")
        #expect(options.consumerProperties["enable.auto.commit"] == "false")
        #expect(options.consumerProperties["auto.offset.reset"] == "earliest")
        #expect(options.consumerProperties["client.id"] == "mine")
        #expect(options.consumerProperties["isolation.level"] == "read_uncommitted")
        let grouped = try ConsoleConsumerOptions(arguments: ["--bootstrap-server", "h:1", "--topic", "t", "--group", "g"], console: .capturing())
        #expect(grouped.consumerProperties["group.id"] == "g")
        #expect(grouped.consumerProperties["enable.auto.commit"] == nil)
        #expect(grouped.consumerProperties["auto.offset.reset"] == "latest")
        #expect(grouped.consumerProperties["client.id"] == "console-consumer")
    }
}
