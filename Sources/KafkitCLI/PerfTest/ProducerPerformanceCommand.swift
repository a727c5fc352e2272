import ArgumentParser
import KafkaClient
import NIOCore

/// `kafkit producer-perf-test` (`kafka-producer-perf-test.sh`, Kafka's `ProducerPerformance`):
/// sends a number of records as fast as allowed and reports throughput and latency.
public struct ProducerPerformanceCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "producer-perf-test",
        abstract: "Measure producer throughput and latency (kafka-producer-perf-test.sh).",
        discussion: ProducerPerformanceConfig.makeParser().helpText(),
        helpNames: [])

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public func run() async throws {
        let console = ToolConsole.standard
        let code = await Self.execute(arguments: arguments, console: console)
        console.flush()
        if code != 0 { throw ExitCode(code) }
    }

    /// Runs the tool and returns the exit code.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        let parser = ProducerPerformanceConfig.makeParser()
        let config: ProducerPerformanceConfig
        do {
            switch parser.parse(arguments) {
            case .help(let text):
                // The help action's exception goes through Kafka's error path: exit 1.
                console.print(text)
                return 1
            case .error(let text):
                return usageFailure(parser, arguments, text, console)
            case .parsed(let namespace):
                config = try ProducerPerformanceConfig(namespace, console: console)
            }
        } catch let usage as ProducerPerformanceConfig.UsageError {
            return usageFailure(parser, arguments, parser.usageError(usage.message), console)
        } catch {
            console.printError(JoptToolRunner.uncaughtReport(for: error))
            return 1
        }
        do {
            try await ProducerPerformance(config: config, console: console).run()
            console.flush()
            return 0
        } catch {
            console.printError(JoptToolRunner.uncaughtReport(for: error))
            return 1
        }
    }

    /// No arguments at all: the full help on stdout and exit 0; otherwise usage and the error on stderr, exit 1.
    static func usageFailure(_ parser: ArgParse4jParser, _ arguments: [String], _ text: String, _ console: ToolConsole) -> Int32 {
        if arguments.isEmpty {
            console.print(parser.helpText())
            return 0
        }
        console.printError(text)
        return 1
    }
}

/// Completions and man pages read the options from the same parser the tool runs.
extension ProducerPerformanceCommand: ArgParse4jTool {
    static func makeArgumentParser() -> ArgParse4jParser { ProducerPerformanceConfig.makeParser() }
}
