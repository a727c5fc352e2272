import ArgumentParser
import Foundation

/// `kafkit storage` / `kafka-storage.sh`. Kafka's storage tool parses its arguments with
/// argparse4j (prefix abbreviations, its own messages), so every argument is passed through to
/// `StorageTool`.
public struct StorageCommand: ParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "storage",
        abstract: "The Kafka storage tool (kafka-storage.sh).",
        helpNames: []
    )

    @Argument(parsing: .captureForPassthrough)
    var arguments: [String] = []

    public init() {}

    public func run() throws {
        let tool = StorageTool(
            stdout: { FileHandle.standardOutput.write(Data($0.utf8)) },
            stderr: { FileHandle.standardError.write(Data($0.utf8)) })
        let code = tool.run(arguments)
        if code != 0 { throw ExitCode(code) }
    }
}
