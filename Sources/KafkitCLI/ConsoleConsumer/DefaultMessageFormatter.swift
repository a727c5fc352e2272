import KafkaClient
import KafkaProtocol
import NIOCore

/// Kafka's `DefaultMessageFormatter`: the printed fields in fixed order (timestamp, partition,
/// offset, delivery, epoch, headers, key, value), each followed by `key.separator` when a later
/// field is printed, else by `line.separator`. Bytes are copied as they are.
struct DefaultMessageFormatter: Sendable {
    struct ConfigError: Error, Sendable { let message: String }

    /// How a key, value or header value is turned into text (`Deserializer.toString`).
    enum Deserializer: Sendable {
        case bytes, integer, long, short

        init(className: String) throws(ConfigError) {
            switch className.trimmingJavaWhitespace {
            case "org.apache.kafka.common.serialization.StringDeserializer",
                 "org.apache.kafka.common.serialization.ByteArrayDeserializer": self = .bytes
            case "org.apache.kafka.common.serialization.IntegerDeserializer": self = .integer
            case "org.apache.kafka.common.serialization.LongDeserializer": self = .long
            case "org.apache.kafka.common.serialization.ShortDeserializer": self = .short
            default: throw ConfigError(message: className)
            }
        }

        func write(_ bytes: ByteBuffer, into output: inout [UInt8]) throws(ConfigError) {
            let view = bytes.readableBytesView
            func number(_ width: Int) throws(ConfigError) -> Int64 {
                guard view.count == width else {
                    throw ConfigError(message: "Size of data received by \(name) is not \(width)")
                }
                var value: Int64 = 0
                for byte in view { value = value << 8 | Int64(byte) }
                return value
            }
            switch self {
            case .bytes: output.append(contentsOf: view)
            case .integer: output.append(contentsOf: String(Int32(truncatingIfNeeded: try number(4))).utf8)
            case .long: output.append(contentsOf: String(try number(8)).utf8)
            case .short: output.append(contentsOf: String(Int16(truncatingIfNeeded: try number(2))).utf8)
            }
        }

        var name: String {
            switch self {
            case .bytes: "StringDeserializer"
            case .integer: "IntegerDeserializer"
            case .long: "LongDeserializer"
            case .short: "ShortDeserializer"
            }
        }
    }

    var printTimestamp = false
    var printKey = false
    var printOffset = false
    var printPartition = false
    var printHeaders = false
    var printValue = true
    var printDelivery = false
    var printEpoch = false
    var keySeparator: [UInt8] = Array("\t".utf8)
    var lineSeparator: [UInt8] = Array("\n".utf8)
    var headersSeparator: [UInt8] = Array(",".utf8)
    var nullLiteral: [UInt8] = Array("null".utf8)
    var keyDeserializer = Deserializer.bytes
    var valueDeserializer = Deserializer.bytes
    var headersDeserializer = Deserializer.bytes

    init() {}

    /// `configure(configs)`; an unknown deserializer class fails like `Class.forName`.
    init(properties: [String: String]) throws(ConfigError) {
        func flag(_ key: String, _ current: Bool) -> Bool {
            properties[key].map { $0.trimmingJavaWhitespace.lowercased() == "true" } ?? current
        }
        printTimestamp = flag("print.timestamp", printTimestamp)
        printKey = flag("print.key", printKey)
        printOffset = flag("print.offset", printOffset)
        printPartition = flag("print.partition", printPartition)
        printHeaders = flag("print.headers", printHeaders)
        printValue = flag("print.value", printValue)
        printDelivery = flag("print.delivery", printDelivery)
        printEpoch = flag("print.epoch", printEpoch)
        if let text = properties["key.separator"] { keySeparator = Array(text.utf8) }
        if let text = properties["line.separator"] { lineSeparator = Array(text.utf8) }
        if let text = properties["headers.separator"] { headersSeparator = Array(text.utf8) }
        if let text = properties["null.literal"] { nullLiteral = Array(text.utf8) }
        if let name = properties["key.deserializer"] { keyDeserializer = try Deserializer(className: name) }
        if let name = properties["value.deserializer"] { valueDeserializer = try Deserializer(className: name) }
        if let name = properties["headers.deserializer"] { headersDeserializer = try Deserializer(className: name) }
    }

    /// Appends the record's text to `output`.
    func write(_ record: ConsumerRecord, into output: inout [UInt8]) throws(ConfigError) {
        func separator(_ more: Bool) { output.append(contentsOf: more ? keySeparator : lineSeparator) }
        if printTimestamp {
            // v2 batches always carry a timestamp type, so `NO_TIMESTAMP` cannot occur.
            output.append(contentsOf: "\(record.timestampType):\(record.timestamp)".utf8)
            separator(printPartition || printOffset || printDelivery || printEpoch || printHeaders || printKey || printValue)
        }
        if printPartition {
            output.append(contentsOf: "Partition:\(record.partition)".utf8)
            separator(printOffset || printDelivery || printEpoch || printHeaders || printKey || printValue)
        }
        if printOffset {
            output.append(contentsOf: "Offset:\(record.offset)".utf8)
            separator(printDelivery || printEpoch || printHeaders || printKey || printValue)
        }
        if printDelivery {
            // The console consumer's records carry no delivery count (share groups only).
            output.append(contentsOf: "Delivery:NOT_PRESENT".utf8)
            separator(printEpoch || printHeaders || printKey || printValue)
        }
        if printEpoch {
            // The tool copies each record without its leader epoch, so Kafka always prints this.
            output.append(contentsOf: "Epoch:NOT_PRESENT".utf8)
            separator(printHeaders || printKey || printValue)
        }
        if printHeaders {
            if record.headers.isEmpty {
                output.append(contentsOf: "NO_HEADERS".utf8)
            } else {
                var first = true
                for header in record.headers {
                    if !first { output.append(contentsOf: headersSeparator) }
                    first = false
                    output.append(contentsOf: header.keyBytes.readableBytesView)
                    output.append(UInt8(ascii: ":"))
                    try writeField(header.value, headersDeserializer, into: &output)
                }
            }
            separator(printKey || printValue)
        }
        if printKey {
            try writeField(record.key, keyDeserializer, into: &output)
            separator(printValue)
        }
        if printValue {
            try writeField(record.value, valueDeserializer, into: &output)
            output.append(contentsOf: lineSeparator)
        }
    }

    func writeField(_ bytes: ByteBuffer?, _ deserializer: Deserializer, into output: inout [UInt8]) throws(ConfigError) {
        guard let bytes else {
            output.append(contentsOf: nullLiteral)
            return
        }
        try deserializer.write(bytes, into: &output)
    }
}
