import ArgumentParser

/// A tool that parses its command line with `ArgParse4jParser` (storage, metadata-quorum,
/// producer-perf-test). Its parser, built fresh, is the data the shell completions and man pages
/// are generated from, so every tool registered in `KafkitCommand.tools` conforms to this or to
/// `JoptTool`:
///
/// ```swift
/// extension StorageCommand: ArgParse4jTool {
///     static func makeArgumentParser() -> ArgParse4jParser { StorageTool.makeParser() }
/// }
/// ```
protocol ArgParse4jTool: ParsableCommand {
    static func makeArgumentParser() -> ArgParse4jParser
}

extension MetadataQuorumCommand: ArgParse4jTool {
    static func makeArgumentParser() -> ArgParse4jParser { MetadataQuorumTool.makeParsers().main }
}
