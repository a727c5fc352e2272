import Foundation
import KafkaClient

/// The `--offset-json-file` format of `kafka-delete-records`:
/// `{"partitions":[{"topic":"t","partition":0,"offset":2}],"version":1}`.
enum DeleteRecordsJson {
    static let adminOperationException = "org.apache.kafka.server.common.AdminOperationException"
    static let adminCommandFailedException = "org.apache.kafka.server.common.AdminCommandFailedException"
    static let jsonMappingException = "com.fasterxml.jackson.databind.JsonMappingException"

    /// The offset to delete below, per partition, in file order; a partition listed twice is an error.
    static func parse(_ data: Data) throws -> [(partition: TopicPartition, offset: Int64)] {
        guard let root = try? JSONSerialization.jsonObject(with: data, options: [.fragmentsAllowed]) else {
            throw UncaughtJavaException(className: adminOperationException, message: "The input string is not a valid JSON")
        }
        guard let object = root as? [String: Any] else {
            throw UncaughtJavaException(className: jsonMappingException, message: "Expected JSON object, received \(kind(root))")
        }
        var version = 1
        if let raw = object["version"] { version = try integer(raw, "version") }
        guard version == 1 else {
            throw UncaughtJavaException(className: adminOperationException, message: "Not supported version field value \(version)")
        }
        guard let partitionsValue = object["partitions"] else {
            throw UncaughtJavaException(className: adminOperationException, message: "Missing partitions field")
        }
        guard let partitions = partitionsValue as? [Any] else {
            throw UncaughtJavaException(className: jsonMappingException, message: "Expected JSON array, received \(kind(partitionsValue))")
        }
        var seen: [TopicPartition: [Int64]] = [:]
        var order: [TopicPartition] = []
        for entry in partitions {
            guard let fields = entry as? [String: Any] else {
                throw UncaughtJavaException(className: jsonMappingException, message: "Expected JSON object, received \(kind(entry))")
            }
            let topic = try string(try field(fields, "topic"), "topic")
            let partition = Int32(try integer(try field(fields, "partition"), "partition"))
            let offset = try long(try field(fields, "offset"), "offset")
            let tp = TopicPartition(topic, partition)
            if seen[tp] == nil { order.append(tp) }
            seen[tp, default: []].append(offset)
        }
        let duplicates = order.filter { (seen[$0]?.count ?? 0) > 1 }
        if !duplicates.isEmpty {
            throw UncaughtJavaException(
                className: adminCommandFailedException,
                message: "Offset json file contains duplicate topic partitions: " + duplicates.map(\.description).joined(separator: ","))
        }
        return order.compactMap { tp in seen[tp]?.first.map { (partition: tp, offset: $0) } }
    }

    static func field(_ fields: [String: Any], _ name: String) throws -> Any {
        guard let value = fields[name] else {
            throw UncaughtJavaException(className: jsonMappingException, message: "No such field exists: `\(name)`")
        }
        return value
    }

    static func kind(_ value: Any) -> String {
        switch value {
        case is [String: Any]: "OBJECT"
        case is [Any]: "ARRAY"
        case is String: "STRING"
        case is NSNull: "NULL"
        default: "NUMBER"
        }
    }

    static func number(_ value: Any) -> NSNumber? {
        guard !(value is String), let number = value as? NSNumber else { return nil }
        return number
    }

    static func integer(_ value: Any, _ name: String) throws -> Int {
        guard let number = number(value), let int = Int32(exactly: number.doubleValue) else {
            throw UncaughtJavaException(className: jsonMappingException, message: "Expected `int` value, received \(kind(value))")
        }
        return Int(int)
    }

    static func long(_ value: Any, _ name: String) throws -> Int64 {
        guard let number = number(value), number.doubleValue.rounded() == number.doubleValue else {
            throw UncaughtJavaException(className: jsonMappingException, message: "Expected `long` value, received \(kind(value))")
        }
        return number.int64Value
    }

    static func string(_ value: Any, _ name: String) throws -> String {
        guard let text = value as? String else {
            throw UncaughtJavaException(className: jsonMappingException, message: "Expected `String` value, received \(kind(value))")
        }
        return text
    }
}
