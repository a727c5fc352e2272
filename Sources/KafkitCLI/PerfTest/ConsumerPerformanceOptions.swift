import Foundation
import KafkaStorage

/// `ConsumerPerformance.ConsumerPerfOptions` (Kafka 4.0): jopt options, checks and the
/// consumer properties. Typed values are converted when read, as jopt's `valueOf` does, so a
/// bad number surfaces at the moment Kafka's tool reads it.
struct ConsumerPerformanceOptions {
    static let usageMessage = "This tool is used to verify the consumer performance."

    static let declarations: [JoptOption] = [
        .requiredArgument("bootstrap-server", "REQUIRED: the broker(s) to connect to, as host:port[,host:port].", describedAs: "server to connect to"),
        .requiredArgument("topic", "REQUIRED: the topic to read.", describedAs: "topic"),
        .requiredArgument("group", "The consumer group to join (a random perf-consumer-NNNNN group by default).", describedAs: "gid"),
        .requiredArgument("fetch-size", "Largest amount of data fetched per partition in one request (max.partition.fetch.bytes).", describedAs: "size", type: .integer, default: ["1048576"]),
        .flag("from-latest", "Without a committed offset, start at the end of the log instead of its beginning."),
        .requiredArgument("socket-buffer-size", "TCP receive buffer size (receive.buffer.bytes).", describedAs: "size", type: .integer, default: ["2097152"]),
        .requiredArgument("consumer.config", "A consumer properties file.", describedAs: "config file"),
        .flag("print-metrics", "Print the client's measurements at the end."),
        .flag("show-detailed-stats", "Print a line per reporting interval (see --reporting-interval) instead of one summary."),
        .optionalArgument("timeout", "Give up when no record has arrived for this many milliseconds.", describedAs: "milliseconds", type: .long, default: ["10000"]),
        .requiredArgument("messages", "REQUIRED: how many records to read.", describedAs: "count", type: .long),
        .requiredArgument("reporting-interval", "Milliseconds between progress lines of --show-detailed-stats.", describedAs: "interval_ms", type: .long, default: ["5000"]),
        .requiredArgument("date-format", "How times are printed, as a java.text.SimpleDateFormat pattern.", describedAs: "date format", default: ["yyyy-MM-dd HH:mm:ss:SSS"]),
        .flag("hide-header", "Do not print the column header."),
    ]

    let commandLine: JoptCommandLine
    let groupId: String

    init(arguments: [String], console: ToolConsole, randomGroup: () -> Int = { Int.random(in: 0..<100_000) }) throws {
        do throws(JoptError) {
            commandLine = try JoptCommandLine(arguments: arguments, options: Self.declarations, console: console)
        } catch {
            throw JoptCommandLine.usageAndExit(error.message, options: Self.declarations, console: console)
        }
        try commandLine.maybePrintHelpOrVersion(Self.usageMessage)
        try commandLine.checkRequiredArgs("topic", "messages")
        groupId = (try? commandLine.options.value(of: "group")) ?? nil ?? "perf-consumer-\(randomGroup())"
    }

    var printMetrics: Bool { commandLine.has("print-metrics") }
    var showDetailedStats: Bool { commandLine.has("show-detailed-stats") }
    var hideHeader: Bool { commandLine.has("hide-header") }
    var topic: String { ((try? commandLine.options.value(of: "topic")) ?? nil) ?? "" }

    func numMessages() throws -> Int64 { try commandLine.options.value(of: "messages", as: Int64.self) ?? 0 }
    func recordFetchTimeoutMs() throws -> Int64 { try commandLine.options.value(of: "timeout", as: Int64.self) ?? 10_000 }

    func reportingIntervalMs() throws -> Int64 {
        let value = try commandLine.options.value(of: "reporting-interval", as: Int64.self) ?? 5000
        if value <= 0 {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Reporting interval must be greater than 0.")
        }
        return value
    }

    func dateFormat() throws -> SimpleDateFormat {
        let pattern = try commandLine.options.value(of: "date-format") ?? "yyyy-MM-dd HH:mm:ss:SSS"
        do {
            return try SimpleDateFormat(pattern)
        } catch {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: error.message)
        }
    }

    /// `props()`: the file, then the tool's settings on top.
    func properties() throws -> [String: String] {
        var properties: [String: String] = [:]
        if let file = try commandLine.options.value(of: "consumer.config") {
            let loaded: JavaProperties
            do {
                loaded = try JavaProperties.load(contentsOf: file)
            } catch let error as JavaPropertiesError {
                throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: error.description)
            } catch {
                throw JavaIO.openFailure(path: file, errno: ProducerPerformanceConfig.errnoOfOpen(file), opener: .readAllBytes)
            }
            for key in loaded.keys { properties[key] = loaded[key] }
        }
        // Hashtable.put(key, null) throws: a missing --bootstrap-server fails here.
        guard let servers = try commandLine.options.value(of: "bootstrap-server") else {
            throw UncaughtJavaException(className: "java.lang.NullPointerException", message: nil)
        }
        properties["bootstrap.servers"] = servers
        properties["group.id"] = groupId
        properties["receive.buffer.bytes"] = String(try commandLine.options.value(of: "socket-buffer-size", as: Int32.self) ?? 2_097_152)
        properties["max.partition.fetch.bytes"] = String(try commandLine.options.value(of: "fetch-size", as: Int32.self) ?? 1_048_576)
        properties["auto.offset.reset"] = commandLine.has("from-latest") ? "latest" : "earliest"
        properties["key.deserializer"] = "org.apache.kafka.common.serialization.ByteArrayDeserializer"
        properties["value.deserializer"] = "org.apache.kafka.common.serialization.ByteArrayDeserializer"
        properties["check.crcs"] = "false"
        if properties["client.id"] == nil { properties["client.id"] = "perf-consumer-client" }
        return properties
    }
}
