import ArgumentParser
import Foundation

/// The root command. A subcommand is listed here only once it works.
public struct KafkitCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "kafkit",
        abstract: "Apache Kafka's command-line tools and a Kafka-compatible broker, in one native executable.",
        version: KafkitVersion.description,
        subcommands: KafkitCommand.tools.map(\.command) + KafkitCommand.shellCommands
    )

    public init() {}

    /// kafkit's own commands: `install-links`, and the hidden ones the shell files use.
    static let shellCommands: [any ParsableCommand.Type] = [
        InstallLinksCommand.self, CompleteCommand.self, GenerateShellFilesCommand.self,
    ]

    /// Every tool: the subcommand and the Kafka script names that run it through a link.
    static let tools: [(command: any ParsableCommand.Type, scripts: [String])] = [
        (DumpLogCommand.self, ["kafka-dump-log"]),
        (TopicsCommand.self, ["kafka-topics"]),
        (StorageCommand.self, ["kafka-storage"]),
        (ServerCommand.self, ["kafka-server-start"]),
        (BrokerApiVersionsCommand.self, ["kafka-broker-api-versions"]),
        (GetOffsetsCommand.self, ["kafka-get-offsets"]),
        (ConfigsCommand.self, ["kafka-configs"]),
        (DeleteRecordsCommand.self, ["kafka-delete-records"]),
        (ConsoleProducerCommand.self, ["kafka-console-producer"]),
        (ConsoleConsumerCommand.self, ["kafka-console-consumer"]),
        (ConsumerGroupsCommand.self, ["kafka-consumer-groups"]),
        (ReassignPartitionsCommand.self, ["kafka-reassign-partitions"]),
        (MetadataQuorumCommand.self, ["kafka-metadata-quorum"]),
        (LeaderElectionCommand.self, ["kafka-leader-election"]),
        (ProducerPerformanceCommand.self, ["kafka-producer-perf-test"]),
        (ConsumerPerformanceCommand.self, ["kafka-consumer-perf-test"]),
    ]

    /// Multi-call entry: a link named `kafka-topics.sh` or `kafka-topics` runs `kafkit topics`.
    public static func runMultiCall(arguments: [String]) async {
        let invokedAs = arguments.first.map { String($0.split(separator: "/").last ?? Substring($0)) } ?? "kafkit"
        var rest = Array(arguments.dropFirst())
        let scriptName = invokedAs.hasSuffix(".sh") ? String(invokedAs.dropLast(3)) : invokedAs
        // Decided before any tool's configuration (and so its help text) is first built.
        JoptHelpFormatter.discussionsWanted = mayShowHelp(rest)
        if let tool = tools.first(where: { $0.scripts.contains(scriptName) }) {
            rest.insert(tool.command._commandName, at: 0)
        }
        if let code = await runDirectly(rest) { Foundation.exit(code) }
        await KafkitCommand.main(rest)
    }
}

public enum KafkitVersion {
    public static let kafkit = "0.1.0"
    /// The Kafka release whose protocol, files and tools kafkit follows.
    public static let kafkaProtocol = "4.0.1"
    public static var description: String { "kafkit \(kafkit) (Kafka protocol \(kafkaProtocol))" }
}
