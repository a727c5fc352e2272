import KafkaClient

/// Kafka's `TerseException`: `ReassignPartitionsCommand.main` prints only its message, on stdout.
struct ReassignTerseException: Error, Equatable {
    var message: String
}

/// Any other exception reaching `ReassignPartitionsCommand.main`: it prints `Error: <message>`
/// and then the stack trace, both on stdout. We print the trace's exception lines (the exception
/// and its causes) without JVM frames.
struct ReassignJavaException: Error, Equatable {
    static let adminOperationClass = "org.apache.kafka.server.common.AdminOperationException"
    static let adminCommandFailedClass = "org.apache.kafka.server.common.AdminCommandFailedException"
    static let jsonMappingClass = "com.fasterxml.jackson.databind.JsonMappingException"
    static let jsonParseClass = "com.fasterxml.jackson.core.JsonParseException"
    static let executionClass = "java.util.concurrent.ExecutionException"
    static let numberFormatClass = "java.lang.NumberFormatException"
    static let noSuchFileClass = "java.nio.file.NoSuchFileException"

    var className: String
    /// `getMessage()`; nil prints as `null`.
    var message: String?
    /// `toString()` of each cause, outermost first.
    var causes: [String] = []

    /// `Throwable.toString()`.
    var description: String { message.map { "\(className): \($0)" } ?? className }

    /// What `main` prints: the message line, the trace, and the empty line `println` adds after
    /// the trace's own final newline.
    var report: String {
        var text = "Error: \(message ?? "null")\n\(description)\n"
        for cause in causes { text += "Caused by: \(cause)\n" }
        return text + "\n"
    }

    static func adminOperation(_ message: String) -> Self { .init(className: adminOperationClass, message: message) }
    static func adminCommandFailed(_ message: String) -> Self { .init(className: adminCommandFailedClass, message: message) }
    static func jsonMapping(_ message: String) -> Self { .init(className: jsonMappingClass, message: message) }

    /// `ExecutionException` around a failed admin future: its message is the cause's `toString()`.
    static func execution(_ error: any Error) -> Self {
        let cause = JavaErrorText.describe(error)
        return .init(className: executionClass, message: cause, causes: [cause])
    }

    /// `new ExecutionException(new UnknownTopicOrPartitionException(message))`.
    static func unknownTopicOrPartition(_ message: String) -> Self {
        let cause = "org.apache.kafka.common.errors.UnknownTopicOrPartitionException: " + message
        return .init(className: executionClass, message: cause, causes: [cause])
    }
}
