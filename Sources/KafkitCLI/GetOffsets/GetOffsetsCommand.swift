import Foundation
import ArgumentParser
import KafkaClient
import KafkaProtocol

/// `kafkit get-offsets` (`kafka-get-offsets.sh`, Kafka's `GetOffsetShell`): one offset per
/// topic-partition, for a time spec.
public struct GetOffsetsCommand: JoptTool {
    static let usageMessage = "An interactive shell for getting topic-partition offsets."

    public static let configuration = joptConfiguration(
        "get-offsets", abstract: "Get the offsets of topic-partitions for a time spec (kafka-get-offsets.sh).",
        usage: usageMessage)

    public static var joptOptions: [JoptOption] { GetOffsetsOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    /// `GetOffsetShell.mainNoExit`: terse errors print `Error occurred: <message>`, any other
    /// failure adds the exception's trace line.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            do {
                let options = try GetOffsetsOptions(arguments: arguments, console: console)
                try await GetOffsetShell(options: options, console: console).run()
            } catch let exit as ToolExit {
                throw exit
            } catch where GetOffsetsOptions.requestedFormat(arguments) == .json {
                throw jsonFailure(error, console)
            } catch let terse as GetOffsetShell.TerseException {
                console.printlnError("Error occurred: " + terse.message)
                throw ToolExit.failure
            } catch let thrown as GetOffsetShell.JavaThrowable {
                console.printlnError("Error occurred: " + (thrown.message ?? "null"))
                console.printlnError(thrown.stackTrace)
                throw ToolExit.failure
            } catch {
                // Any other failure is a Java exception out of `execute`: message, then its trace.
                // A failed admin future's message is its cause's `toString()`.
                if let jopt = error as? JoptError {
                    console.printlnError("Error occurred: " + jopt.message)
                    console.printlnError(jopt.uncaught.description)
                } else {
                    let cause = JavaErrorText.describe(error)
                    console.printlnError("Error occurred: " + cause)
                    console.printlnError("java.util.concurrent.ExecutionException: " + cause)
                }
                throw ToolExit.failure
            }
        }
    }
}

extension GetOffsetsCommand {
    /// A failure in `--output json`: the error document on stderr, exit 1.
    static func jsonFailure(_ error: any Error, _ console: ToolConsole) -> ToolExit {
        switch error {
        case let terse as GetOffsetShell.TerseException:
            return JSONOutput.fail(terse.message, type: "TerseException", on: console)
        case let thrown as GetOffsetShell.JavaThrowable:
            return JSONOutput.fail(thrown.message ?? "null", type: JSONOutput.typeName(ofJavaClass: thrown.className), on: console)
        case let jopt as JoptError:
            return JSONOutput.fail(jopt.message, type: JSONOutput.typeName(ofJavaClass: jopt.javaClassName), on: console)
        default:
            let (message, type) = JSONOutput.messageAndType(ofJavaText: JavaErrorText.describe(error))
            return JSONOutput.fail(message, type: type, on: console)
        }
    }
}

/// The parsed command line of `kafka-get-offsets` (`GetOffsetShellOptions`).
struct GetOffsetsOptions {
    static let declarations: [JoptOption] = [
        .requiredArgument(
            "bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].",
            describedAs: "HOST1:PORT1,...,HOST3:PORT3"),
        .requiredArgument(
            "topic-partitions",
            "Which partitions to ask about, as comma-separated rules topic:partitions. The topic part is a regular expression (empty matches every topic); the partitions part is a number, a range low-high (high excluded), low- , -high, or nothing for all. Not with --topic or --partitions.",
            describedAs: "topic1:1,topic2:0-3,topic3,topic4:5-,topic5:-3"),
        .requiredArgument(
            "topic",
            "The topic, or a regular expression matching topics, to ask about; without it, every topic. Not with --topic-partitions.",
            describedAs: "topic"),
        .requiredArgument(
            "partitions",
            "Comma-separated partition ids to ask about; without it, every partition. Not with --topic-partitions.",
            describedAs: "partition ids"),
        .requiredArgument(
            "time",
            "Which offset to print: latest (-1), earliest (-2), max-timestamp (-3), earliest-local (-4), latest-tiered (-5), or a timestamp in ms for the first offset at or after it. Partitions with no such offset are left out.",
            describedAs: "<timestamp> / -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered",
            default: ["latest"]),
        .requiredArgument(
            "command-config", "A properties file of admin client settings (security, timeouts, ...).", describedAs: "config file"),
        .flag(
            "exclude-internal-topics",
            "Leave internal topics such as __consumer_offsets out."),
        ToolOutputFormat.option,
    ]

    var bootstrapServer: String
    var topicPartitions: String?
    var topic: String?
    var partitions: String?
    var time: String
    var commandConfig: String?
    var excludeInternalTopics: Bool
    var outputFormat: ToolOutputFormat

    init(arguments: [String], console: ToolConsole) throws {
        if arguments.isEmpty {
            throw JoptCommandLine.usageAndExit(GetOffsetsCommand.usageMessage, options: Self.declarations, console: console)
        }
        let commandLine: JoptCommandLine
        do throws(JoptError) {
            commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        } catch {
            throw GetOffsetShell.TerseException(message: error.message)
        }
        try commandLine.maybePrintHelpOrVersion(GetOffsetsCommand.usageMessage)
        try commandLine.checkRequiredArgs("bootstrap-server")
        let options = commandLine.options
        bootstrapServer = try options.value(of: "bootstrap-server") ?? ""
        if let problem = Self.bootstrapServerProblem(bootstrapServer) {
            throw commandLine.usageAndExit(problem)
        }
        topicPartitions = try options.value(of: "topic-partitions")
        topic = try options.value(of: "topic")
        partitions = try options.value(of: "partitions")
        time = try options.value(of: "time") ?? "latest"
        commandConfig = try options.value(of: "command-config")
        excludeInternalTopics = options.has("exclude-internal-topics")
        outputFormat = try ToolOutputFormat.chosen(in: commandLine)
    }

    /// `--output` as given, read without printing anything (text when absent, unknown, or the
    /// command line does not parse); for failures raised before the options are complete.
    static func requestedFormat(_ arguments: [String]) -> ToolOutputFormat {
        guard let commandLine = try? JoptCommandLine(arguments: arguments, options: declarations, console: .capturing()),
              let given = (try? commandLine.options.value(of: ToolOutputFormat.option.name)) ?? nil
        else { return .text }
        return ToolOutputFormat(rawValue: given.lowercased()) ?? .text
    }

    /// `ToolsUtils.validateBootstrapServer`: every entry needs a `:port`.
    static func bootstrapServerProblem(_ text: String) -> String? {
        if text.trimmingCharacters(in: .whitespaces).isEmpty { return "Error while validating the bootstrap address\n" }
        let entries = TopicPartitionFilter.javaSplit(text, ",")
        let valid = entries.filter { entry in
            guard let colon = entry.lastIndex(of: ":") else { return false }
            let port = entry[entry.index(after: colon)...]
            return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber }
        }
        if valid.isEmpty || valid.count != entries.count { return "Please provide valid host:port like host1:9091,host2:9092\n" }
        return nil
    }
}
