/// An exception that Kafka's tool does not catch, so the JVM prints it and exits with 1:
/// `Exception in thread "main" <class>: <message>` then one `\tat <frame>` line per stack frame.
///
/// Tools throw it where Kafka's code would throw; `JoptToolRunner` prints it. Stack frames are
/// given only where a tool reproduces a recorded Kafka trace; otherwise only the first line is
/// printed, which carries all the information.
public struct UncaughtJavaException: Error, Sendable, Equatable, CustomStringConvertible {
    public var className: String
    /// `getMessage()`; `nil` prints the class name alone, as `Throwable.toString` does.
    public var message: String?
    public var stackFrames: [String]

    public init(className: String, message: String?, stackFrames: [String] = []) {
        self.className = className
        self.message = message
        self.stackFrames = stackFrames
    }

    /// `Throwable.toString()`.
    public var description: String {
        guard let message else { return className }
        return "\(className): \(message)"
    }

    /// The text the JVM's default handler writes to stderr (with a final newline).
    public var report: String {
        var text = "Exception in thread \"main\" \(description)\n"
        for frame in stackFrames { text += "\tat \(frame)\n" }
        return text
    }
}

/// Ends a tool run with an exit code (Kafka's `Exit.exit(n)`), after the tool wrote what it had to.
public struct ToolExit: Error, Sendable, Equatable {
    public var code: Int32
    public init(_ code: Int32) { self.code = code }
    public static let success = ToolExit(0)
    public static let failure = ToolExit(1)
}
