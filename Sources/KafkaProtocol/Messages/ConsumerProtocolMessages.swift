import NIOCore

/// The consumer's embedded protocol (`ConsumerProtocol.java`): a big-endian int16 version, then the
/// message at that version. A version newer than ours reads as our highest (later versions only
/// append fields); one below the lowest is an error. Used by the client (join, sync, describe) and
/// by the broker's group coordinator (subscribed topics).
extension ConsumerProtocolSubscription {
    /// `ConsumerProtocol.deserializeConsumerProtocolSubscription`.
    public static func deserialize(_ bytes: ByteBuffer) throws -> ConsumerProtocolSubscription {
        try decodeVersionPrefixed(bytes)
    }

    /// `ConsumerProtocol.serializeSubscription`.
    public func serialize(version: Int16) throws -> ByteBuffer {
        try encodeVersionPrefixed(version: version)
    }
}

extension ConsumerProtocolAssignment {
    /// `ConsumerProtocol.deserializeConsumerProtocolAssignment`.
    public static func deserialize(_ bytes: ByteBuffer) throws -> ConsumerProtocolAssignment {
        try decodeVersionPrefixed(bytes)
    }

    /// `ConsumerProtocol.serializeAssignment`.
    public func serialize(version: Int16) throws -> ByteBuffer {
        try encodeVersionPrefixed(version: version)
    }
}

extension KafkaMessage {
    fileprivate static func decodeVersionPrefixed(_ bytes: ByteBuffer) throws -> Self {
        var buffer = bytes
        guard let raw = buffer.readInteger(endianness: .big, as: Int16.self) else {
            throw KafkaProtocolError.truncated(field: "\(messageName).version", needed: 2, available: buffer.readableBytes)
        }
        return try decode(from: &buffer, version: min(raw, validVersions.upperBound))
    }

    fileprivate func encodeVersionPrefixed(version: Int16) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        buffer.writeInteger(version, endianness: .big)
        try encode(into: &buffer, version: version)
        return buffer
    }
}
