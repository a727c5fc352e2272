/// Why compressed record data could not be read or written.
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Attribute bits name a codec Kafka does not define (5-7).
    case unknownCodec(Int)
    /// The compressed bytes are not a valid stream for the codec (truncated, bad checksum, garbage).
    case corruptData(codec: CompressionCodec, reason: String)
    /// The stream uses a feature Kafka's reader refuses (e.g. LZ4 linked blocks).
    case unsupportedFeature(codec: CompressionCodec, reason: String)
    /// Decompressing would produce more than the allowed number of bytes (a bomb or a lie).
    case sizeLimitExceeded(codec: CompressionCodec, limit: Int)
    /// The library failed while compressing.
    case compressionFailed(codec: CompressionCodec, reason: String)

    public var description: String {
        switch self {
        case let .unknownCodec(bits): return "unknown compression codec id \(bits)"
        case let .corruptData(codec, reason): return "corrupt \(codec) data: \(reason)"
        case let .unsupportedFeature(codec, reason): return "unsupported \(codec) data: \(reason)"
        case let .sizeLimitExceeded(codec, limit): return "\(codec) data decompresses to more than \(limit) bytes"
        case let .compressionFailed(codec, reason): return "\(codec) compression failed: \(reason)"
        }
    }
}
