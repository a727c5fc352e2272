import ArgumentParser

/// A Kafka tool that parses its command line with jopt-simple. It is an `AsyncParsableCommand`
/// whose raw arguments go untouched to the jopt parser, so Kafka's messages and exit codes are
/// exact:
///
/// ```swift
/// struct TopicsCommand: JoptTool {
///     static let configuration = joptConfiguration("topics", abstract: "...", usage: "...")
///     static let joptOptions: [JoptOption] = [.requiredArgument("topic", "The topic.", describedAs: "topic")]
///     @Argument(parsing: .captureForPassthrough, help: .hidden) var arguments: [String] = []
///     static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
///         await JoptToolRunner.run(console: console) { ... }
///     }
/// }
/// ```
public protocol JoptTool: AsyncParsableCommand {
    /// The tool's options as data (without `--help`/`--version`, which `JoptCommandLine` adds).
    static var joptOptions: [JoptOption] { get }
    /// The raw command line after the subcommand name.
    var arguments: [String] { get }
    /// Runs the tool, writing to `console`, and returns the process exit code.
    static func execute(arguments: [String], console: ToolConsole) async -> Int32
}

extension JoptTool {
    /// The tool's subcommand: its help is jopt's (the usage text, then the option table with
    /// `--help` and `--version`), and `helpNames: []` leaves `-h`/`--help` to jopt.
    static func joptConfiguration(_ commandName: String, abstract: String, usage: String) -> CommandConfiguration {
        CommandConfiguration(
            commandName: commandName, abstract: abstract,
            discussion: JoptHelpFormatter.discussion(usage: usage, options: [.help, .version] + joptOptions), helpNames: [])
    }

    public func run() async throws {
        let console = ToolConsole.standard
        let code = await Self.execute(arguments: arguments, console: console)
        console.flush()
        if code != 0 { throw ExitCode(code) }
    }
}

/// Turns the ways a Kafka tool ends into an exit code, printing what the JVM would print.
public enum JoptToolRunner {
    /// Runs `body`; returns 0 when it finishes, the code of a thrown `ToolExit`, or 1 after
    /// printing an uncaught exception (`UncaughtJavaException`, a jopt parse error, or any other
    /// error, reported by its description).
    public static func run(console: ToolConsole, _ body: () async throws -> Void) async -> Int32 {
        do {
            try await body()
            console.flush()
            return 0
        } catch let exit as ToolExit {
            console.flush()
            return exit.code
        } catch {
            console.printError(uncaughtReport(for: error))
            console.flush()
            return 1
        }
    }

    static func uncaughtReport(for error: any Error) -> String {
        switch error {
        case let exception as UncaughtJavaException: exception.report
        case let jopt as JoptError: jopt.uncaught.report
        default: UncaughtJavaException(className: "java.lang.RuntimeException", message: "\(error)").report
        }
    }
}
