/// `ReassignPartitionsCommandOptions` and `validateAndParseArgs`: the options, the one-action
/// rule, the connection options, and which options each action requires and permits.
struct ReassignPartitionsOptions: Sendable {
    static let helpText = "This tool helps to move topic partitions between replicas."

    /// The actions, in the order Kafka lists them in its message.
    static let actions = ["generate", "execute", "verify", "cancel", "list"]

    static let declarations: [JoptOption] = [
        .flag(
            "verify",
            "Check the reassignment given by --reassignment-json-file: report each partition's state, and once "
                + "nothing is moving any more, remove the replication throttles the reassignment set."),
        .flag(
            "generate",
            "Propose a reassignment that spreads the partitions of the topics in --topics-to-move-json-file "
                + "over the brokers in --broker-list. Only prints the proposal; nothing is moved."),
        .flag("execute", "Start the reassignment given by --reassignment-json-file."),
        .flag("cancel", "Cancel the active reassignments of the partitions in --reassignment-json-file."),
        .flag("list", "List the partition reassignments that are in progress."),
        .optionalArgument(
            "bootstrap-server", "The Kafka server(s) to connect to (host:port, comma-separated). This or "
                + "--bootstrap-controller is required.",
            describedAs: "Server(s) to use for bootstrapping"),
        .requiredArgument(
            "bootstrap-controller", "The controller(s) to connect to instead of brokers (host:port, "
                + "comma-separated); only with --cancel and --list.",
            describedAs: "Controller(s) to use for bootstrapping"),
        .requiredArgument(
            "command-config", "A Java properties file of admin client settings (security, timeouts, ...).",
            describedAs: "Admin client property file"),
        .requiredArgument(
            "reassignment-json-file",
            "The reassignment to execute, verify or cancel, as JSON:\n"
                + "{\"partitions\":\n\t[{\"topic\": \"foo\",\n\t  \"partition\": 1,\n\t  \"replicas\": [1,2,3],\n"
                + "\t  \"log_dirs\": [\"dir1\",\"dir2\",\"dir3\"] }],\n\"version\":1\n}\n"
                + "\"log_dirs\" may be left out; when given it has one entry per replica, either \"any\" or the "
                + "absolute path of the log directory the replica should move to on that broker.",
            describedAs: "manual assignment json file path"),
        .requiredArgument(
            "topics-to-move-json-file",
            "The topics whose partitions --generate spreads over the --broker-list brokers, as JSON:\n"
                + "{\"topics\":\n\t[{\"topic\": \"foo\"},{\"topic\": \"foo1\"}],\n\"version\":1\n}",
            describedAs: "topics to reassign json file path"),
        .requiredArgument(
            "broker-list",
            "The ids of the brokers --generate may place replicas on, as \"0,1,2\". Required with "
                + "--topics-to-move-json-file.",
            describedAs: "brokerlist"),
        .flag("disable-rack-aware", "Ignore the brokers' racks when generating an assignment."),
        .requiredArgument(
            "throttle",
            "Limit, in bytes/sec, on replication traffic between brokers while partitions move. Given with "
                + "--execute; to change it later, run the same reassignment again with --additional. "
                + "Use at least 1 KB/s.",
            describedAs: "throttle", type: .long, default: ["-1"]),
        .requiredArgument(
            "replica-alter-log-dirs-throttle",
            "Limit, in bytes/sec, on copying replicas between log directories of one broker. Given with "
                + "--execute; to change it later, run the same reassignment again with --additional. "
                + "Use at least 1 KB/s.",
            describedAs: "replicaAlterLogDirsThrottle", type: .long, default: ["-1"]),
        .requiredArgument(
            "timeout",
            "How long, in ms, to wait for the moves between log directories to start.",
            describedAs: "timeout", type: .long, default: ["10000"]),
        .flag(
            "additional",
            "Start this reassignment even though others are in progress; also the way to change the "
                + "throttle of a running reassignment."),
        .flag("preserve-throttles", "Leave the broker and topic throttles as they are."),
        ToolOutputFormat.option,
    ]

    /// What each action needs besides itself.
    static let requiredArgs: [String: [String]] = [
        "verify": ["reassignment-json-file"],
        "generate": ["topics-to-move-json-file", "broker-list"],
        "execute": ["reassignment-json-file"],
        "cancel": ["reassignment-json-file"],
        "list": [],
    ]

    /// What each action allows besides itself and its required options (`bootstrap` stands for
    /// the connection option given; only cancel and list take a controller). kafkit's `--output`
    /// goes with every action.
    static func permittedArgs(_ action: String, bootstrap: String) -> [String] {
        [ToolOutputFormat.option.name] + kafkaPermittedArgs(action, bootstrap: bootstrap)
    }

    static func kafkaPermittedArgs(_ action: String, bootstrap: String) -> [String] {
        switch action {
        case "verify": ["bootstrap-server", "command-config", "preserve-throttles"]
        case "generate": ["bootstrap-server", "broker-list", "command-config", "disable-rack-aware"]
        case "execute":
            ["additional", "bootstrap-server", "command-config", "throttle", "replica-alter-log-dirs-throttle", "timeout"]
        case "cancel": [bootstrap, "command-config", "preserve-throttles", "timeout"]
        case "list": [bootstrap, "command-config"]
        default: []
        }
    }

    let commandLine: JoptCommandLine
    let action: String
    let format: ToolOutputFormat

    /// Parses and validates; usage errors print and throw `ToolExit`, parse errors throw `JoptError`.
    init(arguments: [String], console: ToolConsole) throws {
        let commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        try commandLine.maybePrintHelpOrVersion(Self.helpText)
        let given = Self.actions.filter(commandLine.has)
        guard given.count == 1, let action = given.first else {
            throw commandLine.usageAndExit(
                "Command must include exactly one action: " + Self.actions.map { "--" + $0 }.joined(separator: ", "))
        }
        let hasServer = commandLine.has("bootstrap-server")
        let hasController = commandLine.has("bootstrap-controller")
        if hasServer && hasController {
            throw commandLine.usageAndExit("Please don't specify both --bootstrap-server and --bootstrap-controller")
        }
        if !hasServer && !hasController {
            throw commandLine.usageAndExit("Please specify either --bootstrap-server or --bootstrap-controller")
        }
        let required = Self.requiredArgs[action] ?? []
        for name in required where !commandLine.has(name) {
            throw commandLine.usageAndExit("Missing required argument \"\(commandLine.specDescription(name))\"")
        }
        let permitted = Self.permittedArgs(action, bootstrap: hasServer ? "bootstrap-server" : "bootstrap-controller")
        for name in Self.detectionOrder(arguments, commandLine) where name != action {
            if !required.contains(name) && !permitted.contains(name) {
                throw commandLine.usageAndExit(
                    "Option \"\(commandLine.specDescription(name))\" can't be used with action \"\(commandLine.specDescription(action))\"")
            }
        }
        self.commandLine = commandLine
        self.action = action
        self.format = try ToolOutputFormat.chosen(in: commandLine)
    }

    /// The given options in command-line order (jopt's `OptionSet.specs()`), each once.
    static func detectionOrder(_ arguments: [String], _ commandLine: JoptCommandLine) -> [String] {
        var order: [String] = []
        var index = 0
        while index < arguments.count {
            let token = arguments[index]
            index += 1
            if token == "--" { break }
            guard token.hasPrefix("-"), token != "-" else { continue }
            let body = token.drop { $0 == "-" }
            let name = String(body.prefix { $0 != "=" })
            guard let option = commandLine.parser.option(named: name) else { continue }
            if !order.contains(option.name) { order.append(option.name) }
            guard !body.contains("=") else { continue }
            switch option.argument {
            case .required: index += 1
            case .optional:
                if index < arguments.count, !arguments[index].hasPrefix("-") { index += 1 }
            case .none: break
            }
        }
        // Options that reached the parser another way (short clusters) come last.
        for option in declarations where commandLine.has(option.name) && !order.contains(option.name) {
            order.append(option.name)
        }
        return order
    }

    // MARK: Values (read inside the tool's try, as Kafka calls `valueOf` there)

    var bootstrapServer: String? { get throws { try commandLine.options.value(of: "bootstrap-server") } }
    var bootstrapController: String? { get throws { try commandLine.options.value(of: "bootstrap-controller") } }
    var commandConfig: String? { get throws { try commandLine.options.value(of: "command-config") } }
    var reassignmentJsonFile: String { get throws { try commandLine.options.value(of: "reassignment-json-file") ?? "" } }
    var topicsToMoveJsonFile: String { get throws { try commandLine.options.value(of: "topics-to-move-json-file") ?? "" } }
    var brokerList: String { get throws { try commandLine.options.value(of: "broker-list") ?? "" } }
    var interBrokerThrottle: Int64 { get throws { try commandLine.options.value(of: "throttle", as: Int64.self) ?? -1 } }
    var logDirThrottle: Int64 {
        get throws { try commandLine.options.value(of: "replica-alter-log-dirs-throttle", as: Int64.self) ?? -1 }
    }
    var timeoutMs: Int64 { get throws { try commandLine.options.value(of: "timeout", as: Int64.self) ?? 10000 } }
    var enableRackAwareness: Bool { !commandLine.has("disable-rack-aware") }
    var additional: Bool { commandLine.has("additional") }
    var preserveThrottles: Bool { commandLine.has("preserve-throttles") }
}
