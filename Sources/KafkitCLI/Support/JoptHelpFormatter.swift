/// jopt-simple's `BuiltinHelpFormatter(80, 2)`, as `parser.printHelpOn(System.err)` prints it:
///
/// ```
/// Option                                   Description
/// ------                                   -----------
/// --files <String: file1, file2, ...>      REQUIRED: The comma separated list of data and index
///                                            log files to be dumped.
/// ```
/// Options sorted by first name; the option column at most 39 wide; text wrapped at word breaks
/// with continuation lines indented by two; every row padded to the column widths (so lines
/// carry trailing spaces, as jopt's do).
public enum JoptHelpFormatter {
    static let columnSeparatorWidth = 2
    static let indentWidth = 2

    /// The table for `options`, `width` columns wide (jopt's is 80).
    public static func format(_ options: [JoptOption], width: Int = 80) -> String {
        var rows: [(String, String)] = []
        if options.isEmpty {
            rows.append(("No options specified", ""))
        } else {
            if options.contains(where: \.isRequired) {
                rows.append(("Option (* = required)", "Description"))
                rows.append(("---------------------", "-----------"))
            } else {
                rows.append(("Option", "Description"))
                rows.append(("------", "-----------"))
            }
            // A TreeSet keyed on the first name: later duplicates are dropped.
            var seen = Set<String>()
            let sorted = options.filter { seen.insert($0.name).inserted }
                .sorted { $0.name.utf16.lexicographicallyPrecedes($1.name.utf16) }
            for option in sorted {
                rows.append((optionDisplay(option), descriptionDisplay(option)))
            }
        }
        return render(fit(rows, width: width), width: width)
    }

    /// The table for argument-parser's help (`kafkit help <tool>`): narrower, so its own
    /// wrapping leaves it alone, and without the trailing padding.
    /// Set to false by `kafkit`'s entry point when the command line cannot show any tool's
    /// help: each tool's `configuration` then skips formatting a table nobody reads, which was
    /// most of a short tool run's start-up. Written once, before any `configuration` is built.
    nonisolated(unsafe) public static var discussionsWanted = true

    public static func discussion(usage: String, options: [JoptOption]) -> String {
        guard discussionsWanted else { return usage }
        let table = format(options, width: 76).split(separator: "\n", omittingEmptySubsequences: false).map {
            String($0.reversed().drop { $0 == " " }.reversed())
        }
        return usage + "\n\n" + table.joined(separator: "\n")
    }

    /// `createOptionDisplay`: `--name <Type: description>` (`[..]` for an optional argument).
    static func optionDisplay(_ option: JoptOption) -> String {
        var text = option.isRequired ? "* " : ""
        text += option.names.map { ($0.count > 1 ? "--" : "-") + $0 }.joined(separator: ", ")
        if option.acceptsArguments || !option.argumentDescription.isEmpty {
            let (open, close) = option.argument == .required ? ("<", ">") : ("[", "]")
            text += " " + open + option.valueType.rawValue
            if !option.argumentDescription.isEmpty { text += ": " + option.argumentDescription }
            text += close
        }
        return text
    }

    /// `createDescriptionDisplay`: the description, then `(default: x)` if there are defaults.
    static func descriptionDisplay(_ option: JoptOption) -> String {
        guard !option.defaults.isEmpty else { return option.description }
        let shown = option.defaults.count == 1
            ? option.defaults[0] : "[" + option.defaults.joined(separator: ", ") + "]"
        return javaTrim(option.description + " (default: " + shown + ")")
    }

    private static func widths(_ rows: [(String, String)], width overallWidth: Int) -> (option: Int, description: Int) {
        let widestOption = rows.map { $0.0.utf16.count }.max() ?? 0
        let widestDescription = rows.map { $0.1.utf16.count }.max() ?? 0
        let optionWidth = min((overallWidth - columnSeparatorWidth) / 2, widestOption)
        let descriptionWidth = min(overallWidth - optionWidth - columnSeparatorWidth, widestDescription)
        return (optionWidth, descriptionWidth)
    }

    /// `Rows.fitToWidth`: wraps both columns, then pairs their pieces line by line.
    private static func fit(_ rows: [(String, String)], width: Int) -> [(String, String)] {
        let (optionWidth, descriptionWidth) = widths(rows, width: width)
        var fitted: [(String, String)] = []
        for (option, description) in rows {
            let options = pieces(option, width: optionWidth)
            let descriptions = pieces(description, width: descriptionWidth)
            for i in 0..<max(options.count, descriptions.count) {
                fitted.append((i < options.count ? options[i] : "", i < descriptions.count ? descriptions[i] : ""))
            }
        }
        return fitted
    }

    private static func render(_ rows: [(String, String)], width: Int) -> String {
        let (optionWidth, descriptionWidth) = widths(rows, width: width)
        var text = ""
        for (option, description) in rows {
            text += pad(option, optionWidth) + String(repeating: " ", count: columnSeparatorWidth)
            text += pad(description, descriptionWidth) + "\n"
        }
        return text
    }

    private static func pad(_ text: String, _ width: Int) -> String {
        text + String(repeating: " ", count: max(0, width - text.utf16.count))
    }

    /// `Columns.piecesOf`: each embedded line wrapped at `width`.
    static func pieces(_ raw: String, width: Int) -> [String] {
        javaTrim(raw).split(separator: "\n", omittingEmptySubsequences: false).flatMap {
            piecesOfLine(String($0), width: width)
        }
    }

    private static func piecesOfLine(_ line: String, width: Int) -> [String] {
        var pieces: [String] = []
        var next = ""
        for word in lineBreakWords(line) {
            if next.utf16.count + word.utf16.count > width {
                pieces.append(String(next.reversed().drop { $0.isWhitespace }.reversed()))
                next = String(repeating: " ", count: indentWidth) + word
            } else {
                next += word
            }
        }
        if !next.isEmpty { pieces.append(next) }
        return pieces
    }

    /// The segments between line-break opportunities (a close approximation of Java's
    /// `BreakIterator.getLineInstance()`): after a run of spaces, and after a hyphen that
    /// follows a letter or digit and precedes a letter.
    static func lineBreakWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        let characters = Array(line)
        for (i, character) in characters.enumerated() {
            current.append(character)
            let next: Character? = i + 1 < characters.count ? characters[i + 1] : nil
            guard let next else { break }
            let breakAfterSpace = character == " " && next != " "
            let breakAfterHyphen = character == "-" && i > 0
                && (characters[i - 1].isLetter || characters[i - 1].isNumber) && next.isLetter
            if breakAfterSpace || breakAfterHyphen {
                words.append(current)
                current = ""
            }
        }
        if !current.isEmpty { words.append(current) }
        return words
    }

    /// `String.trim()`: drops leading and trailing characters up to U+0020.
    static func javaTrim(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }
}
