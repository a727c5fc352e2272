import ArgumentParser
import KafkaClient

/// `kafkit consumer-perf-test` (`kafka-consumer-perf-test.sh`, Kafka's `ConsumerPerformance`):
/// reads a number of records as a group member and reports the throughput.
public struct ConsumerPerformanceCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "consumer-perf-test", abstract: "Measure consumer throughput (kafka-consumer-perf-test.sh).",
        usage: ConsumerPerformanceOptions.usageMessage)

    public static var joptOptions: [JoptOption] { ConsumerPerformanceOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let options = try ConsumerPerformanceOptions(arguments: arguments, console: console)
            if !options.hideHeader { console.printlnFlushed(ConsumerPerformance.header(detailed: options.showDetailedStats)) }
            do {
                try await ConsumerPerformance(options: options, console: console).run()
            } catch {
                // ConsumerPerformance.main catches everything: the message, then the stack trace.
                let exception = ConsumerPerformance.javaException(error)
                console.printlnError(exception.message ?? "null")
                console.printlnError(exception.description)
                throw ToolExit.failure
            }
        }
    }
}
