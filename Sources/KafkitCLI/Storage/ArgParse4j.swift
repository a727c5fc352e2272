import Foundation

/// A small re-implementation of the argparse4j behaviour Kafka's argparse tools rely on:
/// sub-commands, long and short options, unique-prefix abbreviations of both, `--opt=value`
/// and `-oVALUE`, `@file` argument files, mutually exclusive groups, and argparse4j's messages
/// (`argument --x/-x is required`, `ambiguous option: …`, `unrecognized arguments: '…'`),
/// typed values (`could not convert 'x' to Long`), `nargs("+")` and required mutex groups.
final class ArgParse4jParser {
    enum Action { case store, storeTrue, append, help }

    /// `.type(..)`: values are checked while parsing, as argparse4j converts them then.
    enum ValueType: String {
        case string = "String"
        case integer = "Integer"
        case long = "Long"
        case double = "Double"

        func accepts(_ text: String) -> Bool {
            switch self {
            case .string: return true
            case .integer: return JavaNumberParsing.int32(text) != nil
            case .long: return JavaNumberParsing.int64(text) != nil
            case .double: return JavaNumberParsing.double(text) != nil
            }
        }
    }

    struct Argument {
        var flags: [String]
        var action: Action
        var required = false
        var help = ""
        var mutexGroup: Int?
        var type: ValueType = .string
        /// `nargs("+")`: one or more values, stored as a list.
        var oneOrMore = false
        var customMetavar: String?
        /// `setDefault(..)`, shown by `defaultHelp(true)` parsers and stored when absent.
        var defaultValue: String?

        /// `--cluster-id` → `cluster_id`.
        var dest: String {
            let long = flags.first { $0.hasPrefix("--") } ?? flags[0]
            return String(long.drop(while: { $0 == "-" })).replacingOccurrences(of: "-", with: "_")
        }
        var metavar: String { customMetavar ?? dest.uppercased() }
        var consumesValue: Bool { action == .store || action == .append }
        /// `--cluster-id/-t`
        var textualName: String { flags.joined(separator: "/") }
        func shortSyntax(bracketed: Bool) -> String {
            let body = consumesValue ? "\(flags[0]) \(metavar)\(oneOrMore ? " [\(metavar) ...]" : "")" : flags[0]
            return bracketed ? "[\(body)]" : body
        }
    }

    let prog: String
    let command: String?
    var description = ""
    private(set) var arguments: [Argument] = []
    private var mutexGroupCount = 0
    private var requiredMutexGroups: Set<Int> = []
    /// `defaultHelp(true)`: help lines end with `(default: …)`.
    var defaultHelp = false
    private(set) var subcommands: [(name: String, help: String, parser: ArgParse4jParser)] = []
    weak var mainParser: ArgParse4jParser?

    init(prog: String, command: String? = nil) {
        self.prog = prog
        self.command = command
        arguments.append(Argument(flags: ["-h", "--help"], action: .help, help: "show this help message and exit"))
    }

    func addArgument(
        _ flags: String..., action: Action, required: Bool = false, help: String = "", mutexGroup: Int? = nil,
        type: ValueType = .string, oneOrMore: Bool = false, metavar: String? = nil, defaultValue: String? = nil
    ) {
        arguments.append(Argument(
            flags: flags, action: action, required: required, help: help, mutexGroup: mutexGroup, type: type,
            oneOrMore: oneOrMore, customMetavar: metavar, defaultValue: defaultValue))
    }

    /// A group of which at most one argument may be given (exactly one when `required`).
    func addMutuallyExclusiveGroup(required: Bool = false) -> Int {
        mutexGroupCount += 1
        if required { requiredMutexGroups.insert(mutexGroupCount - 1) }
        return mutexGroupCount - 1
    }

    /// Usage + `<prog>: error: <message>` for this parser, as a parse error would print it; for
    /// checks a tool makes after parsing (`throw new ArgumentParserException(message, parser)`).
    func usageError(_ message: String) -> String {
        errorText(message, unrecognizedFlag: nil, unrecognizedCommand: nil)
    }

    func addSubcommand(_ name: String, help: String) -> ArgParse4jParser {
        let parser = ArgParse4jParser(prog: prog, command: name)
        parser.mainParser = self
        subcommands.append((name, help, parser))
        return parser
    }

    // MARK: parsing

    enum Value: Equatable {
        case string(String)
        case bool(Bool)
        case list([String])
    }

    struct Namespace {
        var command: String?
        var values: [String: Value] = [:]
        func string(_ dest: String) -> String? {
            if case .string(let s) = values[dest] { return s }
            return nil
        }
        func bool(_ dest: String) -> Bool {
            if case .bool(let b) = values[dest] { return b }
            return false
        }
        func list(_ dest: String) -> [String]? {
            if case .list(let l) = values[dest] { return l }
            return nil
        }
    }

    enum Outcome {
        case parsed(Namespace)
        /// `-h`: the help text for stdout, exit 0.
        case help(String)
        /// Usage + `<prog>: error: <msg>` (+ suggestions) for stderr, exit 1.
        case error(String)
    }

    /// A parse error, already rendered for stderr by the parser it happened in.
    struct Failure: Error {
        var text: String
    }

    private func failure(_ message: String, unrecognizedFlag: String? = nil, unrecognizedCommand: String? = nil) -> Failure {
        Failure(text: errorText(message, unrecognizedFlag: unrecognizedFlag, unrecognizedCommand: unrecognizedCommand))
    }

    private struct State {
        var args: [String]
        var index = 0
        var consumedSeparator = false
        var deferred: Failure?
        var available: Bool { index < args.count }
        var current: String { args[index] }
    }

    func parse(_ args: [String]) -> Outcome {
        var state = State(args: args)
        var namespace = Namespace()
        do {
            if let helpParser = try parse(&state, into: &namespace) {
                return .help(helpParser.helpText())
            }
            if let deferred = state.deferred { throw deferred }
            return .parsed(namespace)
        } catch let failure as Failure {
            return .error(failure.text)
        } catch {
            return .error(failure("\(error)").text)
        }
    }

    /// Returns the parser whose help was asked for, if any.
    private func parse(_ state: inout State, into namespace: inout Namespace) throws -> ArgParse4jParser? {
        for argument in arguments {
            switch argument.action {
            case .storeTrue: namespace.values[argument.dest] = .bool(false)
            case .store: if let value = argument.defaultValue { namespace.values[argument.dest] = .string(value) }
            default: break
            }
        }
        var used = Set<Int>()
        var groupUsed: [Int: Int] = [:]
        while state.available {
            try expandArgumentFiles(&state)
            guard state.available else { break }
            if flagFound(state), state.current != "--" {
                let term = state.current
                var flag = term
                var embedded: String?
                if let eq = term.firstIndex(of: "=") {
                    flag = String(term[..<eq])
                    embedded = String(term[term.index(after: eq)...])
                }
                var resolved = try resolveFlag(flag)
                if resolved == nil {
                    embedded = nil
                    var shortOptsFound = false
                    if isShortFlagTerm(term) {
                        shortOptsFound = true
                        // Concatenated short options: -gs, -tVALUE.
                        for (offset, char) in term.dropFirst().enumerated() {
                            guard let index = arguments.firstIndex(where: { $0.flags.contains("-\(char)") }) else {
                                shortOptsFound = false
                                break
                            }
                            if arguments[index].consumesValue {
                                flag = "-\(char)"
                                resolved = index
                                let restStart = term.index(term.startIndex, offsetBy: offset + 2)
                                if restStart < term.endIndex { embedded = String(term[restStart...]) }
                                break
                            }
                            try checkMutex(index, &groupUsed)
                            if let help = try run(index, value: nil, into: &namespace) { return help }
                            used.insert(index)
                        }
                    }
                    if !shortOptsFound {
                        throw failure("unrecognized arguments: '\(term)'", unrecognizedFlag: term)
                    }
                }
                state.index += 1
                if let index = resolved {
                    try checkMutex(index, &groupUsed)
                    if let help = try process(index, flag: flag, embedded: embedded, state: &state, into: &namespace) { return help }
                    used.insert(index)
                }
            } else if state.current == "--" && !state.consumedSeparator {
                state.consumedSeparator = true
                state.index += 1
            } else if !state.consumedSeparator && !subcommands.isEmpty {
                checkRequired(&state, used: used)
                checkRequiredMutex(&state, groupUsed: groupUsed)
                let name = state.current
                let sub = try resolveSubcommand(name)
                state.index += 1
                namespace.command = sub.name
                return try sub.parser.parse(&state, into: &namespace)
            } else {
                let rest = state.args[state.index...].joined(separator: " ")
                throw failure("unrecognized arguments: '\(rest)'")
            }
        }
        if !subcommands.isEmpty {
            throw failure("too few arguments")
        }
        checkRequired(&state, used: used)
        checkRequiredMutex(&state, groupUsed: groupUsed)
        return nil
    }

    /// `@file` arguments are replaced by the file's lines (argparse4j's fromFilePrefix).
    private func expandArgumentFiles(_ state: inout State) throws {
        while state.available, state.current.hasPrefix("@") {
            let file = String(state.current.dropFirst())
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else {
                throw failure("Could not read arguments from file '\(file)'")
            }
            var lines = text.components(separatedBy: "\n")
            if lines.last == "" { lines.removeLast() }
            lines = lines.map { $0.hasSuffix("\r") ? String($0.dropLast()) : $0 }
            state.args.replaceSubrange(state.index...state.index, with: lines)
        }
    }

    private func flagFound(_ state: State) -> Bool {
        let term = state.current
        if state.consumedSeparator { return false }
        if term == "--" { return true }
        let isNegativeNumber = term.count > 1 && term.dropFirst().allSatisfy(\.isNumber)
        return term.count > 1 && term.hasPrefix("-") && !isNegativeNumber
    }

    private func isShortFlagTerm(_ term: String) -> Bool {
        term.count > 1 && term.hasPrefix("-") && !term.hasPrefix("--")
    }

    /// Exact flag, else the only flag it is a prefix of; ambiguous prefixes are errors.
    private func resolveFlag(_ flag: String) throws -> Int? {
        if let exact = arguments.firstIndex(where: { $0.flags.contains(flag) }) { return exact }
        var candidates = arguments.flatMap(\.flags).filter { $0.hasPrefix(flag) }
        if candidates.isEmpty { return nil }
        if checkConcatenatedShortOpts(flag) {
            candidates.append(String(flag.prefix(2)))
        } else if candidates.count == 1 {
            return arguments.firstIndex { $0.flags.contains(candidates[0]) }
        }
        candidates.sort()
        throw failure("ambiguous option: \(flag) could match \(candidates.joined(separator: ", "))")
    }

    private func checkConcatenatedShortOpts(_ term: String) -> Bool {
        guard isShortFlagTerm(term) else { return false }
        for char in term.dropFirst() {
            guard let argument = arguments.first(where: { $0.flags.contains("-\(char)") }) else { return false }
            if argument.consumesValue { return true }
        }
        return true
    }

    private func resolveSubcommand(_ name: String) throws -> (name: String, help: String, parser: ArgParse4jParser) {
        if let exact = subcommands.first(where: { $0.name == name }) { return exact }
        let candidates = name.isEmpty ? [] : subcommands.filter { $0.name.hasPrefix(name) }
        if candidates.count == 1 { return candidates[0] }
        if candidates.count > 1 {
            let names = candidates.map(\.name).sorted().joined(separator: ", ")
            throw failure("ambiguous command: \(name) could match \(names)")
        }
        let choices = subcommands.map { "'\($0.name)'" }.joined(separator: ", ")
        throw failure("invalid choice: '\(name)' (choose from \(choices))", unrecognizedCommand: name)
    }

    private func checkMutex(_ index: Int, _ groupUsed: inout [Int: Int]) throws {
        guard let group = arguments[index].mutexGroup else { return }
        if let other = groupUsed[group], other != index {
            throw failure("argument \(arguments[index].textualName): not allowed with argument \(arguments[other].textualName)")
        }
        groupUsed[group] = index
    }

    private func process(_ index: Int, flag: String, embedded: String?, state: inout State, into namespace: inout Namespace) throws -> ArgParse4jParser? {
        let argument = arguments[index]
        guard argument.consumesValue else {
            if let embedded {
                throw failure("argument \(argument.textualName): ignore implicit argument '\(embedded)'")
            }
            return try run(index, value: nil, into: &namespace)
        }
        if argument.oneOrMore {
            var values: [String] = []
            if let embedded {
                values.append(embedded)
            } else {
                while true {
                    try expandArgumentFiles(&state)
                    guard state.available, !flagFound(state) else { break }
                    values.append(state.current)
                    state.index += 1
                }
            }
            guard !values.isEmpty else {
                throw failure("argument \(argument.textualName): expected 1 argument(s)")
            }
            for value in values { try convert(argument, value) }
            namespace.values[argument.dest] = .list(values)
            return nil
        }
        var value = embedded
        if value == nil { try expandArgumentFiles(&state) }
        if value == nil, state.available, !flagFound(state) {
            value = state.current
            state.index += 1
        }
        guard let value else {
            throw failure("argument \(argument.textualName): expected one argument")
        }
        try convert(argument, value)
        return try run(index, value: value, into: &namespace)
    }

    /// `ReflectArgumentType.convert`: a value the type's `valueOf` rejects is a parse error,
    /// quoting the `NumberFormatException`'s message.
    private func convert(_ argument: Argument, _ value: String) throws {
        guard argument.type.accepts(value) else {
            let cause = argument.type == .double && value.allSatisfy({ $0.asciiValue.map { $0 <= 0x20 } ?? false })
                ? "empty String" : "For input string: \"\(value)\""
            throw failure("argument \(argument.textualName): could not convert '\(value)' to \(argument.type.rawValue) (\(cause))")
        }
    }

    private func run(_ index: Int, value: String?, into namespace: inout Namespace) throws -> ArgParse4jParser? {
        let argument = arguments[index]
        switch argument.action {
        case .help: return self
        case .storeTrue: namespace.values[argument.dest] = .bool(true)
        case .store: namespace.values[argument.dest] = .string(value ?? "")
        case .append: namespace.values[argument.dest] = .list((namespace.list(argument.dest) ?? []) + [value ?? ""])
        }
        return nil
    }

    /// argparse4j keeps the last missing required argument as the error.
    private func checkRequired(_ state: inout State, used: Set<Int>) {
        guard state.deferred == nil else { return }
        for (index, argument) in arguments.enumerated() where argument.required && !used.contains(index) {
            state.deferred = failure("argument \(argument.textualName) is required")
        }
    }

    /// argparse4j lists the group's flags, each followed by a space: `one of the arguments --a --b is required`.
    private func checkRequiredMutex(_ state: inout State, groupUsed: [Int: Int]) {
        guard state.deferred == nil else { return }
        for group in requiredMutexGroups.sorted() where groupUsed[group] == nil {
            let names = arguments.filter { $0.mutexGroup == group }.map { $0.textualName + " " }.joined()
            state.deferred = failure("one of the arguments \(names)is required")
        }
    }

    // MARK: usage, help, errors

    private static let formatWidth = 75

    func usageText() -> String {
        let usageProg = "usage: \(prog)"
        var opts: [String] = []
        var chain: [ArgParse4jParser] = []
        var parent = mainParser
        while let p = parent { chain.insert(p, at: 0); parent = p.mainParser }
        for p in chain {
            if let command = p.command { opts.append(command) }
            for argument in p.arguments where argument.required && argument.mutexGroup == nil {
                opts.append(argument.shortSyntax(bracketed: false))
            }
        }
        if let command { opts.append(command) }
        for argument in arguments where argument.mutexGroup == nil {
            opts.append(argument.shortSyntax(bracketed: !argument.required))
        }
        for group in 0..<mutexGroupCount {
            let members = arguments.filter { $0.mutexGroup == group }
            let (open, close) = requiredMutexGroups.contains(group) ? ("(", ")") : ("[", "]")
            if members.count > 1 {
                opts.append(open + members[0].shortSyntax(bracketed: false))
                for member in members.dropFirst().dropLast() {
                    opts.append("|")
                    opts.append(member.shortSyntax(bracketed: false))
                }
                opts.append("|")
                opts.append((members.last?.shortSyntax(bracketed: false) ?? "") + close)
            } else if let only = members.first {
                opts.append(only.shortSyntax(bracketed: !requiredMutexGroups.contains(group)))
            }
        }
        if !subcommands.isEmpty {
            opts.append("{" + subcommands.map(\.name).joined(separator: ",") + "}")
            opts.append("...")
        }
        var out = usageProg
        let offset: Int
        let subsequentIndent: String
        if usageProg.count > 30 {
            out += "\n"
            offset = 6
            subsequentIndent = String(repeating: " ", count: 6)
        } else {
            offset = usageProg.count
            subsequentIndent = String(repeating: " ", count: offset)
        }
        var width = offset
        var first = true
        for syntax in opts {
            if !first && width + syntax.count + 1 > Self.formatWidth {
                out += "\n" + subsequentIndent + " " + syntax
                width = subsequentIndent.count + 1 + syntax.count
            } else {
                out += " " + syntax
                width += 1 + syntax.count
                first = false
            }
        }
        return out + "\n"
    }

    func helpText() -> String {
        var out = usageText()
        if !description.isEmpty { out += "\n" + description + "\n" }
        if !subcommands.isEmpty {
            out += "\npositional arguments:\n"
            out += Self.helpLine("{" + subcommands.map(\.name).joined(separator: ",") + "}", "")
            for sub in subcommands { out += Self.helpLine("  " + sub.name, sub.help) }
        }
        out += "\nnamed arguments:\n"
        for argument in arguments {
            let more = argument.oneOrMore ? " [\(argument.metavar) ...]" : ""
            let title = argument.flags.map { argument.consumesValue ? "\($0) \(argument.metavar)\(more)" : $0 }.joined(separator: ", ")
            var help = argument.help
            if argument.action == .storeTrue { help += (help.isEmpty ? "" : " ") + "(default: false)" }
            if defaultHelp, let value = argument.defaultValue { help += (help.isEmpty ? "" : " ") + "(default: \(value))" }
            out += Self.helpLine(title, help)
        }
        return out
    }

    private static func helpLine(_ title: String, _ help: String) -> String {
        let indent = String(repeating: " ", count: 25)
        let head = "  " + title
        var out = head
        if help.isEmpty { return out + "\n" }
        if head.count <= 23 {
            out += String(repeating: " ", count: 25 - head.count)
        } else {
            out += "\n" + indent
        }
        var column = 25
        var firstWord = true
        for word in help.split(separator: " ", omittingEmptySubsequences: false) {
            if !firstWord && column + 1 + word.count > formatWidth {
                out += "\n" + indent
                column = 25
            } else if !firstWord {
                out += " "
                column += 1
            }
            out += word
            column += word.count
            firstWord = false
        }
        return out + "\n"
    }

    private func errorText(_ message: String, unrecognizedFlag: String?, unrecognizedCommand: String?) -> String {
        var out = usageText() + "\(prog): error: \(message)\n"
        if let flag = unrecognizedFlag, flag.hasPrefix("-") {
            let body = String(flag.drop(while: { $0 == "-" }))
            if body.count >= 2 {
                let subjects = arguments.flatMap(\.flags).compactMap { flag -> (String, String)? in
                    let body = String(flag.drop(while: { $0 == "-" }))
                    return body.count <= 1 ? nil : (flag, body)
                }
                out += Self.candidates(body, subjects)
            }
        } else if let command = unrecognizedCommand {
            out += Self.candidates(command, subcommands.map { ($0.name, $0.name) })
        }
        return out
    }

    /// argparse4j's "Did you mean:" suggestions (git's edit-distance costs).
    private static func candidates(_ body: String, _ subjects: [(subject: String, body: String)]) -> String {
        let scored = subjects.map { subject in
            (score: subject.body.hasPrefix(body) ? 0 : levenshtein(body, subject.body), subject: subject.subject)
        }.sorted { $0.score != $1.score ? $0.score < $1.score : $0.subject < $1.subject }
        guard let threshold = scored.first?.score, threshold < 7 else { return "" }
        var out = "\nDid you mean:\n"
        for candidate in scored where candidate.score <= threshold { out += "\t\(candidate.subject)\n" }
        return out
    }

    private static func levenshtein(_ a: String, _ b: String) -> Int {
        let a = Array(a.utf16), b = Array(b.utf16)
        var dp = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: 3)
        for i in 0...b.count { dp[1][i] = i }
        if a.isEmpty { return dp[1][b.count] }
        for i in 1...a.count {
            dp[0][0] = i
            if !b.isEmpty {
                for j in 1...b.count {
                    dp[0][j] = dp[1][j - 1] + (a[i - 1] == b[j - 1] ? 0 : 2)
                    if i >= 2, j >= 2, a[i - 1] != b[j - 1], a[i - 2] == b[j - 1], a[i - 1] == b[j - 2] {
                        dp[0][j] = min(dp[0][j], dp[2][j - 2])
                    }
                    dp[0][j] = min(dp[0][j], min(dp[1][j] + 4, dp[0][j - 1] + 1))
                }
            }
            let temp = dp[2]
            dp[2] = dp[1]
            dp[1] = dp[0]
            dp[0] = temp
        }
        return dp[1][b.count]
    }
}
