import ArgumentParser

/// `kafkit storage` / `kafka-storage.sh`. Kafka's storage tool parses its arguments with
/// argparse4j (prefix abbreviations, its own messages), so every argument is passed through to
/// `StorageTool`.
public struct StorageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Format and inspect the log directories of a KRaft node (kafka-storage.sh).",
        discussion: StorageTool.helpOfEveryCommand(),
        helpNames: []
    )

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    var arguments: [String] = []

    public init() {}

    public func run() throws {
        let console = ToolConsole.standard
        let code = StorageTool(console: console).run(arguments)
        console.flush()
        if code != 0 { throw ExitCode(code) }
    }
}

extension StorageCommand: ArgParse4jTool {
    static func makeArgumentParser() -> ArgParse4jParser { StorageTool.makeParser() }
}

extension StorageTool {
    /// Each sub-command's `-h`, for `kafkit help storage` (the tool's own `-h` lists the
    /// sub-commands on one line too wide for argument-parser's wrapping).
    static func helpOfEveryCommand() -> String {
        let parser = makeParser()
        return parser.description + "\n\n" + parser.subcommands.map { $0.parser.helpText() }.joined(separator: "\n")
    }
}
