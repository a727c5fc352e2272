/// The `joptsimple.OptionException` subclasses, with jopt-simple 5's message texts
/// (`joptsimple/ExceptionMessages.properties`). Option names inside are jopt's: without dashes,
/// several names of one option joined by `/`, several options as `[a, b]`.
public enum JoptError: Error, Sendable, Equatable, CustomStringConvertible {
    case unrecognizedOption(String)
    case missingRequiredArgument(option: String)
    case argumentConversion(option: String, argument: String)
    case multipleArguments(option: String)
    case illegalOptionCharacter(String)
    case missingRequiredOptions([String])
    case unavailableOptions([String])

    /// The Java class name, as printed by an uncaught exception.
    public var javaClassName: String {
        switch self {
        case .unrecognizedOption: "joptsimple.UnrecognizedOptionException"
        case .missingRequiredArgument: "joptsimple.OptionMissingRequiredArgumentException"
        case .argumentConversion: "joptsimple.OptionArgumentConversionException"
        case .multipleArguments: "joptsimple.MultipleArgumentsForOptionException"
        case .illegalOptionCharacter: "joptsimple.IllegalOptionSpecificationException"
        case .missingRequiredOptions: "joptsimple.MissingRequiredOptionsException"
        case .unavailableOptions: "joptsimple.UnavailableOptionException"
        }
    }

    /// `getMessage()`.
    public var message: String {
        switch self {
        case .unrecognizedOption(let name):
            "\(name) is not a recognized option"
        case .missingRequiredArgument(let option):
            "Option \(option) requires an argument"
        case .argumentConversion(let option, let argument):
            "Cannot parse argument '\(argument)' of option \(option)"
        case .multipleArguments(let option):
            "Found multiple arguments for option \(option), but you asked for only one"
        case .illegalOptionCharacter(let character):
            "\(character) is not a legal option character"
        case .missingRequiredOptions(let options):
            "Missing required option(s) [\(options.joined(separator: ", "))]"
        case .unavailableOptions(let options):
            "Option(s) [\(options.joined(separator: ", "))] are unavailable given other options on the command line"
        }
    }

    public var description: String { message }

    /// The exception as the JVM reports it when nothing catches it.
    public var uncaught: UncaughtJavaException {
        UncaughtJavaException(className: javaClassName, message: message)
    }
}
