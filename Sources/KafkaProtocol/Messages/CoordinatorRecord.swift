import NIOCore

/// The internal topics whose records use the coordinator key/value schemas.
public enum CoordinatorRecordTopic: String, Sendable, CaseIterable {
    case consumerOffsets = "__consumer_offsets"
    case transactionState = "__transaction_state"
    case shareGroupState = "__share_group_state"
}

/// The key and value types of one coordinator record type.
public struct CoordinatorRecordSchema: Sendable {
    /// Schema base name, e.g. "OffsetCommit", "GroupMetadata".
    public let name: String
    public let keyType: any KafkaMessage.Type
    public let valueType: any KafkaMessage.Type

    public init(name: String, keyType: any KafkaMessage.Type, valueType: any KafkaMessage.Type) {
        self.name = name
        self.keyType = keyType
        self.valueType = valueType
    }
}

/// Coordinator records: key = int16 version (the record type) + key body;
/// value = int16 value version + value body, or null for a tombstone.
public enum CoordinatorRecordCodec {
    /// Reads the int16 version prefix.
    public static func readVersion(from buffer: inout ByteBuffer) throws -> Int16 {
        try buffer.readKafkaInteger(as: Int16.self, field: "version")
    }

    /// Decodes a record key. Unknown record types throw `unsupportedVersion`.
    public static func decodeKey(topic: CoordinatorRecordTopic, from buffer: inout ByteBuffer) throws
        -> (version: Int16, schema: CoordinatorRecordSchema, key: any KafkaMessage)
    {
        let version = try readVersion(from: &buffer)
        guard let schema = topic.schema(forKeyVersion: version) else {
            throw KafkaProtocolError.unsupportedVersion(api: "\(topic.rawValue) record key", version: version)
        }
        let key = try schema.keyType.decode(from: &buffer, version: version)
        return (version, schema, key)
    }

    /// Decodes a (non-null) record value for the record type given by the key's version.
    public static func decodeValue(topic: CoordinatorRecordTopic, keyVersion: Int16, from buffer: inout ByteBuffer) throws
        -> (version: Int16, value: any KafkaMessage)
    {
        guard let schema = topic.schema(forKeyVersion: keyVersion) else {
            throw KafkaProtocolError.unsupportedVersion(api: "\(topic.rawValue) record key", version: keyVersion)
        }
        let version = try readVersion(from: &buffer)
        let value = try schema.valueType.decode(from: &buffer, version: version)
        return (version, value)
    }

    /// Writes the int16 version then the body.
    public static func encode<Message: KafkaMessage>(_ message: Message, version: Int16, into buffer: inout ByteBuffer) throws {
        buffer.writeInteger(version, endianness: .big)
        try message.encode(into: &buffer, version: version)
    }
}
