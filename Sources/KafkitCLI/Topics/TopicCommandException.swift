import KafkaClient
import KafkaProtocol

/// An exception raised inside a `kafka-topics.sh` action, as `TopicCommand.printException`
/// reports it: `getMessage()` on stdout, `Utils.stackTrace` logged at ERROR on stderr.
struct TopicCommandException: Error, Sendable, Equatable {
    /// The fully qualified Java class name.
    var className: String
    var message: String
    /// `\tat` frames; broker errors have none (Kafka's `ApiException` skips the stack trace).
    var stackFrames: [String] = []

    /// `Utils.stackTrace(e)`: `Throwable.toString()` then one `\tat` line per frame.
    var stackTrace: String {
        var text = "\(className): \(message)\n"
        for frame in stackFrames { text += "\tat \(frame)\n" }
        return text
    }

    static func illegalArgument(_ message: String, frames: [String] = []) -> TopicCommandException {
        TopicCommandException(className: "java.lang.IllegalArgumentException", message: message, stackFrames: frames)
    }

    /// The exception Kafka's admin client raises for a client-side failure.
    init(_ error: KafkaError) {
        switch error {
        case let .broker(code, _, _):
            self.init(className: JavaErrorText.exceptionClass(code), message: error.description)
        case .timeout, .noBrokersAvailable:
            self.init(className: "org.apache.kafka.common.errors.TimeoutException", message: error.description)
        case .unsupportedVersion:
            self.init(className: "org.apache.kafka.common.errors.UnsupportedVersionException", message: error.description)
        default:
            self.init(className: "org.apache.kafka.common.KafkaException", message: error.description)
        }
    }

    init(className: String, message: String, stackFrames: [String] = []) {
        self.className = className
        self.message = message
        self.stackFrames = stackFrames
    }
}
