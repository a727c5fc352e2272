import KafkaBroker

/// `TopicCommand.TopicCommandOptions`: the options of `kafka-topics.sh` as data, and the
/// argument checks Kafka runs before any request (`checkArgs`), with its exact messages.
struct TopicCommandOptions: Sendable {
    static let actions = ["create", "list", "alter", "describe", "delete"]
    static let replicationReports = [
        "under-replicated-partitions", "under-min-isr-partitions", "at-min-isr-partitions", "unavailable-partitions",
    ]
    static let configsToolHint = " (To alter topic configurations, the kafka-configs tool can be used.)"
    static let noArgumentsMessage = "Create, delete, describe, or change a topic."
    static let helpMessage = "This tool helps to create, delete, describe, or change a topic."

    static let declarations: [JoptOption] = [
        .requiredArgument("bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].", describedAs: "server to connect to"),
        .requiredArgument(
            "command-config", "A properties file of admin client settings (security, timeouts, ...).",
            describedAs: "command config property file"),
        .flag("list", "Print the names of the topics."),
        .flag("create", "Create the topic named by --topic."),
        .flag("delete", "Delete the topics --topic matches."),
        .flag("alter", "Add partitions to a topic or move its replicas (topic configs are changed with kafkit configs)."),
        .flag("describe", "Show the partitions, leaders, replicas, in-sync replicas and config overrides of the topics."),
        .requiredArgument(
            "topic", "The topic to act on. Except with --create it may also be a regular expression matching several topics.",
            describedAs: "topic"),
        .requiredArgument("topic-id", "The id of a topic to describe, instead of its name.", describedAs: "topic-id"),
        .requiredArgument(
            "config",
            "A config for the topic being created, as name=value; repeat it to set several. Only with --create "
                + "(kafkit configs changes the configs of existing topics). The topic configs are:\n"
                + TopicConfigDef.all.map { "\t" + $0.name }.joined(separator: "\n"),
            describedAs: "name=value"),
        .requiredArgument(
            "delete-config", "Not supported since Kafka 4.0; remove topic configs with kafkit configs --alter --delete-config.", describedAs: "name"),
        .requiredArgument(
            "partitions",
            "How many partitions the topic has after --create or --alter; with --create it defaults to the broker's num.partitions. Adding partitions changes which partition a key goes to.",
            describedAs: "# of partitions", type: .integer),
        .requiredArgument(
            "replication-factor",
            "How many replicas each partition of the new topic gets; defaults to the broker's default.replication.factor.",
            describedAs: "replication factor", type: .integer),
        .requiredArgument(
            "replica-assignment", "The broker ids of each partition's replicas, for --create or --alter: replicas separated by ':', partitions by ','.",
            describedAs: "broker_id_for_part1_replica1 : broker_id_for_part1_replica2 , broker_id_for_part2_replica1 : broker_id_for_part2_replica2 , ..."),
        .flag("under-replicated-partitions", "With --describe, list only partitions with fewer in-sync replicas than replicas."),
        .flag("unavailable-partitions", "With --describe, list only partitions whose leader is unavailable."),
        .flag(
            "under-min-isr-partitions",
            "With --describe, list only partitions with fewer in-sync replicas than min.insync.replicas."),
        .flag(
            "at-min-isr-partitions",
            "With --describe, list only partitions with exactly min.insync.replicas in-sync replicas."),
        .flag("topics-with-overrides", "With --describe, list only topics that override some config."),
        .flag(
            "if-exists",
            "With --alter, --delete or --describe, do nothing and succeed when the topic does not exist."),
        .flag(
            "if-not-exists",
            "With --create, succeed when the topic already exists (the request is sent anyway)."),
        .flag(
            "exclude-internal",
            "Leave internal topics such as __consumer_offsets out of --list and --describe."),
        .requiredArgument(
            "partition-size-limit-per-response",
            "With --describe, the most partitions one DescribeTopicPartitions response may carry (the page size).",
            describedAs: "maximum number of partitions per response", type: .integer),
        ToolOutputFormat.option,
    ]

    let commandLine: JoptCommandLine

    var action: String { Self.actions.first(where: commandLine.has) ?? "" }
    func has(_ name: String) -> Bool { commandLine.has(name) }

    var bootstrapServer: String? { get throws(JoptError) { try commandLine.options.value(of: "bootstrap-server") } }
    var commandConfig: String? { get throws(JoptError) { try commandLine.options.value(of: "command-config") } }
    var topic: String? { get throws(JoptError) { try commandLine.options.value(of: "topic") } }
    var topicId: String? { get throws(JoptError) { try commandLine.options.value(of: "topic-id") } }
    var partitions: Int32? { get throws(JoptError) { try commandLine.options.value(of: "partitions", as: Int32.self) } }
    var replicationFactor: Int32? {
        get throws(JoptError) { try commandLine.options.value(of: "replication-factor", as: Int32.self) }
    }
    var replicaAssignment: String? { get throws(JoptError) { try commandLine.options.value(of: "replica-assignment") } }
    var topicConfigs: [String] { commandLine.options.values(of: "config") }
    var partitionSizeLimitPerResponse: Int32? {
        get throws(JoptError) { try commandLine.options.value(of: "partition-size-limit-per-response", as: Int32.self) }
    }
    var ifExists: Bool { has("if-exists") }
    var ifNotExists: Bool { has("if-not-exists") }
    var excludeInternalTopics: Bool { has("exclude-internal") }
    var reportUnderReplicatedPartitions: Bool { has("under-replicated-partitions") }
    var reportUnavailablePartitions: Bool { has("unavailable-partitions") }
    var reportUnderMinIsrPartitions: Bool { has("under-min-isr-partitions") }
    var reportAtMinIsrPartitions: Bool { has("at-min-isr-partitions") }
    var reportOverriddenConfigs: Bool { has("topics-with-overrides") }
    /// `--output` (kafkit's); a bad value was refused by `checkArgs`.
    var outputFormat: ToolOutputFormat { Self.outputFormat(commandLine) }

    /// `--output` as given, without printing anything (text when absent or unknown).
    static func outputFormat(_ commandLine: JoptCommandLine) -> ToolOutputFormat {
        let given = (try? commandLine.options.value(of: ToolOutputFormat.option.name)) ?? nil
        return given.flatMap { ToolOutputFormat(rawValue: $0.lowercased()) } ?? .text
    }

    /// Parses the command line (jopt errors propagate) and runs `checkArgs`: ends the run with
    /// usage for the usage errors, throws `TopicCommandStartupError` for the exceptions Kafka
    /// raises while building its options.
    init(arguments: [String], console: ToolConsole) throws {
        commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        try checkArgs(arguments: arguments, console: console)
    }

    private func checkArgs(arguments: [String], console: ToolConsole) throws {
        if arguments.isEmpty { throw commandLine.usageAndExit(Self.noArgumentsMessage) }
        try commandLine.maybePrintHelpOrVersion(Self.helpMessage)
        if Self.actions.filter(has).count != 1 {
            throw commandLine.usageAndExit(
                "Command must include exactly one action: --list, --describe, --create, --alter or --delete")
        }
        if has("delete-config") {
            console.printlnError(
                "delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.")
        }
        try checkRequiredArgs(console: console)
        try checkInvalidArgs()
        if try ToolOutputFormat.chosen(in: commandLine) == .json && !has("list") && !has("describe") {
            throw commandLine.usageAndExit("Option \"[output]\" json can be used only with --list or --describe")
        }
    }

    private func checkRequiredArgs(console: ToolConsole) throws {
        if !has("bootstrap-server") {
            throw TopicCommandStartupError(
                className: "java.lang.IllegalArgumentException", message: "--bootstrap-server must be specified")
        }
        if has("describe") && has("if-exists") {
            if !has("topic") && !has("topic-id") {
                throw commandLine.usageAndExit("--topic or --topic-id is required to describe a topic")
            }
            if has("topic") && has("topic-id") {
                // In JSON mode stdout carries the document alone.
                let notice = Self.outputFormat(commandLine) == .json ? console.printlnError : console.println
                notice(
                    "Only topic id will be used when both --topic and --topic-id are specified and topicId is not Uuid.ZERO_UUID")
            }
        }
        if !has("list") && !has("describe") { try commandLine.checkRequiredArgs("topic") }
        if has("alter") {
            if has("bootstrap-server") && has("config") {
                throw commandLine.usageAndExit(
                    "Option combination \"[[bootstrap-server], [config]]\" can't be used with option \"[alter]\"" + Self.configsToolHint)
            }
            try commandLine.checkRequiredArgs("partitions")
        }
    }

    /// The actions other than `allowed`, in a fixed order (Kafka's is a `Set.of` order).
    private static func otherActions(_ allowed: [String]) -> [String] {
        actions.filter { !allowed.contains($0) }
    }

    private func checkInvalidArgs() throws {
        try commandLine.checkInvalidArgs("config", Self.otherActions(["alter", "create"]))
        try commandLine.checkInvalidArgs("partitions", Self.otherActions(["alter", "create"]))
        try commandLine.checkInvalidArgs("replication-factor", Self.otherActions(["create"]))
        try commandLine.checkInvalidArgs("replica-assignment", Self.otherActions(["alter", "create"]))
        if has("create") {
            try commandLine.checkInvalidArgs("replica-assignment", ["partitions", "replication-factor"])
        }
        for report in Self.replicationReports {
            try commandLine.checkInvalidArgs(report, Self.otherActions(["describe"]) + ["topics-with-overrides"])
        }
        try commandLine.checkInvalidArgs("topics-with-overrides", Self.otherActions(["describe"]) + Self.replicationReports)
        try commandLine.checkInvalidArgs("if-exists", Self.otherActions(["alter", "delete", "describe"]))
        try commandLine.checkInvalidArgs("if-not-exists", Self.otherActions(["create"]))
        try commandLine.checkInvalidArgs("exclude-internal", Self.otherActions(["list", "describe"]))
    }
}

/// An exception thrown while `kafka-topics.sh` builds its options or its admin client, before
/// any action runs: 4.0's `mainNoExit` prints the message and then the stack trace, on stderr.
struct TopicCommandStartupError: Error, Sendable, Equatable {
    var className: String
    var message: String

    /// `System.err.println(e.getMessage()); System.err.println(Utils.stackTrace(e))`.
    var report: String {
        "\(message)\n\(className): \(message)\n\n"
    }
}

/// The `TopicCommand` frames of Kafka 4.0's stack traces (recorded in transcript 30b).
enum TopicCommandFrames {
    static let main = [
        "org.apache.kafka.tools.TopicCommand.execute(TopicCommand.java:111)",
        "org.apache.kafka.tools.TopicCommand.mainNoExit(TopicCommand.java:90)",
        "org.apache.kafka.tools.TopicCommand.main(TopicCommand.java:85)",
    ]

    /// `ensureTopicExists` called from `TopicService.<method>`.
    static func ensureTopicExists(from method: String, line: Int?) -> [String] {
        let location = line.map { "TopicCommand.java:\($0)" } ?? "TopicCommand.java"
        return [
            "org.apache.kafka.tools.TopicCommand.ensureTopicExists(TopicCommand.java:213)",
            "org.apache.kafka.tools.TopicCommand$TopicService.\(method)(\(location))",
        ] + main
    }
}
