/// One option of a jopt-simple tool, declared the way Kafka declares it with
/// `parser.accepts(name, description)[.withRequiredArg|.withOptionalArg].describedAs(..).ofType(..).defaultsTo(..)`.
///
/// Options are plain data so that help text, shell completions and man pages can be generated
/// from the same declarations the parser uses.
public struct JoptOption: Sendable, Hashable {
    /// Whether the option takes an argument (jopt's three spec kinds).
    public enum Argument: Sendable, Hashable {
        /// `accepts(name)`: a flag; an argument given as `--flag=x` is ignored, as jopt does.
        case none
        /// `withRequiredArg()`: the next command-line token is taken as the argument, whatever it is.
        case required
        /// `withOptionalArg()`: the next token is taken only if it does not look like an option.
        case optional
    }

    /// The type Kafka gives with `ofType(..)`: decides conversion and the help type indicator.
    public enum ValueType: String, Sendable, Hashable {
        case string = "String"
        case integer = "Integer"
        case long = "Long"
        case double = "Double"
        case short = "Short"
    }

    /// Every name of the option (jopt `acceptsAll`), without dashes. The first names it in help
    /// sort order; all are joined by `/` in jopt's own messages.
    public var names: [String]
    public var description: String
    public var argument: Argument
    /// `describedAs(..)`: shown in help as `<Type: description>`.
    public var argumentDescription: String
    public var valueType: ValueType
    /// `defaultsTo(..)`, already as text.
    public var defaults: [String]
    /// `required()`: jopt itself rejects a command line without it (Kafka rarely uses this;
    /// it usually checks with `CommandLineUtils.checkRequiredArgs`).
    public var isRequired: Bool
    /// `forHelp()`: its presence switches off jopt's required/available checks.
    public var isForHelp: Bool
    /// `withValuesSeparatedBy(..)`: one token holds several values.
    public var valueSeparator: Character?
    /// `requiredIf` / `requiredUnless` / `availableIf` / `availableUnless` (names of other options).
    public var requiredIf: [String]
    public var requiredUnless: [String]
    public var availableIf: [String]
    public var availableUnless: [String]

    public init(
        names: [String], description: String, argument: Argument = .none, argumentDescription: String = "",
        valueType: ValueType = .string, defaults: [String] = [], isRequired: Bool = false,
        isForHelp: Bool = false, valueSeparator: Character? = nil, requiredIf: [String] = [],
        requiredUnless: [String] = [], availableIf: [String] = [], availableUnless: [String] = []
    ) {
        self.names = names
        self.description = description
        self.argument = argument
        self.argumentDescription = argumentDescription
        self.valueType = valueType
        self.defaults = defaults
        self.isRequired = isRequired
        self.isForHelp = isForHelp
        self.valueSeparator = valueSeparator
        self.requiredIf = requiredIf
        self.requiredUnless = requiredUnless
        self.availableIf = availableIf
        self.availableUnless = availableUnless
    }

    /// The primary name.
    public var name: String { names.first ?? "" }

    /// How jopt names the option inside its exception messages (`OptionException.specToString`).
    public var messageName: String { names.joined(separator: "/") }

    /// How Kafka prints an option spec (`AbstractOptionSpec.toString`): `[name]`.
    public var specDescription: String { "[" + names.joined(separator: ", ") + "]" }

    public var acceptsArguments: Bool { argument != .none }

    // MARK: - Builders mirroring jopt's fluent API

    /// `parser.accepts(name, description)`.
    public static func flag(_ name: String, _ description: String) -> JoptOption {
        JoptOption(names: [name], description: description)
    }

    /// `parser.accepts(name, description).withRequiredArg.describedAs(..).ofType(..).defaultsTo(..)`.
    public static func requiredArgument(
        _ name: String, _ description: String, describedAs: String = "", type: ValueType = .string,
        default defaults: [String] = []
    ) -> JoptOption {
        JoptOption(
            names: [name], description: description, argument: .required, argumentDescription: describedAs,
            valueType: type, defaults: defaults)
    }

    /// `parser.accepts(name, description).withOptionalArg.describedAs(..).ofType(..).defaultsTo(..)`.
    public static func optionalArgument(
        _ name: String, _ description: String, describedAs: String = "", type: ValueType = .string,
        default defaults: [String] = []
    ) -> JoptOption {
        JoptOption(
            names: [name], description: description, argument: .optional, argumentDescription: describedAs,
            valueType: type, defaults: defaults)
    }

    /// `CommandDefaultOptions`' `--help`.
    public static let help = JoptOption(names: ["help"], description: "Print this option table and exit.", isForHelp: true)
    /// `CommandDefaultOptions`' `--version`.
    public static let version = JoptOption(names: ["version"], description: "Print the Kafka version, then kafkit's, and exit.", isForHelp: true)

    // MARK: - Modifiers

    public func required() -> JoptOption { var o = self; o.isRequired = true; return o }
    public func forHelp() -> JoptOption { var o = self; o.isForHelp = true; return o }
    public func withValuesSeparated(by separator: Character) -> JoptOption {
        var o = self; o.valueSeparator = separator; return o
    }
    public func requiredIf(_ others: String...) -> JoptOption { var o = self; o.requiredIf += others; return o }
    public func requiredUnless(_ others: String...) -> JoptOption {
        var o = self; o.requiredUnless += others; return o
    }
    public func availableIf(_ others: String...) -> JoptOption { var o = self; o.availableIf += others; return o }
    public func availableUnless(_ others: String...) -> JoptOption {
        var o = self; o.availableUnless += others; return o
    }
}
