import ArgumentParser

/// `kafkit storage` / `kafka-storage.sh`. Kafka's storage tool parses its arguments with
/// argparse4j (prefix abbreviations, its own messages), so every argument is passed through to
/// `StorageTool`.
public struct StorageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "Format and inspect the log directories of a KRaft node (kafka-storage.sh).",
        helpNames: []
    )

    @Argument(parsing: .captureForPassthrough)
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
