import ArgumentParser
import Foundation

/// The short path from `main` to a tool. argument-parser builds the whole command tree before it
/// parses anything: every tool's `configuration`, each with its help table formatted by
/// `JoptHelpFormatter.discussion`, and the completion and help machinery. A jopt tool parses
/// its own arguments, so when the command line names one (and asks argument-parser for nothing)
/// the tool runs directly; that is most of a short run's start-up time.
extension KafkitCommand {
    /// argument-parser's own options, which it honours after a subcommand too.
    static let argumentParserBuiltins = ["--generate-completion-script", "---completion", "--experimental-dump-help"]

    /// Words after which argument-parser may print a subcommand's help (its `discussion`).
    static let helpWords = ["help", "-h", "--help", "--experimental-dump-help"]

    /// Whether any tool's help text can be shown for `arguments` (the command line after the
    /// program name, once the multi-call script name is resolved).
    static func mayShowHelp(_ arguments: [String]) -> Bool {
        arguments.contains { helpWords.contains($0) || argumentParserBuiltins.contains(where: $0.hasPrefix) }
    }

    /// Runs the command line without argument-parser's command tree when that changes nothing it
    /// would print: `--version` alone, or a jopt tool's name followed by arguments argument-parser
    /// leaves to the tool (it parses them as that one command). Returns the exit code, or nil when
    /// the whole tree must run it.
    static func runDirectly(_ arguments: [String]) async -> Int32? {
        if arguments == ["--version"] {
            ToolConsole.standard.println(configuration.version)
            ToolConsole.standard.flush()
            return 0
        }
        guard let name = arguments.first,
              !arguments.dropFirst().contains(where: { argument in argumentParserBuiltins.contains(where: argument.hasPrefix) }),
              let tool = tools.lazy.compactMap({ $0.command as? any JoptTool.Type }).first(where: { $0._commandName == name })
        else { return nil }
        // The tool's own `run()` (some trap signals there), on a command parsed by itself alone.
        do {
            var command: any AsyncParsableCommand = try tool.parse(Array(arguments.dropFirst()))
            try await command.run()
            return 0
        } catch let exit as ExitCode {
            return exit.rawValue
        } catch {
            KafkitCommand.exit(withError: error)
        }
    }
}
