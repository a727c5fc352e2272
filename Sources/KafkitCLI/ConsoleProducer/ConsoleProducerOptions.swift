import KafkaStorage

/// `ConsoleProducer.ConsoleProducerConfig` (Kafka 4.0): the options, their checks and the
/// producer and reader properties they build.
struct ConsoleProducerOptions {
    static let usageMessage = "This tool helps to read data from standard input and publish it to Kafka."

    static let declarations: [JoptOption] = [
        .requiredArgument("topic", "Required: the topic to send the records to.", describedAs: "topic"),
        .requiredArgument("bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].", describedAs: "server to connect to"),
        .flag("sync", "Send each record on its own and wait for the broker's answer before reading the next line."),
        .optionalArgument("compression-codec", "Compress the batches with none, gzip, snappy, lz4 or zstd; given without a value, gzip.", describedAs: "compression-codec"),
        .requiredArgument("batch-size", "The size in bytes of a partition's batch (batch.size) when sending asynchronously; --max-partition-memory-bytes wins over it.", describedAs: "size", type: .integer, default: ["16384"]),
        .requiredArgument("message-send-max-retries", "How many times a failed send is retried before the record is given up (the producer's retries).", type: .integer, default: ["3"]),
        .requiredArgument("retry-backoff-ms", "How long to wait before a retry, in ms; the metadata is refreshed first, as a new leader may take a moment (retry.backoff.ms).", type: .long, default: ["100"]),
        .requiredArgument("timeout", "How long, in ms, a record may wait for its batch to fill up when sending asynchronously (linger.ms).", describedAs: "timeout_ms", type: .long, default: ["1000"]),
        .requiredArgument("request-required-acks", "The acknowledgement the producer asks for: 0, 1, or -1 (all in-sync replicas) (acks).", describedAs: "request required acks", default: ["-1"]),
        .requiredArgument("request-timeout-ms", "How long to wait for the broker to answer a produce request, in ms; more than 0 (request.timeout.ms).", describedAs: "request timeout ms", type: .integer, default: ["1500"]),
        .requiredArgument("metadata-expiry-ms", "Refresh the cluster metadata at least this often, in ms, even with no leader change (metadata.max.age.ms).", describedAs: "metadata expiration interval", type: .long, default: ["300000"]),
        .requiredArgument("max-block-ms", "How long a send may block waiting for metadata or buffer space, in ms (max.block.ms).", describedAs: "max block on send", type: .long, default: ["60000"]),
        .requiredArgument("max-memory-bytes", "The memory for records waiting to be sent, in bytes (buffer.memory).", describedAs: "total memory in bytes", type: .long, default: ["33554432"]),
        .requiredArgument("max-partition-memory-bytes", "The size in bytes of a partition's batch: records are grouped until a batch is this full (batch.size).", describedAs: "memory in bytes per partition", type: .integer, default: ["16384"]),
        .requiredArgument("line-reader", "The class that turns standard input into records. kafkit has Kafka's default, which reads one record per line.", describedAs: "reader_class", default: [lineReaderClass]),
        .requiredArgument("socket-buffer-size", "The TCP send buffer size, in bytes (send.buffer.bytes).", describedAs: "size", type: .integer, default: ["102400"]),
        .requiredArgument("property", "A key=value setting of the line reader; repeat it to set several. The settings, with their defaults:\n parse.key=false         each line starts with a key\n parse.headers=false     each line starts with headers\n key.separator=\\t        between the key and the value\n headers.delimiter=\\t    between the headers and the rest\n headers.separator=,     between two headers\n headers.key.separator=: between a header's key and its value\n ignore.error=false      accept lines that lack a separator\n null.marker=            a key, value or header equal to it is sent as null\nA line with parse.headers=true and parse.key=true reads \"h1:v1,h2:v2\\tkey\\tvalue\".", describedAs: "prop"),
        .requiredArgument("reader-config", "A properties file of line reader settings; --property wins over it.", describedAs: "config file"),
        .requiredArgument("producer-property", "A key=value producer setting, such as acks=all or linger.ms=5; repeat it to set several.", describedAs: "producer_prop"),
        .requiredArgument("producer.config", "A properties file of producer settings; --producer-property wins over it.", describedAs: "config file"),
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
