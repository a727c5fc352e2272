import KafkaStorage

/// `ConsoleConsumerOptions` (Kafka 4.0): options, checks in Kafka's order, consumer properties.
struct ConsoleConsumerOptions {
    static let usageMessage = "This tool helps to read data from Kafka topics and outputs it to standard output."
    static let defaultFormatter = "org.apache.kafka.tools.consumer.DefaultMessageFormatter"

    static let declarations: [JoptOption] = [
        .requiredArgument("topic", "The topic to read from.", describedAs: "topic"),
        .requiredArgument("include", "A regular expression: read from every topic whose name matches it.", describedAs: "Java regex (String)"),
        .requiredArgument("partition", "Read only this partition, from its end unless --offset says otherwise.", describedAs: "partition", type: .integer),
        .requiredArgument("offset", "Where to start reading --partition: an offset (0 or more), earliest, or latest.", describedAs: "consume offset", default: ["latest"]),
        .requiredArgument("consumer-property", "A key=value consumer setting, such as fetch.min.bytes=1; repeat it to set several.", describedAs: "consumer_prop"),
        .requiredArgument("consumer.config", "A properties file of consumer settings; --consumer-property wins over it.", describedAs: "config file"),
        .requiredArgument("formatter", "The class that prints each record. Kafka's DefaultMessageFormatter, LoggingMessageFormatter and NoOpMessageFormatter are built in.", describedAs: "class", default: [defaultFormatter]),
        .requiredArgument("property", "A key=value setting of the formatter; repeat it to set several. The default formatter knows:\n print.timestamp, print.key, print.offset, print.epoch,\n print.partition, print.headers, print.value (true or false)\n key.separator, line.separator, headers.separator, null.literal\n key.deserializer, value.deserializer, header.deserializer\nSettings starting with key.deserializer., value.deserializer. or headers.deserializer. go to that deserializer.", describedAs: "prop"),
        .requiredArgument("formatter-config", "A properties file of formatter settings; --property wins over it.", describedAs: "config file"),
        .flag("from-beginning", "When there is no committed offset, start at the earliest record instead of the end."),
        .requiredArgument("max-messages", "Stop after this many records; without it, read until interrupted.", describedAs: "num_messages", type: .integer),
        .requiredArgument("timeout-ms", "Stop when no record arrives for this many milliseconds.", describedAs: "timeout_ms", type: .long),
        .flag("skip-message-on-error", "Skip a record that cannot be printed instead of stopping."),
        .requiredArgument("bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].", describedAs: "server to connect to"),
        .requiredArgument("key-deserializer", "The class that turns key bytes into text.", describedAs: "deserializer for keys"),
        .requiredArgument("value-deserializer", "The class that turns value bytes into text.", describedAs: "deserializer for values"),
        .flag("enable-systest-events", "Also log the consumer's lifecycle events (meant for Kafka's system tests)."),
        .requiredArgument("isolation-level", "read_committed hides the records of open and aborted transactions; read_uncommitted shows them all.", default: ["read_uncommitted"]),
        .requiredArgument("group", "Read as a member of this consumer group, which keeps its offsets.", describedAs: "consumer group id"),
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
