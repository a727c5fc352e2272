import NIOCore

/// A message generated from one of Kafka's JSON schemas: a plain value with a codec per version.
public protocol KafkaMessage: Hashable, Sendable {
    static var messageName: String { get }
    static var validVersions: ClosedRange<Int16> { get }
    /// The first version that uses compact encodings and tagged fields; nil if never flexible.
    static var lowestFlexibleVersion: Int16? { get }
    /// Every field at its schema default.
    init()
    /// Reads the body at `version`. Throws `KafkaProtocolError` on bad or short input.
    static func decode(from buffer: inout ByteBuffer, version: Int16) throws -> Self
    /// Writes the body at `version`. Throws `KafkaProtocolError.nonIgnorableField` when a field that
    /// holds a non-default value does not exist at `version`, and `.unencodable` for values the
    /// version cannot carry (null where not nullable, strings over 32767 bytes).
    func encode(into buffer: inout ByteBuffer, version: Int16) throws
    /// The JSON Kafka's generated `*JsonConverter.write(message, version, serializeRecords)` builds.
    func toJSON(version: Int16, serializeRecords: Bool) -> KafkaJSON
}

extension KafkaMessage {
    /// `JsonConverter.write(message, version)`: records fields are rendered as empty binary.
    public func toJSON(version: Int16) -> KafkaJSON {
        toJSON(version: version, serializeRecords: true)
    }

    public static func isFlexible(version: Int16) -> Bool {
        guard let lowest = lowestFlexibleVersion else { return false }
        return version >= lowest
    }

    /// Encodes into a fresh buffer.
    public func encoded(version: Int16, allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var buffer = allocator.buffer(capacity: 64)
        try encode(into: &buffer, version: version)
        return buffer
    }
}

public protocol KafkaRequest: KafkaMessage {
    associatedtype Response: KafkaResponse
    static var apiKey: ApiKey { get }
}

public protocol KafkaResponse: KafkaMessage {
    static var apiKey: ApiKey { get }
}

/// A KRaft `__cluster_metadata` record (schemas in `metadata/`).
public protocol KafkaMetadataRecord: KafkaMessage {
    static var recordType: MetadataRecordType { get }
}

/// A `__remote_log_metadata` record (schemas `storage/RemoteLog*`).
public protocol KafkaRemoteLogMetadataRecord: KafkaMessage {
    static var recordType: RemoteLogMetadataRecordType { get }
}
