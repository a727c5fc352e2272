import Foundation
import Testing
@testable import KafkitCLI

/// `--help` covers every declared option; `--version` names Kafka's version first, then kafkit's.
@Suite("help and version")
struct HelpAndVersionTests {
    static let versionLine = "4.0.0 (kafkit \(KafkitVersion.kafkit), Kafka protocol \(KafkitVersion.kafkaProtocol))"

    static var joptTools: [any JoptTool.Type] {
        KafkitCommand.tools.compactMap { $0.command as? any JoptTool.Type }
    }

    static func run(_ tool: any JoptTool.Type, _ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await tool.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    @Test func versionLineNamesKafkaFirst() {
        #expect(JoptCommandLine.versionLine == Self.versionLine)
        #expect(JoptCommandLine.versionLine.split(separator: " ").first == "4.0.0")
    }

    @Test func everyJoptToolPrintsTheVersionLine() async {
        for tool in Self.joptTools {
            let result = await Self.run(tool, ["--version"])
            #expect(result.code == 0, "\(tool._commandName)")
            #expect(result.out == Self.versionLine + "\n", "\(tool._commandName)")
            #expect(result.err.isEmpty, "\(tool._commandName)")
        }
    }

    /// Kafka's layout: the tool's message, then the option table, on stderr, exit 1; every
    /// declared option is in the table with a description of its own.
    @Test func everyJoptToolHelpCoversEveryOption() async {
        for tool in Self.joptTools where tool._commandName != "server" {
            let result = await Self.run(tool, ["--help"])
            #expect(result.code == 1, "\(tool._commandName)")
            #expect(result.out.isEmpty, "\(tool._commandName)")
            #expect(result.err.contains("Option"), "\(tool._commandName)")
            for option in tool.joptOptions + [.help, .version] {
                #expect(result.err.contains("--" + option.name + " ") || result.err.contains("--" + option.name + "\n"),
                        "\(tool._commandName): --\(option.name)")
                #expect(!option.description.isEmpty, "\(tool._commandName): --\(option.name)")
            }
        }
    }

    @Test func serverHelpAndVersion() async {
        let help = await Self.run(ServerCommand.self, ["--help"])
        #expect(help.code == 1)
        #expect(help.err.hasPrefix(ServerCommand.usage + "\n"))
        #expect(help.err.contains("--override <String>") && help.err.contains("--version"))
        let version = await Self.run(ServerCommand.self, ["--version"])
        #expect(version.code == 0 && version.out == Self.versionLine + "\n")
    }

    @Test func storageHelpCoversEveryArgumentOfEverySubcommand() {
        let parser = StorageTool.makeParser()
        for sub in parser.subcommands {
            let console = ToolConsole.capturing()
            #expect(StorageTool(console: console).run([sub.name, "--help"]) == 0)
            for argument in sub.parser.arguments {
                for flag in argument.flags { #expect(console.capturedOut.contains(flag), "\(sub.name) \(flag)") }
                #expect(!argument.help.isEmpty)
            }
        }
    }

    /// Descriptions are kafkit's own words, not Kafka's (a few of Kafka's phrasings as probes),
    /// in the tools rewritten for the shell-integration issue.
    @Test func descriptionsAreOurOwn() {
        let rewritten: Set<String> = [
            "topics", "console-producer", "console-consumer", "configs", "get-offsets", "delete-records",
            "broker-api-versions", "dump-log", "server",
        ]
        let kafkaPhrases = [
            "REQUIRED: The Kafka server to connect to.", "Property file containing configs to be passed to Admin Client.",
            "If set when describing topics", "A mechanism to pass user-defined properties",
            "If set, log data will be parsed as", "The Kafka configuration file to use.", "Display Kafka version.",
        ]
        let all = Self.joptTools.filter { rewritten.contains($0._commandName) }.flatMap { $0.joptOptions }
            + [JoptOption.help, .version]
        for option in all {
            for phrase in kafkaPhrases { #expect(!option.description.contains(phrase), "--\(option.name)") }
        }
        for sub in StorageTool.makeParser().subcommands {
            for argument in sub.parser.arguments {
                for phrase in kafkaPhrases { #expect(!argument.help.contains(phrase), "storage \(sub.name)") }
            }
        }
    }
}
