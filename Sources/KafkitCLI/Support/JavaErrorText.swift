import KafkaClient
import KafkaProtocol

/// How a Kafka tool prints a failed future: `ExecutionException.getMessage()`, which is the
/// cause's `toString()` (`org.apache.kafka.common.errors.<Name>Exception: <message>`).
public enum JavaErrorText {
    /// The Java exception class for a broker error code (`Errors.exception()`'s class).
    public static func exceptionClass(_ code: ErrorCode) -> String {
        if let renamed = renamedExceptions[code.name] { return "org.apache.kafka.common.errors." + renamed }
        let camel = code.name.split(separator: "_").map { String($0.prefix(1)) + $0.dropFirst().lowercased() }.joined()
        let name = camel.hasSuffix("Exception") ? camel : camel + "Exception"
        return "org.apache.kafka.common.errors." + name
    }

    /// Codes whose exception class is not `<CamelCaseName>Exception` (from `Errors`).
    static let renamedExceptions: [String: String] = [
        "UNKNOWN_SERVER_ERROR": "UnknownServerException",
        "CORRUPT_MESSAGE": "CorruptRecordException",
        "REQUEST_TIMED_OUT": "TimeoutException",
        "MESSAGE_TOO_LARGE": "RecordTooLargeException",
        "STALE_CONTROLLER_EPOCH": "ControllerMovedException",
        "INVALID_CONFIG": "InvalidConfigurationException",
        "KAFKA_STORAGE_ERROR": "KafkaStorageException",
        "SASL_AUTHENTICATION_FAILED": "SaslAuthenticationException",
        "NON_EMPTY_GROUP": "GroupNotEmptyException",
        "INVALID_REGULAR_EXPRESSION": "InvalidRegularExpression",
        "TOPIC_ALREADY_EXISTS": "TopicExistsException",
        "TOPIC_AUTHORIZATION_FAILED": "TopicAuthorizationException",
        "CLUSTER_AUTHORIZATION_FAILED": "ClusterAuthorizationException",
        "GROUP_AUTHORIZATION_FAILED": "GroupAuthorizationException",
        "NOT_CONTROLLER": "NotControllerException",
    ]

    /// `Throwable.toString()` of the exception the Java client would have raised for `error`.
    public static func describe(_ error: any Error) -> String {
        if let kafka = error as? KafkaError, case let .broker(code, message, _) = kafka {
            let text = message.flatMap { $0.isEmpty ? nil : $0 } ?? code.message ?? code.name
            return exceptionClass(code) + ": " + text
        }
        if let kafka = error as? KafkaError, case .unsupportedVersion = kafka {
            return "org.apache.kafka.common.errors.UnsupportedVersionException: \(kafka)"
        }
        if let kafka = error as? KafkaError, case .timeout = kafka {
            return "org.apache.kafka.common.errors.TimeoutException: \(kafka)"
        }
        return "org.apache.kafka.common.KafkaException: \(error)"
    }
}
