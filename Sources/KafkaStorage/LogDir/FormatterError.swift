/// Kafka's `FormatterException` / `TerseFailure`: the storage tool prints just the message on
/// stderr and exits 1.
public struct FormatterError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An exception Kafka throws here and its storage tool does not catch (`RuntimeException`,
/// `IllegalArgumentException`, `ConfigException`, I/O errors): the JVM prints
/// `Exception in thread "main" <class>: <message>` and a stack trace, exit 1.
public struct JavaException: Error, Equatable, CustomStringConvertible {
    public var className: String
    public var message: String

    public init(_ className: String, _ message: String) {
        self.className = className
        self.message = message
    }

    public static func runtime(_ message: String) -> JavaException {
        JavaException("java.lang.RuntimeException", message)
    }

    public static func illegalArgument(_ message: String) -> JavaException {
        JavaException("java.lang.IllegalArgumentException", message)
    }

    public static func config(_ message: String) -> JavaException {
        JavaException("org.apache.kafka.common.config.ConfigException", message)
    }

    /// `Throwable.toString()`.
    public var description: String { "\(className): \(message)" }
}
