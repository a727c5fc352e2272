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
            self.init(className: "org.apache.kafka.common.errors." + Self.exceptionName(code), message: error.description)
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

    /// The `Errors` enum's exception class for the codes the topic admin calls can return;
    /// others are named after the error constant, as most Kafka exception classes are.
    static func exceptionName(_ code: ErrorCode) -> String {
        switch code {
        case .topicAlreadyExists: "TopicExistsException"
        case .invalidPartitions: "InvalidPartitionsException"
        case .invalidReplicationFactor: "InvalidReplicationFactorException"
        case .invalidReplicaAssignment: "InvalidReplicaAssignmentException"
        case .invalidConfig: "InvalidConfigurationException"
        case .invalidTopicException: "InvalidTopicException"
        case .unknownTopicOrPartition: "UnknownTopicOrPartitionException"
        case .unknownTopicId: "UnknownTopicIdException"
        case .policyViolation: "PolicyViolationException"
        case .invalidRequest: "InvalidRequestException"
        case .topicAuthorizationFailed: "TopicAuthorizationException"
        case .clusterAuthorizationFailed: "ClusterAuthorizationException"
        case .notController: "NotControllerException"
        case .requestTimedOut: "TimeoutException"
        case .unknownServerError: "UnknownServerException"
        case .unsupportedVersion: "UnsupportedVersionException"
        case .topicDeletionDisabled: "TopicDeletionDisabledException"
        case .throttlingQuotaExceeded: "ThrottlingQuotaExceededException"
        case .leaderNotAvailable: "LeaderNotAvailableException"
        default:
            code.name.lowercased().split(separator: "_").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
                + "Exception"
        }
    }
}
