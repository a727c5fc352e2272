import ArgumentParser

/// `kafkit dump-log` (`kafka-dump-log.sh`): prints the contents of log segments, indexes,
/// producer snapshots, transaction indexes and KRaft snapshots, offline.
public struct DumpLogCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "dump-log", abstract: "Dump the contents of Kafka log segments, index, snapshot and checkpoint files (kafka-dump-log.sh).",
        usage: DumpLogOptions.usageMessage)

    public static var joptOptions: [JoptOption] { DumpLogOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
            try commandLine.maybePrintHelpOrVersion(DumpLogOptions.usageMessage)
            try commandLine.checkRequiredArgs("files")
            var dump = DumpLogSegments(options: DumpLogOptions(commandLine), console: console)
            try dump.run()
        }
    }
}
