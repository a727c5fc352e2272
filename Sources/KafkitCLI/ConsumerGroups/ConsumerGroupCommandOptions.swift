import Foundation
import KafkaClient

/// `ConsumerGroupCommandOptions`: the options of `kafka-consumer-groups.sh` as data, and the
/// checks Kafka runs before any request (`checkArgs`), with its messages.
struct ConsumerGroupCommandOptions: Sendable {
    static let helpMessage =
        "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets."
    static let actions = ["list", "describe", "delete", "reset-offsets", "delete-offsets", "validate-regex"]
    /// `allResetOffsetScenarioOpts` (a `HashSet` in Kafka; printed here in declaration order).
    static let scenarios = ["to-offset", "shift-by", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "from-file"]
    /// `allGroupSelectionScopeOpts`, in the order Kafka 4.0 prints the set.
    static let groupScopes = ["all-groups", "group"]
    /// `WARN` printed when `--reset-offsets` has neither `--dry-run` nor `--execute` (Kafka's text,
    /// including the missing space after "missing.").
    static let dryRunWarning =
        "WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting."

    static let declarations: [JoptOption] = [
        .requiredArgument("bootstrap-server", "REQUIRED: the broker(s) to connect to, as host:port[,host:port].",
                          describedAs: "server to connect to"),
        .requiredArgument("group", "The consumer group to act on; repeat it to name several groups.", describedAs: "consumer group"),
        .requiredArgument(
            "topic",
            "The topic whose offsets are reset or deleted. With --reset-offsets, 'topic:0,1' limits it to those partitions; repeatable.",
            describedAs: "topic"),
        .flag("all-topics", "With --reset-offsets: every topic partition the group has committed offsets for."),
        .flag("list", "List every consumer group."),
        .flag("describe", "Describe the given consumer group(s) and their offset lag."),
        .flag("all-groups", "Act on every consumer group (with --describe, --delete or --reset-offsets)."),
        .flag("delete", "Delete the given consumer group(s) with their committed offsets; the groups must be empty."),
        .requiredArgument("timeout", "How long to wait for each admin request, in milliseconds.",
                          describedAs: "timeout (ms)", type: .long, default: ["5000"]),
        .requiredArgument("command-config", "A properties file of admin client settings (security, timeouts, ...).",
                          describedAs: "command config property file"),
        .flag("reset-offsets", "Reset the committed offsets of an inactive group; choose a scope and a scenario."),
        .flag("delete-offsets", "Delete the committed offsets of one group for the given topics."),
        .requiredArgument("validate-regex", "Check that a regular expression is valid (no broker is contacted).", describedAs: "regex"),
        .flag("dry-run", "Show the offsets a reset would set without changing them (the default)."),
        .flag("execute", "Commit the offsets the reset computed."),
        .flag("export", "Print the reset plan as CSV instead of a table (for --from-file)."),
        .requiredArgument("to-offset", "Reset to this offset.", describedAs: "offset", type: .long),
        .requiredArgument("from-file", "Reset to the offsets in this CSV file (topic,partition,offset or group,topic,partition,offset).",
                          describedAs: "path to CSV file"),
        .requiredArgument("to-datetime", "Reset to the first offset at or after this time: 'YYYY-MM-DDTHH:mm:SS.sss', optionally with a zone.",
                          describedAs: "datetime"),
        .requiredArgument("by-duration", "Reset to the first offset at or after now minus this ISO-8601 duration: 'PnDTnHnMnS'.",
                          describedAs: "duration"),
        .flag("to-earliest", "Reset to the earliest offset."),
        .flag("to-latest", "Reset to the latest offset."),
        .flag("to-current", "Reset to the committed offset (the latest where there is none)."),
        .requiredArgument("shift-by", "Move the committed offset by n (positive or negative).", describedAs: "number-of-offsets", type: .long),
        JoptOption.flag("members", "With --describe: list the group's members.").availableIf("describe"),
        JoptOption.flag("verbose", "With --describe: add columns (leader epochs, assignments, epochs).").availableIf("describe"),
        JoptOption.flag("offsets", "With --describe: each partition's offsets and lag (the default).").availableIf("describe"),
        JoptOption.optionalArgument(
            "state",
            "With --describe: the group's state. With --list: add a STATE column, or keep only the groups in the given comma-separated states."
        ).availableIf("describe", "list"),
        JoptOption.optionalArgument(
            "type", "With --list: add a TYPE column, or keep only the groups of the given comma-separated types (classic, consumer)."
        ).availableIf("list"),
        ToolOutputFormat.option,
    ]

    let commandLine: JoptCommandLine
    let output: ToolOutputFormat

    func has(_ name: String) -> Bool { commandLine.has(name) }
    func value(_ name: String) -> String? { commandLine.options.values(of: name).first }
    func values(_ name: String) -> [String] { commandLine.options.values(of: name) }
    var groups: [String] { values("group") }
    var topics: [String] { values("topic") }
    var isDryRun: Bool { has("dry-run") || !has("execute") }

    /// `--timeout`, converted when used as Kafka does (a bad value fails at run time).
    func timeoutMs() throws -> Int64 {
        try commandLine.options.value(of: "timeout", as: Int64.self) ?? 5000
    }

    /// Parses the command line (jopt errors propagate, uncaught as in Kafka) and runs `checkArgs`.
    init(arguments: [String], console: ToolConsole) throws {
        commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        try commandLine.maybePrintHelpOrVersion(Self.helpMessage)
        output = try ToolOutputFormat.chosen(in: commandLine)
        try checkArgs(console: console)
        if Self.actions.filter(has).count != 1 {
            throw commandLine.usageAndExit(
                "Command must include exactly one action: " + Self.actions.map { "--" + $0 }.joined(separator: ", "))
        }
    }

    private func spec(_ name: String) -> String { commandLine.specDescription(name) }
    private var groupScopeList: String { Self.groupScopes.map(spec).joined(separator: ", ") }

    private func checkArgs(console: ToolConsole) throws {
        if !has("validate-regex") { try commandLine.checkRequiredArgs("bootstrap-server") }
        if has("describe") {
            if !has("group") && !has("all-groups") {
                throw commandLine.usageAndExit("Option \(spec("describe")) takes one of these options: \(groupScopeList)")
            }
            let subActions = ["members", "offsets", "state"]
            if subActions.filter(has).count > 1 {
                throw commandLine.usageAndExit(
                    "Option \(spec("describe")) takes at most one of these options: " + subActions.map(spec).joined(separator: ", "))
            }
            if has("state") && commandLine.options.hasArgument("state") {
                throw commandLine.usageAndExit("Option \(spec("describe")) does not take a value for \(spec("state"))")
            }
        }
        if has("delete") {
            if !has("group") && !has("all-groups") {
                throw commandLine.usageAndExit("Option \(spec("delete")) takes one of these options: \(groupScopeList)")
            }
            if has("topic") {
                throw commandLine.usageAndExit("The consumer does not support topic-specific offset deletion from a consumer group.")
            }
        }
        if has("delete-offsets") && (!has("group") || !has("topic")) {
            throw commandLine.usageAndExit(
                "Option \(spec("delete-offsets")) takes the following options: \(spec("group")), \(spec("topic"))")
        }
        if has("reset-offsets") {
            if has("dry-run") && has("execute") {
                throw commandLine.usageAndExit(
                    "Option \(spec("reset-offsets")) only accepts one of \(spec("execute")) and \(spec("dry-run"))")
            }
            if !has("dry-run") && !has("execute") { console.printlnError(Self.dryRunWarning) }
            if !has("group") && !has("all-groups") {
                throw commandLine.usageAndExit("Option \(spec("reset-offsets")) takes one of these options: \(groupScopeList)")
            }
            // Kafka checks the scenarios in this order.
            for scenario in ["to-offset", "to-datetime", "by-duration", "to-earliest", "to-latest", "to-current", "shift-by", "from-file"] {
                try commandLine.checkInvalidArgs(scenario, Self.scenarios.filter { $0 != scenario })
            }
        }
        try commandLine.checkInvalidArgs("group", ["all-groups"])
        try commandLine.checkInvalidArgs("group", ["list"])
        try commandLine.checkInvalidArgs("topic", ["list", "describe"])
    }
}
