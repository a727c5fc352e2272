import Foundation
@testable import KafkitCLI
import Testing

/// Command-line checks that end the run before any request (`TopicCommandOptions.checkArgs`).
@Suite("topics options")
struct TopicsOptionTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await TopicsCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    static let server = ["--bootstrap-server", "127.0.0.1:1"]

    @Test func noArgumentsPrintsUsageAndFails() async {
        let (code, out, err) = await Self.run([])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err.hasPrefix("Create, delete, describe, or change a topic.\nOption "))
        #expect(err.contains("--bootstrap-server <String: server to"))
    }

    @Test func helpPrintsUsageAndFails() async {
        let (code, out, err) = await Self.run(["--help"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err.hasPrefix("This tool helps to create, delete, describe, or change a topic.\n"))
        #expect(err.contains("--under-replicated-partitions"))
    }

    @Test func versionPrintsKafkaVersion() async {
        let (code, out, err) = await Self.run(["--version"])
        #expect(code == 0)
        #expect(out == JoptCommandLine.versionLine + "\n")
        #expect(err.isEmpty)
    }

    /// Each usage error: the message line, then the option table, on stderr; exit 1.
    static let usageErrors: [([String], String)] = [
        (server, "Command must include exactly one action: --list, --describe, --create, --alter or --delete"),
        (server + ["--list", "--describe"], "Command must include exactly one action: --list, --describe, --create, --alter or --delete"),
        (server + ["--create"], "Missing required argument \"[topic]\""),
        (server + ["--delete"], "Missing required argument \"[topic]\""),
        (server + ["--alter", "--topic", "t"], "Missing required argument \"[partitions]\""),
        (server + ["--alter", "--topic", "t", "--partitions", "2", "--config", "a=b"],
         "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\" (To alter topic configurations, the kafka-configs tool can be used.)"),
        (server + ["--list", "--config", "a=b"], "Option \"[config]\" can't be used with option \"[list]\""),
        (server + ["--describe", "--partitions", "2"], "Option \"[partitions]\" can't be used with option \"[describe]\""),
        (server + ["--alter", "--topic", "t", "--partitions", "2", "--replication-factor", "1"],
         "Option \"[replication-factor]\" can't be used with option \"[alter]\""),
        (server + ["--delete", "--topic", "t", "--replica-assignment", "1"],
         "Option \"[replica-assignment]\" can't be used with option \"[delete]\""),
        (server + ["--create", "--topic", "t", "--replica-assignment", "1", "--partitions", "1"],
         "Option \"[replica-assignment]\" can't be used with option \"[partitions]\""),
        (server + ["--create", "--topic", "t", "--replica-assignment", "1", "--replication-factor", "1"],
         "Option \"[replica-assignment]\" can't be used with option \"[replication-factor]\""),
        (server + ["--list", "--under-replicated-partitions"],
         "Option \"[under-replicated-partitions]\" can't be used with option \"[list]\""),
        (server + ["--describe", "--under-min-isr-partitions", "--topics-with-overrides"],
         "Option \"[under-min-isr-partitions]\" can't be used with option \"[topics-with-overrides]\""),
        (server + ["--describe", "--topics-with-overrides", "--at-min-isr-partitions"],
         "Option \"[at-min-isr-partitions]\" can't be used with option \"[topics-with-overrides]\""),
        (server + ["--list", "--topics-with-overrides"], "Option \"[topics-with-overrides]\" can't be used with option \"[list]\""),
        (server + ["--create", "--topic", "t", "--unavailable-partitions"],
         "Option \"[unavailable-partitions]\" can't be used with option \"[create]\""),
        (server + ["--list", "--if-exists"], "Option \"[if-exists]\" can't be used with option \"[list]\""),
        (server + ["--describe", "--if-not-exists"], "Option \"[if-not-exists]\" can't be used with option \"[describe]\""),
        (server + ["--create", "--topic", "t", "--exclude-internal"],
         "Option \"[exclude-internal]\" can't be used with option \"[create]\""),
        (server + ["--describe", "--if-exists"], "--topic or --topic-id is required to describe a topic"),
    ]

    @Test(arguments: usageErrors.indices)
    func usageError(_ index: Int) async {
        let (arguments, message) = Self.usageErrors[index]
        let (code, out, err) = await Self.run(arguments)
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err.hasPrefix(message + "\nOption "), "\(arguments)")
    }

    /// jopt's own exceptions and the missing `--bootstrap-server`: message, then the
    /// exception, on stderr; exit 1; no usage screen.
    static let startupErrors: [([String], String, String)] = [
        (["--list"], "java.lang.IllegalArgumentException", "--bootstrap-server must be specified"),
        (server + ["--list", "--foo"], "joptsimple.UnrecognizedOptionException", "foo is not a recognized option"),
        (["--bootstrap", "x:1", "--list"], "joptsimple.UnrecognizedOptionException", "bootstrap is not a recognized option"),
        (server + ["--create", "--topic", "t", "--partitions"], "joptsimple.OptionMissingRequiredArgumentException",
         "Option partitions requires an argument"),
    ]

    @Test(arguments: startupErrors.indices)
    func startupError(_ index: Int) async {
        let (arguments, className, message) = Self.startupErrors[index]
        let (code, out, err) = await Self.run(arguments)
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "\(message)\n\(className): \(message)\n\n")
    }

    @Test func deleteConfigIsWarnedAboutThenIgnored() async {
        let (code, _, err) = await Self.run(["--describe", "--delete-config", "retention.ms"])
        #expect(code == 1)
        #expect(err.hasPrefix(
            "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.\n--bootstrap-server must be specified\n"))
    }

    @Test func singleDashLongOptionsAndEqualsForm() async {
        let (code, _, err) = await Self.run(["-list", "-describe", "--bootstrap-server=127.0.0.1:1"])
        #expect(code == 1)
        #expect(err.hasPrefix("Command must include exactly one action"))
    }
}

/// Failures before or around the first request.
@Suite("topics connection failures")
struct TopicsConnectionFailureTests {
    @Test func missingCommandConfigFile() async {
        let path = NSTemporaryDirectory() + "no-such-\(UUID().uuidString).properties"
        let (code, out, err) = await TopicsOptionTests.run(
            ["--bootstrap-server", "127.0.0.1:1", "--command-config", path, "--list"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "\(path)\njava.nio.file.NoSuchFileException: \(path)\n\n")
    }

    /// No broker: the admin client's timeout (shortened through `--command-config`).
    @Test func unreachableBrokerTimesOut() async throws {
        let path = NSTemporaryDirectory() + "topics-timeout-\(UUID().uuidString).properties"
        try "default.api.timeout.ms=300\nrequest.timeout.ms=300\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let (code, out, err) = await TopicsOptionTests.run(
            ["--bootstrap-server", "127.0.0.1:1", "--command-config", path, "--describe", "--topic", "t"])
        #expect(code == 1)
        #expect(out == "Error while executing topic command : Timed out waiting for a node assignment. Call: listTopics\n")
        #expect(err.contains("] ERROR org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: listTopics\n (org.apache.kafka.tools.TopicCommand)\n"))
    }
}
