import Testing
@testable import KafkitCLI

@Suite("Kafka CommandLineUtils and the jopt help table")
struct JoptCommandLineTests {
    static let options: [JoptOption] = [
        .requiredArgument("topic", "The topic to use.", describedAs: "topic"),
        .requiredArgument("partitions", "The number of partitions for the topic.", describedAs: "# of partitions",
                          type: .integer),
        .flag("list", "List all available topics."),
        .flag("describe", "List details for the given topics."),
        .optionalArgument("decoder", "A decoder.", default: ["org.example.StringDecoder"]),
    ]

    func run(_ arguments: [String], _ body: (JoptCommandLine) throws -> Void) async -> (Int32, ToolConsole) {
        let console = ToolConsole.capturing()
        let code = await JoptToolRunner.run(console: console) {
            let commandLine = try JoptCommandLine(arguments: arguments, options: Self.options, console: console)
            try body(commandLine)
        }
        return (code, console)
    }

    @Test func noArgumentsPrintsUsageOnStderrAndExits1() async {
        let (code, console) = await run([]) { try $0.maybePrintHelpOrVersion("This tool does things.") }
        #expect(code == 1)
        #expect(console.capturedOut.isEmpty)
        let lines = console.capturedErr.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.first == "This tool does things.")
        #expect(lines.dropFirst().first?.hasPrefix("Option ") == true)
    }

    @Test func helpIsUsageWithExit1() async {
        let (code, console) = await run(["--help", "--topic", "x"]) { try $0.maybePrintHelpOrVersion("Header.") }
        #expect(code == 1)
        #expect(console.capturedErr.hasPrefix("Header.\nOption "))
    }

    @Test func versionPrintsKafkaVersion() async {
        let (code, console) = await run(["--version"]) { try $0.maybePrintHelpOrVersion("Header.") }
        #expect(code == 0)
        #expect(console.capturedOut == JoptCommandLine.versionLine + "\n")
        #expect(console.capturedErr.isEmpty)
    }

    @Test func missingRequiredArgument() async {
        let (code, console) = await run(["--list"]) { try $0.checkRequiredArgs("topic") }
        #expect(code == 1)
        #expect(console.capturedErr.hasPrefix("Missing required argument \"[topic]\"\nOption "))
    }

    @Test func invalidCombination() async {
        let (code, console) = await run(["--list", "--describe"]) { try $0.checkInvalidArgs("list", ["describe"]) }
        #expect(code == 1)
        #expect(console.capturedErr.hasPrefix("Option \"[list]\" can't be used with option \"[describe]\"\n"))
        let (code2, console2) = await run(["--list", "--describe", "--topic", "t"]) {
            try $0.checkInvalidArgsSet(["list", "describe"], ["topic"])
        }
        #expect(code2 == 1)
        #expect(console2.capturedErr.hasPrefix(
            "Option combination \"[[list], [describe]]\" can't be used with option \"[topic]\"\n"))
    }

    @Test func parseErrorsAreUncaughtExceptions() async {
        let (code, console) = await run(["--bootstrap"]) { _ in }
        #expect(code == 1)
        #expect(console.capturedErr
            == "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: bootstrap is not a recognized option\n")
    }

    @Test func parseErrorAsUsage() async {
        let console = ToolConsole.capturing()
        let code = await JoptToolRunner.run(console: console) {
            do throws(JoptError) {
                _ = try JoptCommandLine(arguments: ["--bogus"], options: Self.options, console: console)
            } catch {
                throw JoptCommandLine.usageAndExit(error.message, options: Self.options, console: console)
            }
        }
        #expect(code == 1)
        #expect(console.capturedErr.hasPrefix("bogus is not a recognized option\nOption "))
        #expect(console.capturedErr.contains("--partitions <Integer: # of partitions>"))
    }

    @Test func helpTable() {
        let help = JoptHelpFormatter.format([.help, .version] + Self.options)
        let lines = help.split(separator: "\n").map { String($0) }
        #expect(lines[0].hasPrefix("Option"))
        #expect(lines[0].trimmingTrailingSpaces().hasSuffix("Description"))
        #expect(lines[1].hasPrefix("------ "))
        #expect(lines[1].contains("-----------"))
        // Sorted by name; argument types and defaults shown the jopt way.
        let names = lines.dropFirst(2).compactMap { $0.hasPrefix("--") ? $0.split(separator: " ").first : nil }
        #expect(names == ["--decoder", "--describe", "--help", "--list", "--partitions", "--topic", "--version"])
        #expect(help.contains("--partitions <Integer: # of partitions>  The number of partitions for the topic.\n"))
        #expect(help.contains("--decoder [String]"))
        #expect(help.contains("A decoder. (default:"))
        #expect(help.contains("\n                                           org.example.StringDecoder)"))
        #expect(help.contains("--topic <String: topic>"))
        // Every row is padded to the same width.
        #expect(Set(lines.map(\.count)).count == 1)
        #expect(lines.allSatisfy { $0.count <= 80 })
    }

    @Test func helpWrapsLongDescriptionsWithIndent() {
        let long = JoptOption.flag("x", String(repeating: "word ", count: 30))
        let help = JoptHelpFormatter.format([long])
        let lines = help.split(separator: "\n").map { String($0) }
        #expect(lines.count > 3)
        // The option column is as wide as "Option" (6), then the separator (2) and the indent (2).
        #expect(lines[3].hasPrefix("          word"))
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var s = self
        while s.last == " " { s.removeLast() }
        return s
    }
}
