import Foundation
@testable import KafkitCLI
import Testing

/// The command line: actions, connection options, required and permitted options per action,
/// jopt errors, help and version.
@Suite("reassign-partitions options")
struct ReassignOptionsTests {
    static let help = ReassignPartitionsOptions.helpText

    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(ReassignPartitionsCommand.execute, arguments)
    }

    /// A usage error: the message, then the option table, on stderr; exit 1; nothing on stdout.
    static func expectUsage(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let result = await run(arguments)
        #expect(result.code == 1, sourceLocation: sourceLocation)
        #expect(result.out == "", sourceLocation: sourceLocation)
        #expect(result.err.hasPrefix(message + "\n"), "\(result.err.prefix(200))", sourceLocation: sourceLocation)
        #expect(result.err.contains("--reassignment-json-file"), sourceLocation: sourceLocation)
    }

    @Test("no arguments and --help print usage on stderr, exit 1; --version prints 4.0.0")
    func helpAndVersion() async {
        await Self.expectUsage([], Self.help)
        await Self.expectUsage(["--help"], Self.help)
        await Self.expectUsage(["--list", "--help"], Self.help)
        let version = await Self.run(["--version"])
        #expect(version.code == 0)
        #expect(version.out == JoptCommandLine.versionLine + "\n")
    }

    @Test("the help table lists every option")
    func helpTable() async {
        let result = await Self.run(["--help"])
        for option in ReassignPartitionsOptions.declarations {
            #expect(result.err.contains("--" + option.name), "\(option.name)")
        }
        #expect(result.err.contains("(default: 10000)"))
        #expect(result.err.contains("(default: -1)"))
    }

    static let actionMessage = "Command must include exactly one action: --generate, --execute, --verify, --cancel, --list"

    @Test("exactly one action")
    func oneAction() async {
        await Self.expectUsage(["--bootstrap-server", "h:1"], Self.actionMessage)
        await Self.expectUsage(["--bootstrap-server", "h:1", "--list", "--verify"], Self.actionMessage)
        await Self.expectUsage(["--generate", "--execute", "--cancel"], Self.actionMessage)
    }

    @Test("one of --bootstrap-server and --bootstrap-controller")
    func connection() async {
        await Self.expectUsage(["--list"], "Please specify either --bootstrap-server or --bootstrap-controller")
        await Self.expectUsage(
            ["--list", "--bootstrap-server", "h:1", "--bootstrap-controller", "h:2"],
            "Please don't specify both --bootstrap-server and --bootstrap-controller")
    }

    @Test("required options per action", arguments: [
        (["--verify"], "reassignment-json-file"),
        (["--execute"], "reassignment-json-file"),
        (["--cancel"], "reassignment-json-file"),
        (["--generate"], "topics-to-move-json-file"),
        (["--generate", "--topics-to-move-json-file", "t.json"], "broker-list"),
    ])
    func required(action: [String], missing: String) async {
        await Self.expectUsage(["--bootstrap-server", "h:1"] + action, "Missing required argument \"[\(missing)]\"")
    }

    @Test("options an action does not take", arguments: [
        (["--verify", "--reassignment-json-file", "f", "--throttle", "5"], "throttle", "verify"),
        (["--verify", "--reassignment-json-file", "f", "--additional"], "additional", "verify"),
        (["--generate", "--topics-to-move-json-file", "t", "--broker-list", "1", "--reassignment-json-file", "f"],
         "reassignment-json-file", "generate"),
        (["--generate", "--topics-to-move-json-file", "t", "--broker-list", "1", "--preserve-throttles"],
         "preserve-throttles", "generate"),
        (["--execute", "--reassignment-json-file", "f", "--broker-list", "1"], "broker-list", "execute"),
        (["--execute", "--reassignment-json-file", "f", "--preserve-throttles"], "preserve-throttles", "execute"),
        (["--execute", "--reassignment-json-file", "f", "--disable-rack-aware"], "disable-rack-aware", "execute"),
        (["--cancel", "--reassignment-json-file", "f", "--throttle", "1"], "throttle", "cancel"),
        (["--cancel", "--reassignment-json-file", "f", "--additional"], "additional", "cancel"),
        (["--list", "--reassignment-json-file", "f"], "reassignment-json-file", "list"),
        (["--list", "--timeout", "5"], "timeout", "list"),
        (["--list", "--topics-to-move-json-file", "t"], "topics-to-move-json-file", "list"),
    ])
    func notPermitted(arguments: [String], option: String, action: String) async {
        await Self.expectUsage(
            ["--bootstrap-server", "h:1"] + arguments, "Option \"[\(option)]\" can't be used with action \"[\(action)]\"")
    }

    @Test("the first offending option in command-line order is reported")
    func offendingOrder() async {
        await Self.expectUsage(
            ["--list", "--timeout", "5", "--bootstrap-server", "h:1", "--throttle", "2"],
            "Option \"[timeout]\" can't be used with action \"[list]\"")
        await Self.expectUsage(
            ["--list", "--throttle=2", "--bootstrap-server", "h:1", "--timeout", "5"],
            "Option \"[throttle]\" can't be used with action \"[list]\"")
    }

    @Test("single-dash options and --opt=value forms count in command-line order too")
    func singleDashForms() async {
        await Self.expectUsage(
            ["-list", "-bootstrap-server", "h:1", "-preserve-throttles", "--timeout=5"],
            "Option \"[preserve-throttles]\" can't be used with action \"[list]\"")
        // A required argument that looks like an option is still the argument.
        await Self.expectUsage(
            ["--list", "--command-config", "--timeout", "--bootstrap-server", "h:1", "--additional"],
            "Option \"[additional]\" can't be used with action \"[list]\"")
    }

    @Test("--bootstrap-controller only with --cancel and --list")
    func controller() async {
        for action in [["--verify", "--reassignment-json-file", "f"], ["--execute", "--reassignment-json-file", "f"],
                       ["--generate", "--topics-to-move-json-file", "t", "--broker-list", "1"]] {
            await Self.expectUsage(
                ["--bootstrap-controller", "h:1"] + action,
                "Option \"[bootstrap-controller]\" can't be used with action \"[\(action[0].dropFirst(2))]\"")
        }
    }

    @Test("jopt errors escape as uncaught exceptions on stderr, exit 1")
    func joptErrors() async {
        let unknown = await Self.run(["--list", "--bootstrap", "h:1"])
        #expect(unknown.code == 1)
        #expect(unknown.out == "")
        #expect(unknown.err == "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: bootstrap is not a recognized option\n")
        let missingArgument = await Self.run(["--list", "--bootstrap-server", "h:1", "--command-config"])
        #expect(missingArgument.err == "Exception in thread \"main\" joptsimple.OptionMissingRequiredArgumentException: Option command-config requires an argument\n")
    }

    @Test("a throttle that is not a number fails inside the tool: Error line on stdout, exit 1")
    func badThrottle() async throws {
        let file = try BrokerSetup.writeTemp(#"{"version":1,"partitions":[{"topic":"t","partition":0,"replicas":[1]}]}"#)
        let result = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--execute", "--reassignment-json-file", file, "--throttle", "fast"])
        #expect(result.code == 1)
        #expect(result.out == """
            Error: Cannot parse argument 'fast' of option throttle
            joptsimple.OptionArgumentConversionException: Cannot parse argument 'fast' of option throttle


            """)
        let twice = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--verify", "--reassignment-json-file", file, "--reassignment-json-file", file])
        #expect(twice.code == 1)
        #expect(twice.out.hasPrefix("Error: Found multiple arguments for option reassignment-json-file, but you asked for only one\n"))
    }

    @Test("--bootstrap-server without a value: Kafka puts null into its Properties and fails")
    func bootstrapWithoutValue() async {
        let result = await Self.run(["--list", "--bootstrap-server"])
        #expect(result.code == 1)
        #expect(result.out == "Error: null\njava.lang.NullPointerException\n\n")
    }

    @Test("a missing --command-config file is reported like Java's NoSuchFileException")
    func missingCommandConfig() async {
        let result = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--list", "--command-config", "/nonexistent/admin.properties"])
        #expect(result.code == 1)
        #expect(result.out == "Error: /nonexistent/admin.properties\njava.nio.file.NoSuchFileException: /nonexistent/admin.properties\n\n")
    }
}
