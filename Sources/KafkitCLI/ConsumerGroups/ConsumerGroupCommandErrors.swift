import KafkaClient
import KafkaProtocol

/// A failure inside `ConsumerGroupCommand.run`'s try-block: Kafka prints
/// `\nError: Executing consumer group command failed due to <message>` on stdout, the stack
/// trace on stderr, and exits 0.
struct ConsumerGroupCommandFailure: Error, Sendable, Equatable {
    /// `e.getMessage()` of what reached `run`.
    var message: String
    /// The Java exception class name (for JSON error documents).
    var type: String
    /// The first line and cause of the trace Java prints (frames are not reproduced).
    var trace: String

    init(message: String, type: String, wrapped: Bool) {
        self.message = message
        self.type = type
        self.trace = wrapped
            ? "java.util.concurrent.ExecutionException: \(message)\n"
                + "\tat org.apache.kafka.tools.consumer.group.ConsumerGroupCommand.run(ConsumerGroupCommand.java)\n"
                + "\tat org.apache.kafka.tools.consumer.group.ConsumerGroupCommand.main(ConsumerGroupCommand.java)\n"
                + "Caused by: \(message)\n"
            : "\(message)\n\tat org.apache.kafka.tools.consumer.group.ConsumerGroupCommand.run(ConsumerGroupCommand.java)\n"
    }

    /// What a client error looks like once it reached `run` (a failed future: `ExecutionException`
    /// whose message is the cause's `toString()`).
    static func from(_ error: any Error) -> ConsumerGroupCommandFailure {
        switch error {
        case let failure as ConsumerGroupCommandFailure:
            return failure
        case let kafka as KafkaError:
            let text: String
            if case let .invalidArgument(message) = kafka {
                text = "java.lang.IllegalArgumentException: " + message
            } else {
                text = JavaErrorText.describe(kafka)
            }
            let className = text.split(separator: ":").first.map(String.init) ?? "KafkaException"
            return ConsumerGroupCommandFailure(
                message: text, type: className.split(separator: ".").last.map(String.init) ?? className, wrapped: true)
        case let parse as ResetTimestamps.ParseFailure:
            return ConsumerGroupCommandFailure(message: parse.message, type: "ParseException", wrapped: false)
        case let jopt as JoptError:
            return ConsumerGroupCommandFailure(message: jopt.message, type: "OptionException", wrapped: false)
        default:
            return ConsumerGroupCommandFailure(message: "org.apache.kafka.common.KafkaException: \(error)", type: "KafkaException", wrapped: true)
        }
    }
}

/// An `IllegalArgumentException` reaching `run` (or `printUsageAndExit` called from inside it):
/// the message and usage on stderr, exit 1.
struct ConsumerGroupUsageFailure: Error, Sendable, Equatable {
    var message: String
}
