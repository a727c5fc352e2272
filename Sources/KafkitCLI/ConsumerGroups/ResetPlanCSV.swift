import Foundation
import KafkaClient

/// The CSV of `--export` and `--from-file` (`CsvUtils`: `topic,partition,offset` for a single
/// `--group`, else `group,topic,partition,offset`; no header).
enum ResetPlanCSV {
    /// Jackson's CSV quoting: a value with a separator, quote or line break is quoted.
    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    static func export(_ plan: [(group: String, offsets: [(TopicPartition, Int64)])], singleGroup: Bool) -> String {
        var text = ""
        for (group, offsets) in plan {
            for (tp, offset) in offsets {
                let fields = (singleGroup ? [] : [field(group)]) + [field(tp.topic), String(tp.partition), String(offset)]
                text += fields.joined(separator: ",") + "\n"
            }
        }
        return text
    }

    /// Splits one CSV line into fields (quoted fields may hold commas and doubled quotes).
    static func fields(_ line: String) -> [String] {
        var result: [String] = [], current = "", quoted = false
        var characters = Array(line)
        if characters.last == "\r" { characters.removeLast() }
        var index = 0
        while index < characters.count {
            let c = characters[index]
            if quoted {
                if c == "\"" {
                    if index + 1 < characters.count, characters[index + 1] == "\"" { current.append("\""); index += 1 } else { quoted = false }
                } else { current.append(c) }
            } else if c == "\"" { quoted = true } else if c == "," { result.append(current); current = "" } else { current.append(c) }
            index += 1
        }
        result.append(current)
        return result
    }

    struct Parsed: Sendable {
        /// group → partition → offset.
        var plan: [String: [TopicPartition: Int64]]
        /// What Kafka prints on stderr when line 1 is not in the 3-column form (a Jackson trace).
        var stderrNotice: String?
    }

    /// `parseResetPlan`: line 1 decides between the 3-column form (only used with exactly one
    /// `--group`) and the 4-column form.
    static func parse(_ csv: String, singleGroup: String?) throws(ConsumerGroupCommandFailure) -> Parsed {
        var lines = csv.components(separatedBy: "\n")
        while lines.last?.isEmpty == true { lines.removeLast() }
        var notice: String?
        var oldFormat = false
        if let first = lines.first {
            let count = fields(first).count
            if count == 3, Int32(fields(first)[1]) != nil, Int64(fields(first)[2]) != nil {
                oldFormat = true
            } else {
                notice = "com.fasterxml.jackson.databind.RuntimeJsonMappingException: Too many entries: expected at most 3 (line: \(first))\n"
            }
        }
        var plan: [String: [TopicPartition: Int64]] = [:]
        for line in lines {
            let values = fields(line)
            if let group = singleGroup, oldFormat {
                guard values.count == 3, let partition = Int32(values[1]), let offset = Int64(values[2]) else {
                    throw malformed(line)
                }
                plan[group, default: [:]][TopicPartition(values[0], partition)] = offset
            } else {
                guard values.count == 4, let partition = Int32(values[2]), let offset = Int64(values[3]) else {
                    throw malformed(line)
                }
                plan[values[0], default: [:]][TopicPartition(values[1], partition)] = offset
            }
        }
        return Parsed(plan: plan, stderrNotice: notice)
    }

    private static func malformed(_ line: String) -> ConsumerGroupCommandFailure {
        ConsumerGroupCommandFailure(
            message: "com.fasterxml.jackson.databind.RuntimeJsonMappingException: cannot read the reset plan line '\(line)'",
            type: "RuntimeJsonMappingException", wrapped: false)
    }
}
