/// `org.apache.kafka.common.internals.Topic`: legal names and collisions.
public enum TopicNameValidation {
    public static let maxNameLength = 249

    /// The `InvalidTopicException` message for `name`, or nil if it is legal.
    public static func problem(with name: String) -> String? {
        if name.isEmpty { return "Topic name is illegal, it can't be empty" }
        if name == "." || name == ".." { return "Topic name cannot be \".\" or \"..\"" }
        if name.utf16.count > maxNameLength {
            return "Topic name is illegal, it can't be longer than \(maxNameLength) characters, Topic name: \(name)"
        }
        let legal = name.unicodeScalars.allSatisfy { c in
            (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") || c == "." || c == "_" || c == "-"
        }
        if !legal {
            return "Topic name \"\(name)\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"
        }
        return nil
    }

    /// `Topic.unifyCollisionChars`: '.' and '_' collide in metric names.
    public static func collisionKey(_ name: String) -> String {
        name.replacingOccurrences(of: ".", with: "_")
    }
}

extension String {
    func replacingOccurrences(of target: Character, with replacement: Character) -> String {
        String(self.map { $0 == target ? replacement : $0 })
    }

    func replacingOccurrences(of target: String, with replacement: String) -> String {
        guard target.count == 1, replacement.count == 1, let t = target.first, let r = replacement.first else { return self }
        return replacingOccurrences(of: t, with: r)
    }
}
