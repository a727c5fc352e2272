/// The text arguments `TopicCommand` parses itself: `--replica-assignment` and `--config`,
/// with Kafka's exceptions and messages.
enum TopicArgumentParsing {
    /// `String.split(regex)` for a literal separator: trailing empty strings are dropped, but
    /// text without a separator comes back whole (so `""` gives `[""]`).
    static func javaSplit(_ text: String, _ separator: Character) -> [String] {
        guard text.contains(separator) else { return [text] }
        var parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        while parts.count > 0, parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }

    /// `String.trim()`.
    static func javaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }

    /// `Integer.parseInt`, raising `NumberFormatException`.
    static func parseInt(_ text: String) throws(TopicCommandException) -> Int32 {
        guard let value = Int32(text, radix: 10) else {
            throw TopicCommandException(
                className: "java.lang.NumberFormatException", message: "For input string: \"\(text)\"")
        }
        return value
    }

    /// `TopicCommand.parseReplicaAssignment`: `,` between partitions, `:` between replicas.
    static func parseReplicaAssignment(_ text: String) throws(TopicCommandException) -> [[Int32]] {
        var result: [[Int32]] = []
        for (index, partition) in javaSplit(text, ",").enumerated() {
            var brokers: [Int32] = []
            for broker in javaSplit(partition, ":") { brokers.append(try parseInt(javaTrim(broker))) }
            var seen = Set<Int32>()
            let duplicates = Set(brokers.filter { !seen.insert($0).inserted })
            if !duplicates.isEmpty {
                throw TopicCommandException(
                    className: "org.apache.kafka.server.common.AdminCommandFailedException",
                    message: "Partition replica lists may not contain duplicate entries: "
                        + javaHashSetOrder(duplicates).map(String.init).joined(separator: ","))
            }
            result.append(brokers)
            if brokers.count != result[0].count {
                throw TopicCommandException(
                    className: "org.apache.kafka.server.common.AdminOperationException",
                    message: "Partition \(index) has different replication factor: ["
                        + brokers.map(String.init).joined(separator: ", ") + "]")
            }
        }
        return result
    }

    /// A `HashSet<Integer>`'s order: small non-negative ids by value, which is all broker ids are.
    private static func javaHashSetOrder(_ values: Set<Int32>) -> [Int32] {
        values.sorted { (UInt32(bitPattern: $0), $0) < (UInt32(bitPattern: $1), $1) }
    }

    /// `parseTopicConfigsToBeAdded`: each `--config` split on `\s*=\s*` into exactly two parts.
    /// Later duplicates win (a `HashMap`). Names are then checked by `TopicConfigValidation`.
    static func parseTopicConfigs(_ values: [String]) throws(TopicCommandException) -> [(String, String)] {
        var pairs: [(String, String)] = []
        for value in values {
            let parts = splitOnEquals(value)
            guard parts.count == 2 else {
                throw TopicCommandException.illegalArgument(
                    "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".")
            }
            pairs.append((javaTrim(parts[0]), javaTrim(parts[1])))
        }
        var result: [(String, String)] = []
        for (name, value) in pairs {
            if let existing = result.firstIndex(where: { $0.0 == name }) { result[existing].1 = value } else { result.append((name, value)) }
        }
        return result
    }

    /// `s.split("\\s*=\\s*")`: Java's whitespace class is ` \t\n\u000B\f\r`.
    static func splitOnEquals(_ text: String) -> [String] {
        let isSpace: (Character) -> Bool = { " \t\n\u{0B}\u{0C}\r".contains($0) }
        var parts: [String] = []
        var current = ""
        var characters = Array(text)[...]
        while let character = characters.first {
            characters = characters.dropFirst()
            if isSpace(character) || character == "=" {
                // A run of spaces is a separator only if an `=` sits inside it.
                var run = String(character)
                while let next = characters.first, isSpace(next) || (next == "=" && !run.contains("=")) {
                    run.append(next)
                    characters = characters.dropFirst()
                }
                if run.contains("=") {
                    // Java's split drops a leading empty match only for zero-width matches.
                    parts.append(current)
                    current = ""
                } else {
                    current += run
                }
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        while parts.count > 0, parts.last?.isEmpty == true { parts.removeLast() }
        return parts
    }
}
