import Foundation
import KafkaStorage

/// `parseConfigsToBeAdded` / `parseConfigsToBeDeleted` of `kafka-configs`.
enum ConfigsToBeAdded {
    /// A comma or `=` counts only outside `[...]` (Kafka's lookahead `(?=[^\]]*(?:\[|$))`).
    static let outsideBrackets = "(?=[^\\]]*(?:\\[|$))"

    static let formatMessage =
        "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas."

    /// The configs to set, in the order given: `--add-config-file` entries, then `--add-config`.
    static func parse(addConfig: String?, addConfigFile: String?) throws -> [(key: String, value: String)] {
        var result: [(key: String, value: String)] = []
        func set(_ key: String, _ value: String) {
            if let index = result.firstIndex(where: { $0.key == key }) { result[index].value = value } else { result.append((key, value)) }
        }
        if let addConfigFile {
            let file: JavaProperties
            do { file = try JavaProperties.load(contentsOf: addConfigFile) } catch {
                throw ConfigCommandError.throwable(className: "java.nio.file.NoSuchFileException", message: addConfigFile)
            }
            for key in file.keys { set(key, file[key] ?? "") }
        }
        if let addConfig {
            let pairs = try javaSplit(addConfig, pattern: "," + outsideBrackets, limit: 0)
                .map { try javaSplit($0, pattern: "\\s*=\\s*" + outsideBrackets, limit: -1) }
            guard pairs.allSatisfy({ $0.count == 2 }) else { throw ConfigCommandError.illegalArgument(formatMessage) }
            for pair in pairs {
                let value = pair[1].replacingOccurrences(of: "[", with: "").replacingOccurrences(of: "]", with: "")
                set(javaTrim(pair[0]), javaTrim(value))
            }
        }
        for (key, _) in result where !key.allSatisfy(isKeyCharacter) {
            throw ConfigCommandError.illegalArgument("Invalid character found for config key: \(key)")
        }
        return result
    }

    /// `--delete-config` values (already split at commas by the parser), trimmed.
    static func toBeDeleted(_ values: [String]) -> [String] { values.map(javaTrim) }

    static func isKeyCharacter(_ c: Character) -> Bool {
        c.isASCII && (c.isLetter || c.isNumber || c == "." || c == "_" || c == "-")
    }

    /// `String.trim()`: strips characters up to U+0020 at both ends.
    static func javaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let start = scalars.firstIndex(where: { $0.value > 0x20 }),
              let end = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[start...end])
    }

    /// `String.split(regex, limit)`: limit 0 drops trailing empty strings, a negative limit keeps them.
    static func javaSplit(_ text: String, pattern: String, limit: Int) throws -> [String] {
        let regex = try NSRegularExpression(pattern: pattern)
        let ns = text as NSString
        var parts: [String] = []
        var start = 0
        for match in regex.matches(in: text, range: NSRange(location: 0, length: ns.length)) {
            // A zero-width match at the start yields no leading empty string (Java 8+).
            if match.range.length == 0 && match.range.location == 0 { continue }
            parts.append(ns.substring(with: NSRange(location: start, length: match.range.location - start)))
            start = match.range.location + match.range.length
        }
        parts.append(ns.substring(from: start))
        if limit == 0 {
            while parts.count > 1, parts.last?.isEmpty == true { parts.removeLast() }
            if parts == [""] && !text.isEmpty { return [] }
        }
        return parts
    }
}
