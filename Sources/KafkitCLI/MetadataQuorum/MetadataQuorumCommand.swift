import ArgumentParser

/// `kafkit metadata-quorum` / `kafka-metadata-quorum.sh`. Kafka's tool parses its arguments with
/// argparse4j (prefix abbreviations, its own messages), so every argument is passed through to
/// `MetadataQuorumTool`.
public struct MetadataQuorumCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "metadata-quorum",
        abstract: "Describe the KRaft metadata quorum, add or remove controllers (kafka-metadata-quorum.sh).",
        helpNames: []
    )

    @Argument(parsing: .captureForPassthrough)
    var arguments: [String] = []

    public init() {}

    /// Runs the tool, writing to `console`, and returns the process exit code.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        let code = await MetadataQuorumTool(console: console).run(arguments)
        console.flush()
        return code
    }

    public func run() async throws {
        let code = await Self.execute(arguments: arguments, console: .standard)
        if code != 0 { throw ExitCode(code) }
    }
}
