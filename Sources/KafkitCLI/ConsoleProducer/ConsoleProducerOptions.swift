import KafkaStorage

/// `ConsoleProducer.ConsoleProducerConfig` (Kafka 4.0): the options, their checks and the
/// producer and reader properties they build.
struct ConsoleProducerOptions {
    static let usageMessage = "This tool helps to read data from standard input and publish it to Kafka."

    static let declarations: [JoptOption] = [
        .requiredArgument("topic", "REQUIRED: The topic id to produce messages to.", describedAs: "topic"),
        .requiredArgument("bootstrap-server", "REQUIRED: The server(s) to connect to. The broker list string in the form HOST1:PORT1,HOST2:PORT2.", describedAs: "server to connect to"),
        .flag("sync", "If set message send requests to the brokers are synchronously, one at a time as they arrive."),
        .optionalArgument("compression-codec", "The compression codec: either 'none', 'gzip', 'snappy', 'lz4', or 'zstd'.If specified without value, then it defaults to 'gzip'", describedAs: "compression-codec"),
        .requiredArgument("batch-size", "Number of messages to send in a single batch if they are not being sent synchronously. please note that this option will be replaced if max-partition-memory-bytes is also set", describedAs: "size", type: .integer, default: ["16384"]),
        .requiredArgument("message-send-max-retries", "Brokers can fail receiving the message for multiple reasons, and being unavailable transiently is just one of them. This property specifies the number of retries before the producer give up and drop this message. This is the option to control `retries` in producer configs.", type: .integer, default: ["3"]),
        .requiredArgument("retry-backoff-ms", "Before each retry, the producer refreshes the metadata of relevant topics. Since leader election takes a bit of time, this property specifies the amount of time that the producer waits before refreshing the metadata. This is the option to control `retry.backoff.ms` in producer configs.", type: .long, default: ["100"]),
        .requiredArgument("timeout", "If set and the producer is running in asynchronous mode, this gives the maximum amount of time a message will queue awaiting sufficient batch size. The value is given in ms. This is the option to control `linger.ms` in producer configs.", describedAs: "timeout_ms", type: .long, default: ["1000"]),
        .requiredArgument("request-required-acks", "The required `acks` of the producer requests", describedAs: "request required acks", default: ["-1"]),
        .requiredArgument("request-timeout-ms", "The ack timeout of the producer requests. Value must be non-negative and non-zero.", describedAs: "request timeout ms", type: .integer, default: ["1500"]),
        .requiredArgument("metadata-expiry-ms", "The period of time in milliseconds after which we force a refresh of metadata even if we haven't seen any leadership changes. This is the option to control `metadata.max.age.ms` in producer configs.", describedAs: "metadata expiration interval", type: .long, default: ["300000"]),
        .requiredArgument("max-block-ms", "The max time that the producer will block for during a send request.", describedAs: "max block on send", type: .long, default: ["60000"]),
        .requiredArgument("max-memory-bytes", "The total memory used by the producer to buffer records waiting to be sent to the server. This is the option to control `buffer.memory` in producer configs.", describedAs: "total memory in bytes", type: .long, default: ["33554432"]),
        .requiredArgument("max-partition-memory-bytes", "The buffer size allocated for a partition. When records are received which are smaller than this size the producer will attempt to optimistically group them together until this size is reached. This is the option to control `batch.size` in producer configs.", describedAs: "memory in bytes per partition", type: .integer, default: ["16384"]),
        .requiredArgument("line-reader", "The class name of the class to use for reading lines from standard in. By default each line is read as a separate message.", describedAs: "reader_class", default: [lineReaderClass]),
        .requiredArgument("socket-buffer-size", "The size of the tcp RECV size. This is the option to control `send.buffer.bytes` in producer configs.", describedAs: "size", type: .integer, default: ["102400"]),
        .requiredArgument("property", "A mechanism to pass user-defined properties in the form key=value to the message reader. This allows custom configuration for a user-defined message reader.Default properties include:\n parse.key=false\n parse.headers=false\n ignore.error=false\n key.separator=\\t\n headers.delimiter=\\t\n headers.separator=,\n headers.key.separator=:\n null.marker=   When set, any fields (key, value and headers) equal to this will be replaced by null\nDefault parsing pattern when:\n parse.headers=true and parse.key=true:\n  \"h1:v1,h2:v2...\\tkey\\tvalue\"\n parse.key=true:\n  \"key\\tvalue\"\n parse.headers=true:\n  \"h1:v1,h2:v2...\\tvalue\"", describedAs: "prop"),
        .requiredArgument("reader-config", "Config properties file for the message reader. Note that [property] takes precedence over this config.", describedAs: "config file"),
        .requiredArgument("producer-property", "A mechanism to pass user-defined properties in the form key=value to the producer. ", describedAs: "producer_prop"),
        .requiredArgument("producer.config", "Producer config properties file. Note that [producer-property] takes precedence over this config.", describedAs: "config file"),
    ]

    static let lineReaderClass = "org.apache.kafka.tools.LineMessageReader"

    /// Each CLI option that maps to a producer config (`CommandLineUtils.maybeMergeOptions`).
    static let mergedOptions: [(config: String, option: String)] = [
        ("linger.ms", "timeout"), ("acks", "request-required-acks"), ("request.timeout.ms", "request-timeout-ms"),
        ("retries", "message-send-max-retries"), ("retry.backoff.ms", "retry-backoff-ms"),
        ("send.buffer.bytes", "socket-buffer-size"), ("buffer.memory", "max-memory-bytes"),
        ("batch.size", "batch-size"), ("batch.size", "max-partition-memory-bytes"),
        ("metadata.max.age.ms", "metadata-expiry-ms"), ("max.block.ms", "max-block-ms"),
    ]

    let commandLine: JoptCommandLine

    /// Parses and validates in Kafka's order; usage errors end the run with `ToolExit`.
    init(arguments: [String], console: ToolConsole) throws {
        do throws(JoptError) {
            commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        } catch {
            throw JoptCommandLine.usageAndExit(error.message, options: Self.declarations, console: console)
        }
        try commandLine.maybePrintHelpOrVersion(Self.usageMessage)
        try commandLine.checkRequiredArgs("topic")
        if let message = Self.bootstrapServerProblem(try commandLine.options.value(of: "bootstrap-server")) {
            throw commandLine.usageAndExit(message)
        }
    }

    /// `ToolsUtils.validateBootstrapServer`: its messages end with a newline of their own.
    static func bootstrapServerProblem(_ servers: String?) -> String? {
        guard let servers, !servers.trimmingJavaWhitespace.isEmpty else {
            return "Error while validating the bootstrap address\n"
        }
        let entries = servers.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        // Java's `split` drops trailing empty pieces.
        var pieces = entries
        while pieces.count > 1, pieces.last?.isEmpty == true { pieces.removeLast() }
        let valid = pieces.filter { hasPort($0) }
        if valid.isEmpty || valid.count != pieces.count {
            return "Please provide valid host:port like host1:9091,host2:9092\n"
        }
        return nil
    }

    /// `Utils.getPort` finds digits after the last `:`.
    static func hasPort(_ entry: String) -> Bool {
        guard let colon = entry.lastIndex(of: ":") else { return false }
        let port = entry[entry.index(after: colon)...]
        return !port.isEmpty && port.allSatisfy { $0.isASCII && $0.isNumber }
    }

    var topic: String { (try? commandLine.options.value(of: "topic")) ?? "" }
    var sync: Bool { commandLine.has("sync") }

    var compressionCodec: String {
        guard commandLine.has("compression-codec") else { return "none" }
        let value = (try? commandLine.options.value(of: "compression-codec")) ?? nil
        return value.map { $0.isEmpty ? "gzip" : $0 } ?? "gzip"
    }

    var readerClass: String { ((try? commandLine.options.value(of: "line-reader")) ?? nil) ?? Self.lineReaderClass }

    func readerProperties() throws -> [String: String] {
        var properties: [String: String] = [:]
        if let file = try commandLine.options.value(of: "reader-config") {
            let loaded = try JavaProperties.load(contentsOf: file)
            for key in loaded.keys { properties[key] = loaded[key] }
        }
        properties["topic"] = topic
        for (key, value) in ToolClientConfig.parseKeyValues(commandLine.options.values(of: "property")) {
            properties[key] = value
        }
        return properties
    }

    func producerProperties() throws -> [String: String] {
        var properties: [String: String] = [:]
        if let file = try commandLine.options.value(of: "producer.config") {
            let loaded = try JavaProperties.load(contentsOf: file)
            for key in loaded.keys { properties[key] = loaded[key] }
        }
        for (key, value) in ToolClientConfig.parseKeyValues(commandLine.options.values(of: "producer-property")) {
            properties[key] = value
        }
        properties["bootstrap.servers"] = try commandLine.options.value(of: "bootstrap-server")
        properties["compression.type"] = compressionCodec
        if properties["client.id"] == nil { properties["client.id"] = "console-producer" }
        for (config, option) in Self.mergedOptions where commandLine.has(option) || properties[config] == nil {
            properties[config] = try commandLine.options.value(of: option)
        }
        return properties
    }
}
