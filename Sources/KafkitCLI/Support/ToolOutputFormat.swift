import Foundation

/// `--output text|json`, kafkit's one addition to Kafka's tools. `text` (the default) is Kafka's
/// own layout, byte for byte; `json` prints one JSON document on stdout instead, whose shape per
/// tool is documented in `docs/json-output.md`. In JSON mode a failure is a JSON document on
/// stderr and a non-zero exit code, even where Kafka's tool exits 0 after an error.
public enum ToolOutputFormat: String, Sendable, CaseIterable {
    case text
    case json

    /// The option a tool that prints a table or a block declares in its `joptOptions`.
    public static let option = JoptOption.requiredArgument(
        "output",
        "kafkit: how to print the result: 'text' (Kafka's layout) or 'json' (one document on stdout; "
            + "see docs/json-output.md).",
        describedAs: "text|json", default: ["text"])

    /// The format chosen on `commandLine`; an unknown value is a usage error (message + option
    /// table on stderr, exit 1) as for any other bad option value.
    public static func chosen(in commandLine: JoptCommandLine) throws -> ToolOutputFormat {
        let given = try commandLine.options.value(of: option.name) ?? ToolOutputFormat.text.rawValue
        guard let format = ToolOutputFormat(rawValue: given.lowercased()) else {
            throw commandLine.usageAndExit(
                "Unknown output format '\(given)': use " + allCases.map { "'\($0.rawValue)'" }.joined(separator: " or "))
        }
        return format
    }
}

/// Writes the JSON documents of `--output json`.
public enum JSONOutput {
    /// Keys sorted and slashes unescaped so the text is stable from run to run; pretty-printed
    /// because people read it too.
    static func encoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The document for `value`, with a final newline.
    public static func text<T: Encodable>(of value: T) -> String {
        guard let data = try? encoder().encode(value), let text = String(data: data, encoding: .utf8) else {
            // Encoding our own Codable values cannot fail; keep the stream valid JSON if it ever does.
            return "null\n"
        }
        return text + "\n"
    }

    /// Prints `value` on stdout.
    public static func print<T: Encodable>(_ value: T, on console: ToolConsole) {
        console.print(text(of: value))
    }

    /// The error document every tool prints on stderr in JSON mode:
    /// `{"error": {"message": "...", "type": "..."}}`. `type` is the Kafka exception or error
    /// name when there is one (`UnknownTopicOrPartitionException`, `GroupIdNotFoundException`),
    /// else a short kafkit word (`usage`, `connection`).
    public struct ErrorDocument: Encodable, Sendable, Equatable {
        public struct Body: Encodable, Sendable, Equatable {
            public var message: String
            public var type: String
        }
        public var error: Body

        public init(message: String, type: String) {
            self.error = Body(message: message, type: type)
        }
    }

    /// Prints the error document on stderr and returns the exit to throw (default exit code 1).
    public static func fail(_ message: String, type: String, on console: ToolConsole, code: Int32 = 1) -> ToolExit {
        console.printError(text(of: ErrorDocument(message: message, type: type)))
        return ToolExit(code == 0 ? 1 : code)
    }
}
