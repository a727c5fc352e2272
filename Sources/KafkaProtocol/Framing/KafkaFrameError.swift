/// Framing and request-header problems. The broker closes the connection on each of them.
public enum KafkaFrameError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The int32 size prefix is negative.
    case negativeSize(Int32)
    /// The size prefix is larger than the configured maximum (`socket.request.max.bytes`).
    case frameTooLarge(size: Int32, maxSize: Int32)
    /// The request header names an API key that has no valid versions or does not exist.
    case unknownApiKey(Int16)

    public var description: String {
        switch self {
        case let .negativeSize(size): return "Invalid receive (size = \(size))"
        case let .frameTooLarge(size, maxSize): return "Invalid receive (size = \(size) larger than \(maxSize))"
        case let .unknownApiKey(key): return "Unknown API key \(key)"
        }
    }
}
