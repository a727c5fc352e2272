import Foundation

/// `TopicFilter.IncludeList`: the `--topic` value of list/describe/alter/delete as a Java regex
/// that must match the whole topic name (`String.matches`). Kafka first trims it, turns `,` into
/// `|`, drops spaces and strips surrounding quotes. ICU's syntax (NSRegularExpression) is Java's
/// for everything a topic pattern uses: classes, alternation, quantifiers, groups, escapes.
struct TopicIncludeList: Sendable {
    let regex: String
    private let expression: NSRegularExpression

    init(_ rawRegex: String) throws(TopicCommandException) {
        var text = rawRegex.trimmingCharacters(in: CharacterSet(charactersIn: "\u{0}"..."\u{20}"))
            .replacingOccurrences(of: ",", with: "|")
            .replacingOccurrences(of: " ", with: "")
        while let first = text.first, first == "\"" || first == "'" { text.removeFirst() }
        while let last = text.last, last == "\"" || last == "'" { text.removeLast() }
        regex = text
        do {
            expression = try NSRegularExpression(pattern: "\\A(?:" + text + ")\\z")
        } catch {
            throw TopicCommandException(className: "java.lang.RuntimeException", message: "\(text) is an invalid regex.")
        }
    }

    /// `isTopicAllowed`.
    func isTopicAllowed(_ topic: String, excludeInternalTopics: Bool) -> Bool {
        let range = NSRange(topic.startIndex..<topic.endIndex, in: topic)
        let matches = expression.firstMatch(in: topic, options: [], range: range) != nil
        return matches && !(excludeInternalTopics && InternalTopics.isInternal(topic))
    }
}

/// `org.apache.kafka.common.internals.Topic.isInternal` (Kafka 4.0's internal topics).
enum InternalTopics {
    static let names: Set<String> = ["__consumer_offsets", "__transaction_state", "__share_group_state"]
    static func isInternal(_ topic: String) -> Bool { names.contains(topic) }
}
