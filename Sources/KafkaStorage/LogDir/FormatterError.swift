/// Kafka's `FormatterException` / `TerseFailure`: the storage tool prints just the message on
/// stderr and exits 1.
public struct FormatterError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// An exception Kafka's storage tool does not catch (`RuntimeException`,
/// `IllegalArgumentException`, `ConfigException`, I/O errors): the JVM prints
/// `Exception in thread "main" <class>: <message>` and a stack trace, exit 1.
public struct UncaughtJavaException: Error, Equatable, CustomStringConvertible {
    public var className: String
    public var message: String

    public init(_ className: String, _ message: String) {
        self.className = className
        self.message = message
    }

    public static func runtime(_ message: String) -> UncaughtJavaException {
        UncaughtJavaException("java.lang.RuntimeException", message)
    }

    public static func illegalArgument(_ message: String) -> UncaughtJavaException {
        UncaughtJavaException("java.lang.IllegalArgumentException", message)
    }

    public static func config(_ message: String) -> UncaughtJavaException {
        UncaughtJavaException("org.apache.kafka.common.config.ConfigException", message)
    }

    /// The first line of the JVM's report.
    public var description: String { "Exception in thread \"main\" \(className): \(message)" }
}
