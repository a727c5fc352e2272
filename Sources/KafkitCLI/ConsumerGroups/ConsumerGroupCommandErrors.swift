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
        case let wrapped as WrappedGroupCommandError:
            let cause = from(wrapped.error)
            switch wrapped.style {
            case .runtimeException:
                return ConsumerGroupCommandFailure(
                    message: "java.util.concurrent.ExecutionException: " + cause.message, type: cause.type, wrapped: true)
            case .rethrownCause:
                let plain = cause.message.range(of: ": ").map { String(cause.message[$0.upperBound...]) } ?? cause.message
                return ConsumerGroupCommandFailure(message: plain, type: cause.type, wrapped: false)
            }
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

/// How a failed admin future reaches `run` in Kafka 4.0's tool, which decides the message text:
/// `new RuntimeException(executionException)` (listing groups, committed offsets, log offsets:
/// `java.util.concurrent.ExecutionException: <cause>`) or the `KafkaException` cause rethrown
/// (describing topics and committing offsets while resetting: the cause's message alone).
/// Failures not wrapped arrive as the `ExecutionException` itself: `<cause class>: <message>`.
struct WrappedGroupCommandError: Error {
    enum Style: Sendable { case runtimeException, rethrownCause }
    var style: Style
    var error: any Error

    /// Runs `body`, wrapping what it throws (usage failures and exits pass through).
    static func wrapping<T>(_ style: Style, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ConsumerGroupUsageFailure {
            throw error
        } catch let error as WrappedGroupCommandError {
            throw error
        } catch {
            throw WrappedGroupCommandError(style: style, error: error)
        }
    }
}
