/// The command line of `kafka-configs` (`ConfigCommand.ConfigCommandOptions`) and its
/// `checkArgs` rules with Kafka's messages.
struct ConfigCommandOptions {
    static let usageMessage =
        "This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group"

    /// Entity types a `--bootstrap-server`/`--bootstrap-controller` run accepts, in Kafka's order.
    static let supportedEntityTypes = ["topics", "clients", "users", "brokers", "ips", "client-metrics", "groups", "broker-loggers"]

    /// `--topic` etc.: the entity type each shorthand stands for.
    static let entityFlags: [(option: String, type: String)] = [
        ("topic", "topics"), ("client", "clients"), ("user", "users"), ("broker", "brokers"),
        ("broker-logger", "broker-loggers"), ("ip", "ips"), ("client-metrics", "client-metrics"), ("group", "groups"),
    ]
    static let entityDefaultsFlags: [(option: String, type: String)] = [
        ("client-defaults", "clients"), ("user-defaults", "users"), ("broker-defaults", "brokers"), ("ip-defaults", "ips"),
    ]

    static let declarations: [JoptOption] = [
        .requiredArgument("bootstrap-server", "The broker(s) to connect to, as host:port[,host:port...].", describedAs: "server to connect to"),
        .requiredArgument("bootstrap-controller", "The controller(s) to connect to instead of brokers, as host:port[,host:port...].", describedAs: "controller to connect to"),
        .requiredArgument(
            "command-config",
            "A properties file of admin client settings (security, timeouts, ...).",
            describedAs: "command config property file"),
        .flag("alter", "Change the entity's configs with --add-config, --add-config-file or --delete-config."),
        .flag("describe", "Show the entity's dynamic configs (of every entity of the type when no name is given)."),
        .flag("all", "With --describe, show every config, including static and default values."),
        .requiredArgument("entity-type", "The kind of entity: topics, clients, users, brokers, broker-loggers, ips, client-metrics or groups."),
        .requiredArgument(
            "entity-name", "The entity: a topic name, client id, user principal, broker id, IP address, client-metrics name or group id."),
        .flag("entity-default", "The default entity of the type (clients, users, brokers or ips) instead of a named one."),
        .requiredArgument(
            "add-config",
            "The configs to set, as k1=v1,k2=v2; put a value containing commas in brackets: k2=[a,b]."),
        .requiredArgument(
            "add-config-file", "A properties file of configs to set."),
        .requiredArgument("delete-config", "The config names to remove, comma-separated: k1,k2.").withValuesSeparated(by: ","),
        .flag("force", "Do not ask for confirmation."),
        .requiredArgument("topic", "A topic name: short for --entity-type topics --entity-name."),
        .requiredArgument("client", "A client id: short for --entity-type clients --entity-name."),
        .flag("client-defaults", "Short for --entity-type clients --entity-default."),
        .requiredArgument("user", "A user principal: short for --entity-type users --entity-name."),
        .flag("user-defaults", "Short for --entity-type users --entity-default."),
        .requiredArgument("broker", "A broker id: short for --entity-type brokers --entity-name."),
        .flag("broker-defaults", "Short for --entity-type brokers --entity-default."),
        .requiredArgument("broker-logger", "A broker id, for its log levels: short for --entity-type broker-loggers --entity-name."),
        .flag("ip-defaults", "Short for --entity-type ips --entity-default."),
        .requiredArgument("ip", "An IP address: short for --entity-type ips --entity-name."),
        .requiredArgument("group", "A group id: short for --entity-type groups --entity-name."),
        .requiredArgument("client-metrics", "A client-metrics resource name: short for --entity-type client-metrics --entity-name."),
    ]

    let commandLine: JoptCommandLine
    var options: JoptOptionSet { commandLine.options }
    func has(_ name: String) -> Bool { commandLine.has(name) }

    /// `entityTypes`: `--entity-type` values, then the shorthand flags' types.
    var entityTypes: [String] {
        options.values(of: "entity-type")
            + (Self.entityFlags + Self.entityDefaultsFlags).filter { has($0.option) }.map(\.type)
    }

    /// `entityNames`: `--entity-name` values (`""` for `--entity-default`), then the shorthands'.
    var entityNames: [String] {
        var names = options.values(of: "entity-name")
        if has("entity-default") { names.append("") }
        for flag in Self.entityFlags where has(flag.option) { names += options.values(of: flag.option).prefix(1) }
        for flag in Self.entityDefaultsFlags where has(flag.option) { names.append("") }
        return names
    }

    /// `checkArgs`: usage exits throw `ToolExit`; rule violations `ConfigCommandError.illegalArgument`.
    func checkArgs() throws {
        let actions = ["alter", "describe"].filter(has).count
        if actions != 1 { throw commandLine.usageAndExit("Command must include exactly one action: --describe, --alter") }
        try commandLine.checkInvalidArgs("alter", ["describe"])
        try commandLine.checkInvalidArgs("describe", ["alter", "add-config", "delete-config"])

        let types = entityTypes
        var seen = Set<String>()
        var duplicates: [String] = []
        for type in types where !seen.insert(type).inserted { duplicates.append(type) }
        if !duplicates.isEmpty {
            throw ConfigCommandError.illegalArgument("Duplicate entity type(s) specified: \(duplicates.joined(separator: ","))")
        }
        guard has("bootstrap-server") || has("bootstrap-controller") else {
            throw ConfigCommandError.illegalArgument("Either --bootstrap-server or --bootstrap-controller must be specified.")
        }
        for type in types where !Self.supportedEntityTypes.contains(type) {
            throw ConfigCommandError.illegalArgument(
                "Invalid entity type \(type), the entity type must be one of \(Self.supportedEntityTypes.joined(separator: ", ")) with a --bootstrap-server or --bootstrap-controller argument")
        }
        if types.isEmpty { throw ConfigCommandError.illegalArgument("At least one entity type must be specified") }
        if types.count > 1 && Set(types) != ["users", "clients"] {
            throw ConfigCommandError.illegalArgument("Only 'users' and 'clients' entity types may be specified together")
        }
        if (has("entity-name") || has("entity-type") || has("entity-default"))
            && (Self.entityFlags + Self.entityDefaultsFlags).contains(where: { has($0.option) }) {
            throw ConfigCommandError.illegalArgument(
                "--entity-{type,name,default} should not be used in conjunction with specific entity flags")
        }
        let names = entityNames
        let hasEntityName = names.contains { !$0.isEmpty }
        let hasEntityDefault = names.contains { $0.isEmpty }
        if has("bootstrap-server") && has("bootstrap-controller") {
            throw ConfigCommandError.illegalArgument("Only one of --bootstrap-server or --bootstrap-controller can be specified")
        }
        if hasEntityName && (types.contains("brokers") || types.contains("broker-loggers")) {
            for option in ["entity-name", "broker", "broker-logger"] where has(option) {
                let id = options.values(of: option).first ?? ""
                if Int32(id) == nil {
                    throw ConfigCommandError.illegalArgument(
                        "The entity name for \(types[0]) must be a valid integer broker id, but it is: \(id)")
                }
            }
        }
        if hasEntityName && types.contains("ips") {
            for option in ["entity-name", "ip"] where has(option) {
                let ip = options.values(of: option).first ?? ""
                if !Self.isValidIpEntity(ip) {
                    throw ConfigCommandError.illegalArgument(
                        "The entity name for \(types[0]) must be a valid IP or resolvable host, but it is: \(ip)")
                }
            }
        }
        if has("describe") {
            let defaultable = ["users", "clients", "brokers", "ips"]
            if !types.contains(where: defaultable.contains) && has("entity-default") {
                throw ConfigCommandError.illegalArgument(
                    "--entity-default must not be specified with --describe of \(types.joined(separator: ","))")
            }
            if types.contains("broker-loggers") && !hasEntityName {
                throw ConfigCommandError.illegalArgument(
                    "An entity name must be specified with --describe of \(types.joined(separator: ","))")
            }
        }
        if has("alter") {
            if types.contains(where: ["users", "clients", "brokers", "ips"].contains) {
                if !hasEntityName && !hasEntityDefault {
                    throw ConfigCommandError.illegalArgument(
                        "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips")
                }
            } else if !hasEntityName {
                throw ConfigCommandError.illegalArgument(
                    "An entity name must be specified with --alter of \(types.joined(separator: ","))")
            }
            if has("add-config") && has("add-config-file") {
                throw ConfigCommandError.illegalArgument("Only one of --add-config or --add-config-file must be specified")
            }
            if !has("add-config") && !has("add-config-file") && !has("delete-config") {
                throw ConfigCommandError.illegalArgument(
                    "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter")
            }
        }
    }

    /// `DynamicConfig.Ip.isValidIpEntity`: a literal IPv4/IPv6 address (host lookups are not done).
    static func isValidIpEntity(_ text: String) -> Bool {
        let octets = text.split(separator: ".", omittingEmptySubsequences: false)
        if octets.count == 4, octets.allSatisfy({ UInt8($0) != nil && $0.count <= 3 }) { return true }
        let allowed = Set("0123456789abcdefABCDEF:.")
        return text.contains(":") && text.allSatisfy(allowed.contains)
    }
}

/// The ways `ConfigCommand.main` reports a failure.
enum ConfigCommandError: Error {
    /// `IllegalArgumentException`: only the message.
    case illegalArgument(String)
    /// `InvalidConfigurationException`: only the message.
    case invalidConfiguration(String)
    /// Any other exception: the args line, then `<class>: <message>` as the trace's first line.
    case throwable(className: String, message: String)
}
