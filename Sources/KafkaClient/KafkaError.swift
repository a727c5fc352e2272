import KafkaProtocol

/// Errors the client reports. Broker answers keep Kafka's `ErrorCode` and the broker's message,
/// so tools can print what Kafka's exception would have said.
public enum KafkaError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The broker answered with an error code (and perhaps a message).
    case broker(ErrorCode, message: String?, context: String? = nil)
    /// Neither side supports a common version of an API.
    case unsupportedVersion(api: ApiKey, brokerRange: ClosedRange<Int16>?, clientRange: ClosedRange<Int16>)
    /// The connection closed (or was closed) while requests were in flight or before it was ready.
    case connectionClosed(String)
    /// A response carried a correlation id other than the one at the head of the in-flight queue.
    case correlationMismatch(expected: Int32, received: Int32)
    /// A request waited longer than `request.timeout.ms` (or an operation than `default.api.timeout.ms`).
    case timeout(String)
    /// None of the bootstrap servers could be reached or resolved.
    case noBrokersAvailable(String)
    /// A config value could not be used.
    case invalidConfig(key: String, value: String, reason: String)
    /// Bad arguments to a client call.
    case invalidArgument(String)
    /// The client was closed.
    case clientClosed

    public var errorCode: ErrorCode? {
        if case let .broker(code, _, _) = self { return code }
        return nil
    }

    public var isRetriable: Bool {
        switch self {
        case let .broker(code, _, _): return code.isRetriable
        case .connectionClosed, .timeout, .correlationMismatch: return true
        default: return false
        }
    }

    public var description: String {
        switch self {
        case let .broker(code, message, context):
            let text = message.flatMap { $0.isEmpty ? nil : $0 } ?? code.message ?? code.name
            if let context { return "\(context): \(text)" }
            return text
        case let .unsupportedVersion(api, broker, client):
            let brokerText = broker.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "none"
            return "The broker does not support \(api) (broker versions \(brokerText), client versions \(client.lowerBound)-\(client.upperBound))"
        case let .connectionClosed(reason): return "Connection closed: \(reason)"
        case let .correlationMismatch(expected, received):
            return "Correlation id for response (\(received)) does not match request (\(expected))"
        case let .timeout(what): return "Timed out waiting for \(what)"
        case let .noBrokersAvailable(detail): return "No broker available: \(detail)"
        case let .invalidConfig(key, value, reason): return "Invalid value \(value) for configuration \(key): \(reason)"
        case let .invalidArgument(text): return text
        case .clientClosed: return "The client has been closed."
        }
    }

    /// Throws `.broker` unless `code` is NONE.
    static func check(_ code: Int16, _ message: String? = nil, context: String? = nil) throws {
        guard code != 0 else { return }
        throw KafkaError.broker(ErrorCode(code: code), message: message, context: context)
    }
}
