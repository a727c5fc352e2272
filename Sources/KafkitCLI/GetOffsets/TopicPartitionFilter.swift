import Foundation

/// `kafka.tools.filter.TopicPartitionFilter` and its kinds, as `kafka-get-offsets` builds them.
public indirect enum TopicPartitionFilter: Sendable {
    /// `--topic` with `--partitions` (an empty set accepts every partition).
    case topicAndPartitions(IncludeList, Set<Int32>)
    /// One `--topic-partitions` rule: topic regex and `lower <= p < upper`.
    case topicAndRange(IncludeList, ClosedRange<Int64>)
    /// A list of rules: allowed if any rule allows.
    case composite([TopicPartitionFilter])

    public func isTopicAllowed(_ topic: String) -> Bool {
        switch self {
        case let .topicAndPartitions(topics, _), let .topicAndRange(topics, _): topics.isTopicAllowed(topic)
        case let .composite(rules): rules.contains { $0.isTopicAllowed(topic) }
        }
    }

    public func isTopicPartitionAllowed(_ topic: String, _ partition: Int32) -> Bool {
        switch self {
        case let .topicAndPartitions(topics, partitions):
            topics.isTopicAllowed(topic) && (partitions.isEmpty || partitions.contains(partition))
        case let .topicAndRange(topics, range):
            topics.isTopicAllowed(topic) && range.contains(Int64(partition))
        case let .composite(rules): rules.contains { $0.isTopicPartitionAllowed(topic, partition) }
        }
    }

    /// A rule failed to parse (Kafka's `TerseException`, wrapped in a `RuntimeException`).
    public struct InvalidRule: Error, Sendable { public var ruleSpec: String }
    /// `Integer.parseInt` failed on a number too large for an int.
    public struct NumberFormat: Error, Sendable { public var text: String }

    /// `createTopicPartitionFilterWithPatternList`: comma-separated `topicRegex[:partitionSpec]` rules.
    public static func patternList(_ text: String) throws -> TopicPartitionFilter {
        .composite(try javaSplit(text, ",").map(rule))
    }

    /// One rule, matching `([^:,]*)(?::(?:([0-9]*)|(?:([0-9]*)-([0-9]*))))?` in full.
    static func rule(_ spec: String) throws -> TopicPartitionFilter {
        let topicEnd = spec.firstIndex(where: { $0 == ":" || $0 == "," }) ?? spec.endIndex
        let topicPart = String(spec[..<topicEnd])
        let topics = try IncludeList(topicPart.isEmpty ? ".*" : topicPart)
        guard topicEnd < spec.endIndex else { return .topicAndRange(topics, 0...Int64(Int32.max) - 1) }
        guard spec[topicEnd] == ":" else { throw InvalidRule(ruleSpec: spec) }
        let partitionSpec = spec[spec.index(after: topicEnd)...]
        let isDigits: (Substring) -> Bool = { $0.allSatisfy { $0.isASCII && $0.isNumber } }
        if isDigits(partitionSpec) {
            guard !partitionSpec.isEmpty else { return .topicAndRange(topics, 0...Int64(Int32.max) - 1) }
            let value = try parseInt(partitionSpec)
            return .topicAndRange(topics, Int64(value)...Int64(value))
        }
        let bounds = partitionSpec.split(separator: "-", maxSplits: 1, omittingEmptySubsequences: false)
        guard bounds.count == 2, isDigits(bounds[0]), isDigits(bounds[1]) else { throw InvalidRule(ruleSpec: spec) }
        let lower = bounds[0].isEmpty ? 0 : Int64(try parseInt(bounds[0]))
        let upper = bounds[1].isEmpty ? Int64(Int32.max) : Int64(try parseInt(bounds[1]))
        guard lower < upper else { return .topicAndRange(topics, emptyRange) }
        return .topicAndRange(topics, lower...(upper - 1))
    }

    /// A range no partition falls in (Kafka's `lower <= p < upper` with `upper <= lower`).
    static let emptyRange: ClosedRange<Int64> = -2 ... -2

    static func parseInt(_ text: Substring) throws -> Int32 {
        guard let value = Int32(text) else { throw NumberFormat(text: String(text)) }
        return value
    }

    /// Java's `String.split(regex)` for a literal separator: trailing empty strings dropped.
    static func javaSplit(_ text: String, _ separator: Character) -> [String] {
        var parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
        if parts == [""] && !text.isEmpty { return [] }
        return parts
    }
}
