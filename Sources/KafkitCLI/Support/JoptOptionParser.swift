/// jopt-simple's `OptionParser` as Kafka builds it (`new OptionParser(false)`): long options
/// only, no abbreviations, `--name value`, `--name=value`, `-name value`, any order, repeated
/// options accumulate, non-option tokens are collected, `--` ends option parsing.
///
/// Arguments are converted to their `ValueType` only when the tool asks for them
/// (`JoptOptionSet.value(of:as:)`), which is when jopt converts and throws, too.
public struct JoptOptionParser: Sendable {
    public let options: [JoptOption]
    private let byName: [String: Int]

    /// Later declarations of a name win, as in jopt's recognized-options map.
    public init(options: [JoptOption]) {
        self.options = options
        var byName: [String: Int] = [:]
        for (index, option) in options.enumerated() {
            for name in option.names { byName[name] = index }
        }
        self.byName = byName
    }

    public func option(named name: String) -> JoptOption? {
        byName[name].map { options[$0] }
    }

    func index(named name: String) -> Int? { byName[name] }

    public func parse(_ arguments: [String]) throws(JoptError) -> JoptOptionSet {
        var state = ParseState(arguments: arguments)
        while let token = state.next() {
            if token == "--" {
                while let rest = state.next() { state.nonOptions.append(rest) }
            } else if Self.isLongOptionToken(token) {
                try handleLongOption(token, &state)
            } else if Self.isShortOptionToken(token) {
                try handleShortOption(token, &state)
            } else {
                state.nonOptions.append(token)
            }
        }
        let set = JoptOptionSet(parser: self, detected: state.detected, nonOptionArguments: state.nonOptions)
        try ensureRequiredAndAllowed(set)
        return set
    }

    // MARK: - Tokens

    static func isLongOptionToken(_ token: String) -> Bool { token.hasPrefix("--") && token != "--" }

    static func isShortOptionToken(_ token: String) -> Bool {
        token.hasPrefix("-") && token != "-" && !isLongOptionToken(token)
    }

    /// `OptionParser.looksLikeAnOption`: decides whether an optional argument is taken.
    static func looksLikeAnOption(_ token: String) -> Bool { isShortOptionToken(token) || isLongOptionToken(token) }

    /// Splits `name=value` at the first `=` (jopt `KeyValuePair.valueOf`).
    private static func keyAndValue(_ body: Substring) -> (key: String, value: String?) {
        guard let equals = body.firstIndex(of: "=") else { return (String(body), nil) }
        return (String(body[..<equals]), String(body[body.index(after: equals)...]))
    }

    private func handleLongOption(_ token: String, _ state: inout ParseState) throws(JoptError) {
        let (key, value) = Self.keyAndValue(token.dropFirst(2))
        guard let index = byName[key] else { throw .unrecognizedOption(key) }
        try handle(index, detectedArgument: value, &state)
    }

    private func handleShortOption(_ token: String, _ state: inout ParseState) throws(JoptError) {
        let (key, value) = Self.keyAndValue(token.dropFirst())
        if let index = byName[key] {
            try handle(index, detectedArgument: value, &state)
            return
        }
        // jopt then reads the token as a cluster of one-letter options (`-abc`).
        let cluster = Array(key)
        for character in cluster where !Self.isLegalOptionCharacter(character) {
            throw .illegalOptionCharacter(String(character))
        }
        for (position, character) in cluster.enumerated() {
            guard let index = byName[String(character)] else { throw .unrecognizedOption(String(character)) }
            if options[index].acceptsArguments && position + 1 < cluster.count {
                try handle(index, detectedArgument: String(cluster[(position + 1)...]), &state)
                return
            }
            try handle(index, detectedArgument: nil, &state)
        }
    }

    /// `ParserRules.ensureLegalOptionCharacter`.
    private static func isLegalOptionCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber || "?._-".contains(character)
    }

    private func handle(_ index: Int, detectedArgument: String?, _ state: inout ParseState) throws(JoptError) {
        let option = options[index]
        switch option.argument {
        case .none:
            state.markPresent(index)
        case .required:
            if let detectedArgument, !detectedArgument.isEmpty {
                state.add(detectedArgument, to: index, separator: option.valueSeparator)
            } else {
                guard let next = state.next() else { throw .missingRequiredArgument(option: option.messageName) }
                state.add(next, to: index, separator: option.valueSeparator)
            }
        case .optional:
            if let detectedArgument, !detectedArgument.isEmpty {
                state.add(detectedArgument, to: index, separator: option.valueSeparator)
            } else if let next = state.peek(), canConvert(next, option),
                      !Self.looksLikeAnOption(next) || option.valueType != .string {
                // jopt also takes an option-looking token (`-5`) when it converts to the number type.
                _ = state.next()
                state.add(next, to: index, separator: option.valueSeparator)
            } else {
                state.markPresent(index)
            }
        }
    }

    private func canConvert(_ argument: String, _ option: JoptOption) -> Bool {
        JoptValueConversion.convert(argument, to: option.valueType) != nil
    }

    // MARK: - Required / available checks (skipped when a help option is present)

    private func ensureRequiredAndAllowed(_ set: JoptOptionSet) throws(JoptError) {
        let helpPresent = options.indices.contains { options[$0].isForHelp && set.has(index: $0) }
        if helpPresent { return }

        var missing: [String] = []
        for (index, option) in options.enumerated() where !set.has(index: index) {
            let needed = option.isRequired
                || (!option.requiredIf.isEmpty && option.requiredIf.contains { set.has($0) })
                || (!option.requiredUnless.isEmpty && !option.requiredUnless.contains { set.has($0) })
            if needed && !missing.contains(option.messageName) { missing.append(option.messageName) }
        }
        if !missing.isEmpty { throw .missingRequiredOptions(missing) }

        var unavailable: [String] = []
        for (index, option) in options.enumerated() where set.has(index: index) {
            let forbidden = (!option.availableIf.isEmpty && !option.availableIf.contains { set.has($0) })
                || (!option.availableUnless.isEmpty && option.availableUnless.contains { set.has($0) })
            if forbidden && !unavailable.contains(option.messageName) { unavailable.append(option.messageName) }
        }
        if !unavailable.isEmpty { throw .unavailableOptions(unavailable) }
    }
}

/// The command line being walked, and what was found so far.
private struct ParseState {
    let arguments: [String]
    var position = 0
    var detected: [Int: [String]] = [:]
    var nonOptions: [String] = []

    mutating func next() -> String? {
        guard position < arguments.count else { return nil }
        defer { position += 1 }
        return arguments[position]
    }

    func peek() -> String? { position < arguments.count ? arguments[position] : nil }

    mutating func markPresent(_ index: Int) {
        if detected[index] == nil { detected[index] = [] }
    }

    mutating func add(_ argument: String, to index: Int, separator: Character?) {
        markPresent(index)
        if let separator {
            detected[index, default: []] += argument.split(separator: separator, omittingEmptySubsequences: false)
                .map(String.init)
        } else {
            detected[index, default: []].append(argument)
        }
    }
}
