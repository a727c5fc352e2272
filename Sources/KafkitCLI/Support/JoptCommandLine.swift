/// One run of a jopt-simple Kafka tool: the parsed command line plus Kafka's shared helpers
/// (`CommandDefaultOptions`, `CommandLineUtils`) with their exact messages.
///
/// ```swift
/// let commandLine = try JoptCommandLine(arguments: arguments, options: MyTool.joptOptions, console: console)
/// try commandLine.maybePrintHelpOrVersion("This tool helps to ...")
/// try commandLine.checkRequiredArgs("bootstrap-server")
/// let partitions = try commandLine.options.value(of: "partitions", as: Int32.self)
/// ```
/// Methods that end the run throw `ToolExit` after writing their text; `JoptToolRunner` turns
/// that into the exit code.
public struct JoptCommandLine: Sendable {
    /// The Kafka release the tools print for `--version` (`AppInfoParser.getVersion()`).
    public static let kafkaVersion = "4.0.0"

    /// What `--version` prints: Kafka's version first, as scripts that parse it expect, then
    /// kafkit's: `4.0.0 (kafkit 0.1.0, Kafka protocol 4.0.1)`.
    public static var versionLine: String {
        "\(kafkaVersion) (kafkit \(KafkitVersion.kafkit), Kafka protocol \(KafkitVersion.kafkaProtocol))"
    }

    public let arguments: [String]
    public let parser: JoptOptionParser
    public let options: JoptOptionSet
    public let console: ToolConsole

    /// Parses `arguments` with `options` plus `CommandDefaultOptions`' `--help` and `--version`
    /// (unless `addingDefaultOptions` is false). Throws jopt's parse errors.
    public init(
        arguments: [String], options: [JoptOption], console: ToolConsole, addingDefaultOptions: Bool = true
    ) throws(JoptError) {
        self.arguments = arguments
        self.parser = JoptOptionParser(options: addingDefaultOptions ? [.help, .version] + options : options)
        self.options = try parser.parse(arguments)
        self.console = console
    }

    public func has(_ name: String) -> Bool { options.has(name) }

    /// The option table jopt prints (`parser.printHelpOn`).
    public var help: String { JoptHelpFormatter.format(parser.options) }

    /// `CommandLineUtils.printUsageAndExit`: the message, then the option table, on stderr; exit 1.
    public func usageAndExit(_ message: String) -> ToolExit {
        Self.usageAndExit(message, parser: parser, console: console)
    }

    /// `printUsageAndExit` before a command line exists, for tools that catch jopt's parse
    /// errors and show usage instead of a stack trace:
    /// ```swift
    /// do throws(JoptError) { commandLine = try JoptCommandLine(arguments: arguments, options: opts, console: console) }
    /// catch { throw JoptCommandLine.usageAndExit(error.message, options: opts, console: console) }
    /// ```
    public static func usageAndExit(
        _ message: String, options: [JoptOption], console: ToolConsole, addingDefaultOptions: Bool = true
    ) -> ToolExit {
        let parser = JoptOptionParser(options: addingDefaultOptions ? [.help, .version] + options : options)
        return usageAndExit(message, parser: parser, console: console)
    }

    private static func usageAndExit(_ message: String, parser: JoptOptionParser, console: ToolConsole) -> ToolExit {
        console.printlnError(message)
        console.printError(JoptHelpFormatter.format(parser.options))
        return .failure
    }

    /// `CommandLineUtils.printVersionAndExit`: `versionLine` on stdout; exit 0.
    public func versionAndExit() -> ToolExit {
        console.println(Self.versionLine)
        return .success
    }

    /// `CommandLineUtils.maybePrintHelpOrVersion`: usage for no arguments or `--help`,
    /// the version for `--version`.
    public func maybePrintHelpOrVersion(_ message: String) throws(ToolExit) {
        if arguments.isEmpty || has("help") { throw usageAndExit(message) }
        if has("version") { throw versionAndExit() }
    }

    /// `CommandLineUtils.checkRequiredArgs`: `Missing required argument "[name]"` + usage.
    public func checkRequiredArgs(_ names: String...) throws(ToolExit) {
        for name in names where !has(name) {
            throw usageAndExit("Missing required argument \"\(specDescription(name))\"")
        }
    }

    /// `CommandLineUtils.checkInvalidArgs`: `Option "[used]" can't be used with option "[other]"` + usage.
    public func checkInvalidArgs(_ used: String, _ invalid: [String]) throws(ToolExit) {
        guard has(used) else { return }
        for other in invalid where has(other) {
            throw usageAndExit("Option \"\(specDescription(used))\" can't be used with option \"\(specDescription(other))\"")
        }
    }

    /// `CommandLineUtils.checkInvalidArgsSet`:
    /// `Option combination "[[a], [b]]" can't be used with option "[other]"` + usage.
    public func checkInvalidArgsSet(_ used: [String], _ invalid: [String]) throws(ToolExit) {
        guard used.allSatisfy(has) else { return }
        let combination = "[" + used.map(specDescription).joined(separator: ", ") + "]"
        for other in invalid where has(other) {
            throw usageAndExit("Option combination \"\(combination)\" can't be used with option \"\(specDescription(other))\"")
        }
    }

    /// How Kafka prints an option spec in its own messages: `[name]`.
    public func specDescription(_ name: String) -> String {
        parser.option(named: name)?.specDescription ?? "[\(name)]"
    }
}
