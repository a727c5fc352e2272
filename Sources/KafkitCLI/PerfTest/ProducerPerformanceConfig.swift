import Foundation
import KafkaStorage

/// `ProducerPerformance.argParser()` and `ConfigPostProcessor` (Kafka 4.0): the argparse4j
/// command line, its extra checks (reported like parse errors), the payload file and the
/// producer properties.
struct ProducerPerformanceConfig {
    static let prog = "producer-performance"
    static let defaultTransactionIdPrefix = "performance-producer-"
    static let defaultTransactionDurationMs: Int64 = 3000

    static func makeParser() -> ArgParse4jParser {
        let parser = ArgParse4jParser(prog: prog)
        parser.defaultHelp = true
        parser.description = "Measures how fast a producer can send records: it sends --num-records records of a "
            + "chosen size (or taken from a payload file) to a topic, optionally capped at --throughput records per "
            + "second, and reports throughput and latency. Transactions are requested with --transactional-id, "
            + "--transaction-duration-ms or a transactional.id producer property."
        let payload = parser.addMutuallyExclusiveGroup(required: true)
        parser.addArgument("--topic", action: .store, required: true, help: "the topic the records are sent to", metavar: "TOPIC")
        parser.addArgument(
            "--num-records", action: .store, required: true, help: "how many records to send", type: .long,
            metavar: "NUM-RECORDS")
        parser.addArgument(
            "--record-size", action: .store,
            help: "size of each record's value in bytes (random uppercase letters). Give exactly one of --record-size, --payload-file and --payload-monotonic.",
            mutexGroup: payload, type: .integer, metavar: "RECORD-SIZE")
        parser.addArgument(
            "--payload-file", action: .store,
            help: "a UTF-8 text file whose entries, split by --payload-delimiter, are used as record values, one picked at random per record. Give exactly one of --record-size, --payload-file and --payload-monotonic.",
            mutexGroup: payload, metavar: "PAYLOAD-FILE")
        parser.addArgument(
            "--payload-monotonic", action: .storeTrue,
            help: "use the record's sequence number (0, 1, 2, ...) as its value. Give exactly one of --record-size, --payload-file and --payload-monotonic.",
            mutexGroup: payload, metavar: "PAYLOAD-MONOTONIC")
        parser.addArgument(
            "--payload-delimiter", action: .store,
            help: "the regular expression separating entries of --payload-file; \\n stands for a newline. Ignored without --payload-file.",
            metavar: "PAYLOAD-DELIMITER", defaultValue: "\\n")
        parser.addArgument(
            "--throughput", action: .store, required: true,
            help: "upper limit on records sent per second (approximate); -1 sends as fast as possible", type: .double,
            metavar: "THROUGHPUT")
        parser.addArgument(
            "--producer-props", action: .store,
            help: "producer settings as key=value pairs, for instance bootstrap.servers=host:9092; they override --producer.config",
            oneOrMore: true, metavar: "PROP-NAME=PROP-VALUE")
        parser.addArgument("--producer.config", action: .store, help: "a producer properties file", metavar: "CONFIG-FILE")
        parser.addArgument(
            "--print-metrics", action: .storeTrue, help: "print the client's measurements after the summary",
            metavar: "PRINT-METRICS")
        parser.addArgument(
            "--transactional-id", action: .store,
            help: "send inside transactions with this transactional id (it overrides a transactional.id property); with only --transaction-duration-ms the id is performance-producer- followed by a random UUID",
            metavar: "TRANSACTIONAL-ID")
        parser.addArgument(
            "--transaction-duration-ms", action: .store,
            help: "commit the open transaction once it is this old (> 0 ms); 3000 when transactions are enabled otherwise",
            type: .long, metavar: "TRANSACTION-DURATION")
        return parser
    }

    /// A failure Kafka reports as an `ArgumentParserException` (usage + error, exit 1).
    struct UsageError: Error {
        var message: String
    }

    enum Payload {
        case recordSize(Int)
        case entries([[UInt8]])
        case monotonic
    }

    var topic: String
    var numRecords: Int64
    var throughput: Double
    var payload: Payload
    var producerProperties: [String: String]
    var printMetrics: Bool
    var transactionsEnabled: Bool
    var transactionDurationMs: Int64?

    /// The checks and loading `ConfigPostProcessor` does, in its order. `UsageError` for the
    /// argparse-style failures, `UncaughtJavaException` for the ones Kafka lets escape.
    init(_ namespace: ArgParse4jParser.Namespace, console: ToolConsole) throws {
        topic = namespace.string("topic") ?? ""
        numRecords = namespace.string("num_records").flatMap(JavaNumberParsing.int64) ?? 0
        let recordSize = namespace.string("record_size").flatMap(JavaNumberParsing.int32)
        throughput = namespace.string("throughput").flatMap(JavaNumberParsing.double) ?? -1
        printMetrics = namespace.bool("print_metrics")
        let props = namespace.list("producer_props")
        let configFile = namespace.string("producer.config")
        let payloadFile = namespace.string("payload_file")
        var transactionDurationMs = namespace.string("transaction_duration_ms").flatMap(JavaNumberParsing.int64)
        let transactionalIdArgument = namespace.string("transactional_id")
        if numRecords <= 0 { throw UsageError(message: "--num-records should be greater than zero") }
        if let recordSize, recordSize <= 0 { throw UsageError(message: "--record-size should be greater than zero") }
        if props == nil && configFile == nil {
            throw UsageError(message: "Either --producer-props or --producer.config must be specified.")
        }
        if let duration = transactionDurationMs, duration <= 0 {
            throw UsageError(message: "--transaction-duration-ms should be greater than zero")
        }
        let delimiterOption = namespace.string("payload_delimiter") ?? "\\n"
        let delimiter = delimiterOption == "\\n" ? "\n" : delimiterOption
        if let recordSize {
            payload = .recordSize(Int(recordSize))
        } else if let payloadFile {
            payload = .entries(try Self.readPayloadFile(payloadFile, delimiter: delimiter, console: console))
        } else {
            payload = .monotonic
        }
        producerProperties = try Self.readProps(props, configFile: configFile)
        transactionsEnabled = transactionDurationMs != nil || transactionalIdArgument != nil
            || producerProperties["transactional.id"] != nil
        if transactionsEnabled {
            producerProperties["transactional.id"] = transactionalIdArgument ?? producerProperties["transactional.id"]
                ?? Self.defaultTransactionIdPrefix + UUID().uuidString.lowercased()
            if transactionDurationMs == nil { transactionDurationMs = Self.defaultTransactionDurationMs }
        }
        self.transactionDurationMs = transactionDurationMs
    }

    /// `readProps`: the file first, then each `k=v` (Java's `split("=")`, which must give
    /// exactly two pieces), then the forced serializers and client id.
    static func readProps(_ props: [String]?, configFile: String?) throws -> [String: String] {
        var properties: [String: String] = [:]
        if let configFile {
            let loaded: JavaProperties
            do {
                loaded = try JavaProperties.load(contentsOf: configFile)
            } catch let error as JavaPropertiesError {
                throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: error.description)
            } catch {
                throw JavaIO.openFailure(path: configFile, errno: Self.errnoOfOpen(configFile), opener: .readAllBytes)
            }
            for key in loaded.keys { properties[key] = loaded[key] }
        }
        for prop in props ?? [] {
            let pieces = javaSplit(prop, on: "=")
            guard pieces.count == 2 else {
                throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Invalid property: \(prop)")
            }
            properties[pieces[0]] = pieces[1]
        }
        properties["key.serializer"] = "org.apache.kafka.common.serialization.ByteArraySerializer"
        properties["value.serializer"] = "org.apache.kafka.common.serialization.ByteArraySerializer"
        if properties["client.id"] == nil { properties["client.id"] = "perf-producer-client" }
        return properties
    }

    /// Why opening `path` fails (for the exception Java would throw).
    static func errnoOfOpen(_ path: String) -> Int32 {
        let fd = open(path, O_RDONLY)
        if fd >= 0 {
            close(fd)
            return EISDIR
        }
        return errno
    }

    /// Java's `String.split(literal)`: trailing empty strings are removed.
    static func javaSplit(_ text: String, on separator: Character) -> [String] {
        var pieces = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        while let last = pieces.last, last.isEmpty { pieces.removeLast() }
        return pieces
    }

    /// `readPayloadFile`: prints where it reads from and how many entries it found.
    static func readPayloadFile(_ path: String, delimiter: String, console: ToolConsole) throws -> [[UInt8]] {
        let absolute = path.hasPrefix("/") ? path : FileManager.default.currentDirectoryPath + "/" + path
        console.printlnFlushed("Reading payloads from: \(absolute)")
        var info = stat()
        guard stat(path, &info) == 0, info.st_size > 0 else {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "File does not exist or empty file provided.")
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let code = errnoOfOpen(path)
            throw UncaughtJavaException(className: "java.io.IOException", message: String(cString: strerror(code)))
        }
        let text = String(decoding: data, as: UTF8.self)
        let entries: [[UInt8]]
        do {
            entries = try PayloadScanner.tokens(of: text, delimiter: delimiter).map { Array($0.utf8) }
        } catch {
            throw UncaughtJavaException(className: "java.util.regex.PatternSyntaxException", message: "\(error)")
        }
        console.println("Number of messages read: \(entries.count)")
        return entries
    }
}

/// `java.util.Scanner` with `useDelimiter(regex)`: before each token one delimiter match at the
/// current position is skipped; a token runs to the next match (empty tokens between two
/// delimiters count); input ending right after a delimiter has no further token.
enum PayloadScanner {
    static func tokens(of text: String, delimiter: String) throws -> [String] {
        if delimiter == "\n" { return literalTokens(of: text, delimiter: "\n") }
        let regex = try NSRegularExpression(pattern: delimiter)
        let source = text as NSString
        var tokens: [String] = []
        var position = 0
        let length = source.length
        while position < length {
            if let skip = regex.firstMatch(in: text, options: [.anchored], range: NSRange(location: position, length: length - position)),
               skip.range.length > 0 {
                position = skip.range.location + skip.range.length
            }
            guard position < length else { break }
            var searchFrom = position
            var end = length
            while searchFrom <= length,
                  let next = regex.firstMatch(in: text, range: NSRange(location: searchFrom, length: length - searchFrom)) {
                if next.range.length == 0 {
                    // A zero-length match at the token start delimits nothing; look further.
                    if next.range.location == position {
                        searchFrom = next.range.location + 1
                        continue
                    }
                }
                end = next.range.location
                break
            }
            tokens.append(source.substring(with: NSRange(location: position, length: end - position)))
            position = end
        }
        return tokens
    }

    static func literalTokens(of text: String, delimiter: Character) -> [String] {
        var tokens = text.split(separator: delimiter, omittingEmptySubsequences: false).map(String.init)
        // One leading delimiter is skipped; a trailing one ends the input.
        if text.first == delimiter { tokens.removeFirst() }
        if text.last == delimiter, !tokens.isEmpty { tokens.removeLast() }
        return tokens
    }
}
