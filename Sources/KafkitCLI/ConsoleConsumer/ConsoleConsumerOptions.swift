import KafkaStorage

/// `ConsoleConsumerOptions` (Kafka 4.0): options, checks in Kafka's order, consumer properties.
struct ConsoleConsumerOptions {
    static let usageMessage = "This tool helps to read data from Kafka topics and outputs it to standard output."
    static let defaultFormatter = "org.apache.kafka.tools.consumer.DefaultMessageFormatter"

    static let declarations: [JoptOption] = [
        .requiredArgument("topic", "The topic to consume from.", describedAs: "topic"),
        .requiredArgument("include", "Regular expression specifying list of topics to include for consumption.", describedAs: "Java regex (String)"),
        .requiredArgument("partition", "The partition to consume from. Consumption starts from the end of the partition unless '--offset' is specified.", describedAs: "partition", type: .integer),
        .requiredArgument("offset", "The offset to consume from (a non-negative number), or 'earliest' which means from beginning, or 'latest' which means from end", describedAs: "consume offset", default: ["latest"]),
        .requiredArgument("consumer-property", "A mechanism to pass user-defined properties in the form key=value to the consumer.", describedAs: "consumer_prop"),
        .requiredArgument("consumer.config", "Consumer config properties file. Note that [consumer-property] takes precedence over this config.", describedAs: "config file"),
        .requiredArgument("formatter", "The name of a class to use for formatting kafka messages for display.", describedAs: "class", default: [defaultFormatter]),
        .requiredArgument("property", "The properties to initialize the message formatter. Default properties include: \n print.timestamp=true|false\n print.key=true|false\n print.offset=true|false\n print.epoch=true|false\n print.partition=true|false\n print.headers=true|false\n print.value=true|false\n key.separator=<key.separator>\n line.separator=<line.separator>\n headers.separator=<headers.separator>\n null.literal=<null.literal>\n key.deserializer=<key.deserializer>\n value.deserializer=<value.deserializer>\n header.deserializer=<header.deserializer>\n\nUsers can also pass in customized properties for their formatter; more specifically, users can pass in properties keyed with 'key.deserializer.', 'value.deserializer.' and 'headers.deserializer.' prefixes to configure their deserializers.", describedAs: "prop"),
        .requiredArgument("formatter-config", "Config properties file to initialize the message formatter. Note that [property] takes precedence over this config.", describedAs: "config file"),
        .flag("from-beginning", "If the consumer does not already have an established offset to consume from, start with the earliest message present in the log rather than the latest message."),
        .requiredArgument("max-messages", "The maximum number of messages to consume before exiting. If not set, consumption is continual.", describedAs: "num_messages", type: .integer),
        .requiredArgument("timeout-ms", "If specified, exit if no message is available for consumption for the specified interval.", describedAs: "timeout_ms", type: .long),
        .flag("skip-message-on-error", "If there is an error when processing a message, skip it instead of halt."),
        .requiredArgument("bootstrap-server", "REQUIRED: The server(s) to connect to.", describedAs: "server to connect to"),
        .requiredArgument("key-deserializer", "The name of the class to use for deserializing keys.", describedAs: "deserializer for keys"),
        .requiredArgument("value-deserializer", "The name of the class to use for deserializing values.", describedAs: "deserializer for values"),
        .flag("enable-systest-events", "Log lifecycle events of the consumer in addition to logging consumed messages. (This is specific for system tests.)"),
        .requiredArgument("isolation-level", "Set to read_committed in order to filter out transactional messages which are not committed. Set to read_uncommitted to read all messages.", default: ["read_uncommitted"]),
        .requiredArgument("group", "The consumer group id of the consumer.", describedAs: "consumer group id"),
    ]

    /// Where consumption starts with `--partition`.
    enum StartOffset: Equatable {
        case earliest, latest
        case offset(Int64)
    }

    enum Formatter: Equatable {
        case standard, logging, noOp
    }

    let commandLine: JoptCommandLine
    let topic: String?
    let include: String?
    let partition: Int32?
    let startOffset: StartOffset
    let maxMessages: Int?
    let timeoutMs: Int64?
    let consumerProperties: [String: String]
    let formatter: DefaultMessageFormatter
    let formatterKind: Formatter

    init(arguments: [String], console: ToolConsole, randomGroup: () -> Int = { Int.random(in: 0..<100_000) }) throws {
        do throws(JoptError) {
            commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        } catch {
            throw JoptCommandLine.usageAndExit(error.message, options: Self.declarations, console: console)
        }
        let cl = commandLine
        do {
            try cl.maybePrintHelpOrVersion(Self.usageMessage)
            // `CommandLineUtils.checkOneOfArgs`.
            if cl.has("topic") == cl.has("include") {
                throw cl.usageAndExit("Exactly one of --include/--topic is required. ")
            }
            partition = try cl.options.value(of: "partition", as: Int32.self)
            if partition != nil {
                if !cl.has("topic") { throw cl.usageAndExit("The topic is required when partition is specified.") }
                if cl.has("from-beginning") && cl.has("offset") {
                    throw cl.usageAndExit("Options from-beginning and offset cannot be specified together.")
                }
            } else if cl.has("offset") {
                throw cl.usageAndExit("The partition is required when offset is specified.")
            }
            try cl.checkRequiredArgs("bootstrap-server")
            topic = try cl.options.value(of: "topic")
            include = try cl.options.value(of: "include")
            maxMessages = try cl.options.value(of: "max-messages", as: Int32.self).map(Int.init)
            timeoutMs = try cl.options.value(of: "timeout-ms", as: Int64.self).flatMap { $0 >= 0 ? $0 : nil }
        } catch let error as JoptError {
            throw cl.usageAndExit(error.message)
        }

        var fileProperties: [String: String] = [:]
        if let file = try cl.options.value(of: "consumer.config") {
            let loaded = try JavaProperties.load(contentsOf: file)
            for key in loaded.keys { fileProperties[key] = loaded[key] }
        }
        let extra = ToolClientConfig.parseKeyValues(cl.options.values(of: "consumer-property"))
        // Group ids from every place, in Kafka's order of detection; all must agree.
        var groupIds: [String] = []
        for id in [try cl.options.value(of: "group"), fileProperties["group.id"], extra["group.id"]].compactMap({ $0 })
        where !groupIds.contains(id) {
            groupIds.append(id)
        }
        if groupIds.count > 1 {
            throw cl.usageAndExit("The group ids provided in different places (directly using '--group', via '--consumer-property', or via '--consumer.config') do not match. Detected group ids: " + groupIds.map { "'\($0)'" }.joined(separator: ", "))
        }
        if !groupIds.isEmpty && partition != nil {
            throw cl.usageAndExit("Options group and partition cannot be specified together.")
        }
        var properties = fileProperties
        for (key, value) in extra { properties[key] = value }
        let fromBeginning = cl.has("from-beginning")
        if let reset = properties["auto.offset.reset"] {
            if fromBeginning && reset != "earliest" {
                console.printlnError("Can't simultaneously specify --from-beginning and 'auto.offset.reset=\(reset)', please remove one option")
                throw ToolExit.failure
            }
        } else {
            properties["auto.offset.reset"] = fromBeginning ? "earliest" : "latest"
        }
        properties["bootstrap.servers"] = try cl.options.value(of: "bootstrap-server")
        if properties["client.id"] == nil { properties["client.id"] = "console-consumer" }
        if cl.has("isolation-level") || properties["isolation.level"] == nil {
            properties["isolation.level"] = try cl.options.value(of: "isolation-level")
        }
        if let group = groupIds.first {
            properties["group.id"] = group
        } else {
            properties["group.id"] = "console-consumer-\(randomGroup())"
            if properties["enable.auto.commit"] == nil { properties["enable.auto.commit"] = "false" }
        }
        consumerProperties = properties

        if let text = try cl.options.value(of: "offset") {
            switch text.lowercased() {
            case "earliest": startOffset = .earliest
            case "latest": startOffset = .latest
            default:
                guard let value = Int64(text), value >= 0 else {
                    throw cl.usageAndExit("The provided offset value '\(text)' is incorrect. Valid values are 'earliest', 'latest', or a non-negative long.")
                }
                startOffset = .offset(value)
            }
        } else {
            startOffset = fromBeginning ? .earliest : .latest
        }

        let formatterClass = (try cl.options.value(of: "formatter")) ?? Self.defaultFormatter
        switch formatterClass {
        case Self.defaultFormatter: formatterKind = .standard
        case "org.apache.kafka.tools.consumer.LoggingMessageFormatter": formatterKind = .logging
        case "org.apache.kafka.tools.consumer.NoOpMessageFormatter": formatterKind = .noOp
        default: throw cl.usageAndExit(formatterClass)
        }
        var formatterProperties: [String: String] = [:]
        if let file = try cl.options.value(of: "formatter-config") {
            let loaded = try JavaProperties.load(contentsOf: file)
            for key in loaded.keys { formatterProperties[key] = loaded[key] }
        }
        if let name = try cl.options.value(of: "key-deserializer"), !name.isEmpty { formatterProperties["key.deserializer"] = name }
        if let name = try cl.options.value(of: "value-deserializer"), !name.isEmpty { formatterProperties["value.deserializer"] = name }
        for (key, value) in ToolClientConfig.parseKeyValues(cl.options.values(of: "property")) { formatterProperties[key] = value }
        do throws(DefaultMessageFormatter.ConfigError) {
            formatter = try DefaultMessageFormatter(properties: formatterProperties)
        } catch {
            throw cl.usageAndExit(error.message)
        }
    }

    var skipMessageOnError: Bool { commandLine.has("skip-message-on-error") }
    var enableSystestEvents: Bool { commandLine.has("enable-systest-events") }
}
