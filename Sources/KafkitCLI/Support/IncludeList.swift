import Foundation

/// Kafka's `IncludeList` topic filter: a Java regex where `,` means `|`, spaces are dropped and
/// surrounding quotes stripped; a topic is allowed when the whole name matches.
public struct IncludeList: Sendable {
    public let rawRegex: String
    let regex: NSRegularExpression

    public struct InvalidRegex: Error, Sendable, CustomStringConvertible {
        public var rawRegex: String
        public var description: String { "\(rawRegex) is an invalid regex." }
    }

    public init(_ rawRegex: String) throws(InvalidRegex) {
        self.rawRegex = rawRegex
        var pattern = rawRegex.trimmingCharacters(in: .whitespaces)
            .replacingOccurrences(of: ",", with: "|")
            .replacingOccurrences(of: " ", with: "")
        while let first = pattern.first, first == "\"" || first == "'" { pattern.removeFirst() }
        while let last = pattern.last, last == "\"" || last == "'" { pattern.removeLast() }
        do {
            regex = try NSRegularExpression(pattern: "^(?:" + pattern + ")$")
        } catch {
            throw InvalidRegex(rawRegex: rawRegex)
        }
    }

    public func isTopicAllowed(_ topic: String, excludeInternalTopics: Bool = false, isInternal: Bool = false) -> Bool {
        if excludeInternalTopics && isInternal { return false }
        let range = NSRange(topic.startIndex..., in: topic)
        return regex.firstMatch(in: topic, options: [.anchored], range: range) != nil
    }
}
