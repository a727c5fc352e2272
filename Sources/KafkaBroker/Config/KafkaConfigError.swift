/// A configuration problem, worded as Kafka's `ConfigException` / `IllegalArgumentException`.
public enum KafkaConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `Missing required configuration "k" which has no default value.`
    case missing(key: String)
    /// `Invalid value v for configuration k: reason`
    case invalid(key: String, value: String, reason: String)
    /// A cross-key rule (`KafkaConfig.validateValues`), message as Kafka words it.
    case illegal(String)
    /// A `ConfigException` built from a bare message (`new ConfigException(message)`).
    case config(String)

    public var description: String {
        switch self {
        case let .missing(key): return "Missing required configuration \"\(key)\" which has no default value."
        case let .invalid(key, value, reason): return "Invalid value \(value) for configuration \(key): \(reason)"
        case let .illegal(message), let .config(message): return message
        }
    }

    /// The Java exception class Kafka throws for this problem.
    public var javaClassName: String {
        switch self {
        case .missing, .invalid, .config: return "org.apache.kafka.common.config.ConfigException"
        case .illegal: return "java.lang.IllegalArgumentException"
        }
    }
}
