import Foundation

/// `--validate-regex`: Kafka checks the pattern with RE2/J and prints whether it compiles.
enum RegexValidation {
    static func report(_ regex: String) -> String {
        if let problem = problem(regex) { return "The regular expression `\(regex)` is invalid: \(problem)." }
        return "The regular expression `\(regex)` is valid."
    }

    /// RE2's description of the first problem, for the common mistakes; nil when the pattern compiles.
    static func problem(_ regex: String) -> String? {
        var depth = 0, inClass = false, escaped = false, previous: Character?
        for c in regex {
            defer { previous = escaped ? nil : c }
            if escaped { escaped = false; continue }
            switch c {
            case "\\": escaped = true
            case "[" where !inClass: inClass = true
            case "]" where inClass: inClass = false
            case "(" where !inClass: depth += 1
            case ")" where !inClass:
                if depth == 0 { return "unexpected )" }
                depth -= 1
            case "*", "+", "?":
                if !inClass, previous == nil || previous == "(" || previous == "|" { return "missing argument to repetition operator" }
            default: break
            }
        }
        if escaped { return "trailing backslash at end of expression" }
        if inClass { return "missing closing ]" }
        if depth > 0 { return "missing closing )" }
        if (try? NSRegularExpression(pattern: regex)) == nil { return "invalid regular expression" }
        return nil
    }
}
