import ArgumentParser
import Foundation
import KafkaClient
import KafkaProtocol
import Synchronization
import UnixSignals

/// `kafkit console-consumer` (`kafka-console-consumer.sh`): prints records of a topic.
public struct ConsoleConsumerCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "console-consumer", abstract: "Read data from Kafka topics and write it to standard output (kafka-console-consumer.sh).",
        usage: ConsoleConsumerOptions.usageMessage)

    public static var joptOptions: [JoptOption] { ConsoleConsumerOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    /// The real binary: SIGINT/SIGTERM stop the loop, which prints the total and leaves the
    /// group; the exit status is then the JVM's 130/143.
    public func run() async throws {
        let console = ToolConsole.standard
        let stop = ConsumerStopSignal(watchingStandardOutput: true)
        // As the JVM: a closed stdout is noticed (and reported) instead of killing the process.
        signal(SIGPIPE, SIG_IGN)
        let watcher = Task {
            for await signal in await UnixSignalsSequence(trapping: .sigint, .sigterm) {
                stop.request(signal: signal.rawValue)
                break
            }
        }
        var code = await Self.execute(arguments: arguments, console: console, stop: stop)
        watcher.cancel()
        console.flush()
        if let signal = stop.signal { code = 128 + signal }
        if code != 0 { throw ExitCode(code) }
    }

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await execute(arguments: arguments, console: console, stop: ConsumerStopSignal())
    }

    /// Runs the tool until done or until `stop` is requested.
    public static func execute(arguments: [String], console: ToolConsole, stop: ConsumerStopSignal) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let options = try ConsoleConsumerOptions(arguments: arguments, console: console)
            try await ConsoleConsumer(options: options, console: console, stop: stop).run()
        }
    }
}

/// A request to stop consuming (Kafka's shutdown hook calling `consumer.wakeup()`).
public final class ConsumerStopSignal: Sendable {
    private let state = Mutex<(requested: Bool, signal: Int32?)>((false, nil))
    /// Whether fd 1 is the tool's stdout, to be checked for a closed reader after each write.
    let watchingStandardOutput: Bool

    public init(watchingStandardOutput: Bool = false) {
        self.watchingStandardOutput = watchingStandardOutput
    }

    public func request(signal: Int32? = nil) {
        state.withLock { $0 = (true, $0.signal ?? signal) }
    }

    public var isRequested: Bool { state.withLock { $0.requested } }
    public var signal: Int32? { state.withLock { $0.signal } }
}
