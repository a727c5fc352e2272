import Foundation
import Testing
@testable import KafkitCLI

/// `producer-perf-test`'s argparse4j command line: help, every usage error, and the failures
/// Kafka lets escape as exceptions. None of these reach a broker.
@Suite("producer-perf-test usage")
struct ProducerPerfTestUsageTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await ProducerPerformanceCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    static let valid = ["--topic", "t", "--num-records", "5", "--record-size", "10", "--throughput", "-1"]
    static let props = ["--producer-props", "bootstrap.servers=127.0.0.1:1"]

    static var usage: String { ProducerPerformanceConfig.makeParser().usageText() }

    /// Usage, then `producer-performance: error: <message>` on stderr, exit 1.
    static func expectUsageError(_ arguments: [String], _ message: String) async {
        let result = await run(arguments)
        #expect(result.code == 1)
        #expect(result.out == "")
        #expect(result.err == usage + "producer-performance: error: \(message)\n")
    }

    @Test func noArgumentsPrintsHelpAndSucceeds() async {
        let result = await Self.run([])
        #expect(result.code == 0)
        #expect(result.err == "")
        #expect(result.out == ProducerPerformanceConfig.makeParser().helpText())
        #expect(result.out.hasPrefix("usage: producer-performance [-h] --topic TOPIC --num-records NUM-RECORDS"))
        for option in ["--topic", "--num-records", "--record-size", "--payload-file", "--payload-monotonic", "--payload-delimiter",
                       "--throughput", "--producer-props", "--producer.config", "--print-metrics", "--transactional-id",
                       "--transaction-duration-ms"] {
            #expect(result.out.contains("  \(option)"), "help covers \(option)")
        }
        #expect(result.out.contains("(default: \\n)"))
    }

    @Test func helpGoesToStdoutButExitsWithOne() async {
        for flag in ["-h", "--help", "--he"] {
            let result = await Self.run(Self.valid + [flag])
            #expect(result.code == 1)
            #expect(result.err == "")
            #expect(result.out == ProducerPerformanceConfig.makeParser().helpText())
        }
    }

    @Test func usageLineShowsTheRequiredPayloadGroup() {
        #expect(Self.usage.contains("(--record-size RECORD-SIZE |"))
        #expect(Self.usage.contains("--payload-monotonic)"))
        #expect(Self.usage.contains("[--producer-props PROP-NAME=PROP-VALUE [PROP-NAME=PROP-VALUE ...]]"))
    }

    @Test func missingRequiredArguments() async {
        await Self.expectUsageError(["--num-records", "5", "--record-size", "1", "--throughput", "1"] + Self.props, "argument --topic is required")
        // argparse4j reports the last missing one.
        await Self.expectUsageError(["--record-size", "1"] + Self.props, "argument --throughput is required")
        await Self.expectUsageError(
            ["--topic", "t", "--num-records", "5", "--throughput", "-1"] + Self.props,
            "one of the arguments --record-size --payload-file --payload-monotonic is required")
    }

    @Test func payloadOptionsExcludeEachOther() async {
        await Self.expectUsageError(Self.valid + ["--payload-file", "x"] + Self.props, "argument --payload-file: not allowed with argument --record-size")
        await Self.expectUsageError(Self.valid + ["--payload-monotonic"] + Self.props, "argument --payload-monotonic: not allowed with argument --record-size")
    }

    @Test func typedValuesAreChecked() async {
        await Self.expectUsageError(["--topic", "t", "--num-records", "many"], "argument --num-records: could not convert 'many' to Long (For input string: \"many\")")
        await Self.expectUsageError(["--topic", "t", "--record-size", "1.5"], "argument --record-size: could not convert '1.5' to Integer (For input string: \"1.5\")")
        await Self.expectUsageError(["--throughput", "fast"], "argument --throughput: could not convert 'fast' to Double (For input string: \"fast\")")
        await Self.expectUsageError(["--record-size", "9999999999"], "argument --record-size: could not convert '9999999999' to Integer (For input string: \"9999999999\")")
        await Self.expectUsageError(["--transaction-duration-ms", "x"], "argument --transaction-duration-ms: could not convert 'x' to Long (For input string: \"x\")")
    }

    @Test func valueChecksAfterParsing() async {
        await Self.expectUsageError(["--topic", "t", "--num-records", "0", "--record-size", "10", "--throughput", "-1"] + Self.props, "--num-records should be greater than zero")
        await Self.expectUsageError(["--topic", "t", "--num-records", "5", "--record-size", "-3", "--throughput", "-1"] + Self.props, "--record-size should be greater than zero")
        await Self.expectUsageError(Self.valid, "Either --producer-props or --producer.config must be specified.")
        await Self.expectUsageError(Self.valid + Self.props + ["--transaction-duration-ms", "0"], "--transaction-duration-ms should be greater than zero")
    }

    @Test func optionSyntaxErrors() async {
        await Self.expectUsageError(Self.valid + ["--producer-props"], "argument --producer-props: expected 1 argument(s)")
        await Self.expectUsageError(Self.valid + ["--topic"], "argument --topic: expected one argument")
        await Self.expectUsageError(Self.valid + ["--p", "x"], "ambiguous option: --p could match --payload-delimiter, --payload-file, --payload-monotonic, --print-metrics, --producer-props, --producer.config")
        let unknown = await Self.run(Self.valid + Self.props + ["--bootstrap-server", "x"])
        #expect(unknown.code == 1)
        #expect(unknown.err.hasPrefix(Self.usage + "producer-performance: error: unrecognized arguments: '--bootstrap-server'\n"))
        // A non-numeric negative value is not taken as a value.
        await Self.expectUsageError(["--throughput", "-0.5"], "argument --throughput: expected one argument")
    }

    @Test func uniquePrefixesAreAccepted() async {
        // Parsing succeeds; the run then fails on the transaction request before any network use.
        let result = await Self.run(["--top", "t", "--num", "5", "--record", "10", "--thr", "-1", "--producer-p", "bootstrap.servers=127.0.0.1:1", "--transactional", "tx"])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("Exception in thread \"main\" java.lang.UnsupportedOperationException: kafkit's producer does not support transactions (transactional.id=tx)"))
    }

    @Test func transactionsAreRefusedClearly() async {
        for extra in [["--transaction-duration-ms", "100"], ["--producer-props", "bootstrap.servers=127.0.0.1:1", "transactional.id=abc"]] {
            let result = await Self.run(Self.valid + Self.props + extra)
            #expect(result.code == 1)
            #expect(result.out == "")
            #expect(result.err.contains("java.lang.UnsupportedOperationException: kafkit's producer does not support transactions"))
        }
        let generated = await Self.run(Self.valid + Self.props + ["--transaction-duration-ms", "100"])
        #expect(generated.err.contains("(transactional.id=performance-producer-"))
    }

    @Test func invalidPropertyEscapesAsAnException() async {
        for prop in ["a=b=c", "novalue", "a="] {
            let result = await Self.run(Self.valid + ["--producer-props", "bootstrap.servers=x:1", prop])
            #expect(result.code == 1)
            #expect(result.err == "Exception in thread \"main\" java.lang.IllegalArgumentException: Invalid property: \(prop)\n")
        }
    }

    @Test func missingBootstrapServers() async {
        let result = await Self.run(Self.valid + ["--producer-props", "acks=1"])
        #expect(result.code == 1)
        #expect(result.err == "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Missing required configuration \"bootstrap.servers\" which has no default value.\n")
        let bad = await Self.run(Self.valid + ["--producer-props", "bootstrap.servers=nohostport"])
        #expect(bad.code == 1)
        #expect(bad.err == "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Invalid url in bootstrap.servers: nohostport\n")
    }

    @Test func missingConfigFile() async {
        let result = await Self.run(Self.valid + ["--producer.config", "/nonexistent/producer.properties"])
        #expect(result.code == 1)
        #expect(result.err == "Exception in thread \"main\" java.nio.file.NoSuchFileException: /nonexistent/producer.properties\n")
    }

    @Test func missingOrEmptyPayloadFile() async throws {
        let directory = TestBroker.makeTempDir()
        let empty = directory + "/empty.txt"
        _ = FileManager.default.createFile(atPath: empty, contents: Data())
        for file in [directory + "/missing.txt", empty] {
            let result = await Self.run(["--topic", "t", "--num-records", "5", "--payload-file", file, "--throughput", "-1"] + Self.props)
            #expect(result.code == 1)
            #expect(result.out == "Reading payloads from: \(file)\n")
            #expect(result.err == "Exception in thread \"main\" java.lang.IllegalArgumentException: File does not exist or empty file provided.\n")
        }
        let relative = await Self.run(["--topic", "t", "--num-records", "5", "--payload-file", "no-such-file.txt", "--throughput", "-1"] + Self.props)
        #expect(relative.out == "Reading payloads from: \(FileManager.default.currentDirectoryPath)/no-such-file.txt\n")
        try? FileManager.default.removeItem(atPath: directory)
    }
}
