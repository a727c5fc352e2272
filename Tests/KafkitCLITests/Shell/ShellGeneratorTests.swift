import Foundation
import Testing
@testable import KafkitCLI

/// The completions and man pages are generated from every registered tool's own declarations.
@Suite("shell files generated from the command tree")
struct ShellGeneratorTests {
    static let tree = ShellCommandTree.root

    @Test func everyToolDeclaresItsOptionsAsData() {
        for tool in KafkitCommand.tools {
            let declared = tool.command is any JoptTool.Type || tool.command is any ArgParse4jTool.Type
            #expect(declared, "\(tool.command._commandName): conform to JoptTool, or to ArgParse4jTool (makeArgumentParser)")
        }
    }

    @Test func treeHoldsEveryToolAndItsOptions() throws {
        #expect(Self.tree.subcommands.map(\.name) == KafkitCommand.tools.map { $0.command._commandName } + ["install-links"])
        let topics = try #require(Self.tree.subcommands.first { $0.name == "topics" })
        let flags = topics.options.flatMap(\.flags)
        for option in TopicsCommand.joptOptions { #expect(flags.contains("--" + option.name)) }
        #expect(flags.contains("--help") && flags.contains("--version"))
        let topic = try #require(topics.options.first { $0.primaryFlag == "--topic" })
        #expect(topic.completion == .topics)
        let storage = try #require(Self.tree.subcommands.first { $0.name == "storage" })
        #expect(storage.subcommands.map(\.name) == ["info", "format", "version-mapping", "feature-dependencies", "random-uuid"])
        let format = try #require(storage.subcommands.first { $0.name == "format" })
        #expect(format.options.first { $0.primaryFlag == "--config" }?.completion == .file)
        #expect(format.options.first { $0.primaryFlag == "--cluster-id" }?.flags == ["--cluster-id", "-t"])
        let server = try #require(Self.tree.subcommands.first { $0.name == "server" })
        #expect(server.positionals.first?.completion == .file)
    }

    /// Every long flag of every command and sub-command.
    static var everyFlag: [(command: String, flag: String)] {
        var flags: [(String, String)] = []
        for tool in tree.subcommands {
            for option in tool.options { flags.append((tool.name, option.primaryFlag)) }
            for sub in tool.subcommands {
                for option in sub.options { flags.append((tool.name + " " + sub.name, option.primaryFlag)) }
            }
        }
        return flags
    }

    @Test(arguments: ["bash", "zsh", "fish"])
    func completionNamesEveryToolAndOption(shell: String) {
        let script = switch shell {
        case "bash": BashCompletion.script(Self.tree)
        case "zsh": ZshCompletion.script(Self.tree)
        default: FishCompletion.script(Self.tree)
        }
        for tool in Self.tree.subcommands { #expect(script.contains(tool.name), "\(shell): \(tool.name)") }
        for (command, flag) in Self.everyFlag {
            let spelled = shell == "fish" ? "-l " + flag.dropFirst(2) : flag
            #expect(script.contains(spelled), "\(shell): \(command) \(flag)")
        }
        #expect(script.contains("__complete"))
    }

    @Test func aManPagePerToolWithEveryOptionAndSection() throws {
        let pages = Dictionary(uniqueKeysWithValues: ManPage.pages(Self.tree).map { ($0.file, $0.text) })
        #expect(pages.count == Self.tree.subcommands.count + 1)
        for tool in Self.tree.subcommands {
            let page = try #require(pages["kafkit-\(tool.name).1"])
            for section in ["NAME", "SYNOPSIS", "DESCRIPTION", "OPTIONS", "EXIT STATUS", "SEE ALSO"] {
                #expect(page.contains(".SH \(section)\n"), "\(tool.name): \(section)")
            }
            for option in tool.options + tool.subcommands.flatMap(\.options) where option.primaryFlag != "--help" || tool.subcommands.isEmpty {
                #expect(page.contains(ManPage.escape(option.primaryFlag)), "\(tool.name): \(option.primaryFlag)")
            }
            for script in tool.scripts { #expect(page.contains(ManPage.escape(script) + ".sh")) }
        }
        let main = try #require(pages["kafkit.1"])
        for tool in Self.tree.subcommands { #expect(main.contains("kafkit\\-\(ManPage.escape(tool.name)) (1)")) }
    }

    @Test func examplesOfTheWorkflowsAreOnTheirToolPagesAndInKafkit1() throws {
        let pages = Dictionary(uniqueKeysWithValues: ManPage.pages(Self.tree).map { ($0.file, $0.text) })
        let main = try #require(pages["kafkit.1"])
        let workflows = [
            ("topics", "\\-\\-create"), ("console-producer", "printf"), ("console-consumer", "\\-\\-from\\-beginning"),
            ("dump-log", "\\-\\-print\\-data\\-log"), ("consumer-groups", "\\-\\-to\\-latest"),
        ]
        for (tool, marker) in workflows where Self.tree.subcommands.contains(where: { $0.name == tool }) {
            let page = try #require(pages["kafkit-\(tool).1"])
            #expect(page.contains(".SH EXAMPLES\n") && page.contains(marker), "\(tool)")
            #expect(main.contains(marker), "kafkit.1: \(tool)")
        }
    }

    @Test func longExampleCommandsAreContinuedOutsideQuotes() {
        let lines = ManPage.wrap(
            "$ kafkit storage format --config server.properties --cluster-id \"$(kafkit storage random-uuid)\" --standalone",
            width: 40)
        #expect(lines.count > 1)
        #expect(lines.dropLast().allSatisfy { $0.hasSuffix(" \\") })
        #expect(lines.contains { $0.contains("\"$(kafkit storage random-uuid)\"") })
        // Continuation lines start with an option, kept together with its value.
        #expect(lines.dropFirst().allSatisfy { $0.hasPrefix("    --") })
        #expect(lines.contains { $0.contains("--cluster-id \"$(kafkit storage random-uuid)\"") })
        #expect(ManPage.wrap("$ kafkit server", width: 40) == ["$ kafkit server"])
    }

    @Test func oneLineSummaries() {
        #expect(ZshCompletion.summary("First. Second.") == "First.")
        #expect(ZshCompletion.summary("As k=v (e.g. a=1). More.") == "As k=v (e.g. a=1).")
        #expect(ZshCompletion.summary("Line one\nline two") == "Line one")
    }

    @Test func roffEscaping() {
        #expect(ManPage.escape("--topic") == "\\-\\-topic")
        #expect(ManPage.escape("a\\tb") == "a\\etb")
        #expect(ManPage.escape(".hidden") == "\\&.hidden")
        #expect(ManPage.escape("'quoted") == "\\&'quoted")
    }

    @Test func valueCompletionIsDecidedFromTheDeclaration() {
        #expect(ShellValueCompletion.classify(name: "topic", valueName: "", tool: "x") == .topics)
        #expect(ShellValueCompletion.classify(name: "group", valueName: "", tool: "x") == .groups)
        #expect(ShellValueCompletion.classify(name: "command-config", valueName: "", tool: "x") == .file)
        #expect(ShellValueCompletion.classify(name: "offset-json-file", valueName: "", tool: "x") == .file)
        #expect(ShellValueCompletion.classify(name: "config", valueName: "name=value", tool: "topics") == .value)
        #expect(ShellValueCompletion.classify(name: "config", valueName: "", tool: "kafka-storage", argparse: true) == .file)
        #expect(ShellValueCompletion.classify(name: "output", valueName: "", tool: "x") == .choices(["text", "json"]))
    }

    /// The committed files are what the generator writes now (CI checks the same with git diff).
    @Test func committedFilesAreCurrent() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
        for (path, text) in GenerateShellFilesCommand.files() {
            let committed = try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
            #expect(committed == text, "\(path) is stale: run `kafkit generate-shell-files`")
        }
    }
}
