import ArgumentParser
import Foundation
import KafkaClient
import KafkaStorage

/// `kafkit leader-election` (`kafka-leader-election.sh`, `org.apache.kafka.tools.LeaderElectionCommand`
/// of Kafka 4.0): preferred or unclean leader election for one partition, a JSON list of
/// partitions, or all partitions. Every failure — parse, validation or election — prints the
/// exception's message and its trace line on stderr and exits 1.
public struct LeaderElectionCommand: JoptTool {
    static let usageMessage = "This tool attempts to elect a new leader for a set of topic partitions. The type of elections supported are preferred replicas and unclean replicas."

    public static let configuration = joptConfiguration(
        "leader-election", abstract: "Elect preferred or unclean leaders for partitions (kafka-leader-election.sh).",
        usage: usageMessage)

    public static var joptOptions: [JoptOption] {
        [
            .requiredArgument(
                "bootstrap-server", "REQUIRED. Brokers to connect to, as a comma-separated host:port list.",
                describedAs: "host:port"),
            .requiredArgument(
                "admin.config", "A properties file with settings for the admin client.", describedAs: "config file"),
            .requiredArgument(
                "path-to-json-file",
                "A JSON file listing the partitions to elect leaders for, e.g.\n{\"partitions\":\n\t[{\"topic\": \"foo\", \"partition\": 1},\n\t {\"topic\": \"foobar\", \"partition\": 2}]\n}\nCannot be combined with --all-topic-partitions or --topic.",
                describedAs: "Path to JSON file"),
            .requiredArgument(
                "topic", "The topic of the one partition to elect a leader for (with --partition). Cannot be combined with --path-to-json-file or --all-topic-partitions.",
                describedAs: "topic name"),
            .requiredArgument(
                "partition", "The partition of --topic to elect a leader for. Needed with --topic.",
                describedAs: "partition id", type: .integer),
            .flag(
                "all-topic-partitions",
                "Elect leaders for every partition that needs it for the chosen --election-type. Cannot be combined with --topic or --path-to-json-file."),
            .requiredArgument(
                "election-type",
                "REQUIRED. 'preferred' moves leadership back to the first replica when it is not the leader; 'unclean' picks any live replica for a partition that has no leader.",
                describedAs: "election type"),
        ]
    }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    /// An exception `LeaderElectionCommand` raises; `mainNoExit` prints its message, then its trace.
    struct Failure: Error, Equatable {
        var className: String
        var message: String

        static let adminCommandFailed = "org.apache.kafka.server.common.AdminCommandFailedException"
        static let adminOperation = "org.apache.kafka.server.common.AdminOperationException"

        static func commandFailed(_ message: String) -> Failure { Failure(className: adminCommandFailed, message: message) }
    }

    /// `ElectionType`: preferred (0) or unclean (1), named in upper case in the output.
    enum ElectionType: Int8, CaseIterable {
        case preferred = 0
        case unclean = 1

        var name: String { self == .preferred ? "PREFERRED" : "UNCLEAN" }

        /// jopt's `EnumConverter`: the constant's name, ignoring case.
        init?(argument: String) {
            guard let match = Self.allCases.first(where: { $0.name.caseInsensitiveCompare(argument) == .orderedSame }) else { return nil }
            self = match
        }
    }

    /// `LeaderElectionCommand.main`: any failure prints its message, then the exception.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            do {
                try await run(arguments: arguments, console: console)
            } catch let exit as ToolExit {
                throw exit
            } catch {
                let (className, message) = javaException(for: error)
                console.printlnError(message ?? "null")
                console.printlnError(message.map { "\(className): \($0)" } ?? className)
                throw ToolExit.failure
            }
        }
    }

    static func javaException(for error: any Error) -> (className: String, message: String?) {
        switch error {
        case let failure as Failure: return (failure.className, failure.message)
        case let jopt as JoptError: return (jopt.javaClassName, jopt.message)
        case let uncaught as UncaughtJavaException: return (uncaught.className, uncaught.message)
        default:
            // A failed admin future is rethrown as `new RuntimeException(executionException)`.
            let text = "java.util.concurrent.ExecutionException: " + JavaErrorText.describe(error)
            return ("java.lang.RuntimeException", text)
        }
    }

    static func run(arguments: [String], console: ToolConsole) async throws {
        let commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
        try commandLine.maybePrintHelpOrVersion(usageMessage)
        try validate(commandLine)
        let typeArgument = try commandLine.options.value(of: "election-type") ?? ""
        guard let electionType = ElectionType(argument: typeArgument) else {
            throw JoptError.argumentConversion(option: "election-type", argument: typeArgument)
        }
        var partitions: [TopicPartition]?
        if let path = try commandLine.options.value(of: "path-to-json-file") {
            partitions = try ReplicaElectionData.parse(path: path)
        }
        if partitions == nil, let topic = try commandLine.options.value(of: "topic"),
           let partition = try commandLine.options.value(of: "partition", as: Int32.self) {
            partitions = [TopicPartition(topic, partition)]
        }
        var properties: [String: String] = [:]
        if let file = try commandLine.options.value(of: "admin.config") {
            guard FileManager.default.fileExists(atPath: file) else {
                // `Utils.loadProps` opens the file with `Files.newInputStream`.
                throw Failure(className: "java.nio.file.NoSuchFileException", message: file)
            }
            let loaded = try JavaProperties.load(contentsOf: file)
            for key in loaded.keys { properties[key] = loaded[key] }
        }
        properties["default.api.timeout.ms"] = properties["default.api.timeout.ms"] ?? "30000"
        properties["request.timeout.ms"] = properties["request.timeout.ms"] ?? "15000"
        let config = try ToolClientConfig.make(bootstrapServer: try commandLine.options.value(of: "bootstrap-server"), properties: properties)
        let admin = KafkaAdminClient(config: config)
        do {
            try await electLeaders(admin: admin, type: electionType, partitions: partitions, console: console)
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }

    /// `LeaderElectionCommandOptions.validate`, in Kafka's order.
    static func validate(_ commandLine: JoptCommandLine) throws {
        let missing = ["bootstrap-server", "election-type"].filter { !commandLine.has($0) }
        if !missing.isEmpty {
            throw Failure.commandFailed("Missing required option(s): " + missing.joined(separator: ", "))
        }
        let exclusive = ["topic", "all-topic-partitions", "path-to-json-file"]
        if exclusive.filter(commandLine.has).count != 1 {
            throw Failure.commandFailed("One and only one of the following options is required: " + exclusive.joined(separator: ", "))
        }
        if commandLine.has("topic") && !commandLine.has("partition") {
            throw Failure.commandFailed("Missing required option(s): partition")
        }
        if !commandLine.has("topic") && commandLine.has("partition") {
            throw Failure.commandFailed("Option partition is only allowed if topic is used")
        }
    }

    static func electLeaders(admin: KafkaAdminClient, type: ElectionType, partitions: [TopicPartition]?, console: ToolConsole) async throws {
        let results: [(TopicPartition, KafkaError?)]
        do {
            results = try await admin.electLeadersInResponseOrder(electionType: type.rawValue, partitions: partitions)
        } catch let error as KafkaError {
            if error.errorCode == .clusterAuthorizationFailed {
                console.println("Not authorized to perform leader election")
                throw Failure.commandFailed("Not authorized to perform leader election")
            }
            var timedOut = error.errorCode == .requestTimedOut
            switch error {
            case .timeout, .noBrokersAvailable: timedOut = true
            default: break
            }
            if timedOut {
                console.println("Timeout waiting for election results")
                throw Failure.commandFailed("Timeout waiting for election results")
            }
            throw error
        }
        for line in ElectionOutcome(type: type, results: results).lines { console.println(line) }
        let failed = ElectionOutcome(type: type, results: results).failed
        if !failed.isEmpty {
            throw Failure.commandFailed("\(failed.count) replica(s) could not be elected")
        }
    }
}
