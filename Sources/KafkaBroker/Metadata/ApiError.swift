import KafkaProtocol

/// An error code with its message (`org.apache.kafka.common.requests.ApiError`).
public struct ApiError: Error, Sendable, Hashable, CustomStringConvertible {
    public var code: ErrorCode
    public var message: String?

    public init(_ code: ErrorCode, _ message: String? = nil) {
        self.code = code
        self.message = message
    }

    public static let none = ApiError(.noError)

    public var isSuccess: Bool { code == .noError }

    /// The message Kafka puts in responses: the given one, else the error's default message.
    public var messageOrDefault: String? { message ?? code.message }

    public var description: String { "\(code.name): \(message ?? code.message ?? "")" }
}
