import Foundation

/// What `JoptOptionParser.parse` found (jopt's `OptionSet`): which options are present, their
/// arguments in command-line order, and the non-option arguments. Lookups take any of an
/// option's names.
public struct JoptOptionSet: Sendable {
    public let parser: JoptOptionParser
    let detected: [Int: [String]]
    /// Tokens that are not options or option arguments (`nonOptionArguments()`).
    public let nonOptionArguments: [String]

    init(parser: JoptOptionParser, detected: [Int: [String]], nonOptionArguments: [String]) {
        self.parser = parser
        self.detected = detected
        self.nonOptionArguments = nonOptionArguments
    }

    func has(index: Int) -> Bool { detected[index] != nil }

    private func index(of name: String) -> Int? { parser.index(named: name) }

    /// `has(spec)`: the option was given (with or without an argument).
    public func has(_ name: String) -> Bool {
        guard let index = index(of: name) else { return false }
        return has(index: index)
    }

    /// `hasArgument(spec)`: the option was given with at least one argument.
    public func hasArgument(_ name: String) -> Bool {
        guard let index = index(of: name) else { return false }
        return !(detected[index] ?? []).isEmpty
    }

    /// The arguments given on the command line, without defaults.
    public func givenArguments(of name: String) -> [String] {
        guard let index = index(of: name) else { return [] }
        return detected[index] ?? []
    }

    /// `valuesOf(spec)` for text: the given arguments, or the defaults when none were given.
    public func values(of name: String) -> [String] {
        guard let index = index(of: name) else { return [] }
        let given = detected[index] ?? []
        return given.isEmpty ? parser.options[index].defaults : given
    }

    /// `valueOf(spec)` for text: `nil` when absent without default; throws
    /// `MultipleArgumentsForOptionException` when given more than once.
    public func value(of name: String) throws(JoptError) -> String? {
        let all = values(of: name)
        guard all.count <= 1 else {
            throw .multipleArguments(option: parser.option(named: name)?.messageName ?? name)
        }
        return all.first
    }

    /// `valuesOf(spec)` converted to `type`; throws `OptionArgumentConversionException` on the
    /// first argument that does not convert.
    public func values<T: JoptValue>(of name: String, as type: T.Type) throws(JoptError) -> [T] {
        var converted: [T] = []
        for text in values(of: name) {
            guard let value = T(joptArgument: text) else {
                throw .argumentConversion(option: parser.option(named: name)?.messageName ?? name, argument: text)
            }
            converted.append(value)
        }
        return converted
    }

    /// `valueOf(spec)` converted to `type`.
    public func value<T: JoptValue>(of name: String, as type: T.Type) throws(JoptError) -> T? {
        let all = try values(of: name, as: type)
        guard all.count <= 1 else {
            throw .multipleArguments(option: parser.option(named: name)?.messageName ?? name)
        }
        return all.first
    }
}

/// A type jopt converts arguments to with `ofType(..)` (via the class's `valueOf(String)`).
public protocol JoptValue: Sendable {
    init?(joptArgument: String)
}

extension String: JoptValue {
    public init?(joptArgument: String) { self = joptArgument }
}

extension Int32: JoptValue {
    /// `Integer.valueOf`: optional sign, decimal digits, no spaces.
    public init?(joptArgument: String) { self.init(joptArgument, radix: 10) }
}

extension Int64: JoptValue {
    /// `Long.valueOf`.
    public init?(joptArgument: String) { self.init(joptArgument, radix: 10) }
}

extension Int16: JoptValue {
    /// `Short.valueOf`.
    public init?(joptArgument: String) { self.init(joptArgument, radix: 10) }
}

extension Double: JoptValue {
    /// `Double.valueOf`: surrounding whitespace allowed, an `f`/`d` suffix allowed.
    public init?(joptArgument: String) {
        var text = joptArgument.trimmingCharacters(in: .whitespaces)
        if let last = text.last, "fFdD".contains(last), !text.hasSuffix("Infinity") { text.removeLast() }
        self.init(text)
    }
}

enum JoptValueConversion {
    /// Whether `argument` converts to `type` (jopt `canConvertArgument`), as text.
    static func convert(_ argument: String, to type: JoptOption.ValueType) -> String? {
        let ok: Bool = switch type {
        case .string: true
        case .integer: Int32(joptArgument: argument) != nil
        case .long: Int64(joptArgument: argument) != nil
        case .short: Int16(joptArgument: argument) != nil
        case .double: Double(joptArgument: argument) != nil
        }
        return ok ? argument : nil
    }
}
