import NIOCore

/// The envelope of a KRaft metadata record value (`AbstractApiMessageSerde`): unsigned varint
/// frame version (1), unsigned varint apiKey (record type), unsigned varint record version, body.
/// The same envelope carries `__remote_log_metadata` records.
public struct MetadataRecordFrame: Sendable, Hashable {
    public static let frameVersion: UInt32 = 1

    public var apiKey: Int16
    public var version: Int16
    /// The record body (a slice of the input).
    public var body: ByteBuffer

    public init(apiKey: Int16, version: Int16, body: ByteBuffer) {
        self.apiKey = apiKey
        self.version = version
        self.body = body
    }

    /// Reads the envelope and takes the rest of `buffer` as the body.
    public static func read(from buffer: inout ByteBuffer) throws -> MetadataRecordFrame {
        let frame = try buffer.readUnsignedVarint()
        guard frame == frameVersion else {
            throw KafkaProtocolError.corruptRecord("Could not deserialize metadata record due to unknown frame version \(frame)")
        }
        let apiKey = try buffer.readUnsignedVarint()
        guard apiKey <= UInt32(Int16.max) else {
            throw KafkaProtocolError.corruptRecord("metadata record type \(apiKey) is out of range")
        }
        let version = try buffer.readUnsignedVarint()
        guard version <= UInt32(Int16.max) else {
            throw KafkaProtocolError.corruptRecord("metadata record version \(version) is out of range")
        }
        let body = try buffer.readKafkaSlice(length: buffer.readableBytes, field: "metadata record")
        return MetadataRecordFrame(apiKey: Int16(apiKey), version: Int16(version), body: body)
    }

    public static func writeHeader(apiKey: Int16, version: Int16, into buffer: inout ByteBuffer) {
        buffer.writeUnsignedVarint(frameVersion)
        buffer.writeUnsignedVarint(UInt32(UInt16(bitPattern: apiKey)))
        buffer.writeUnsignedVarint(UInt32(UInt16(bitPattern: version)))
    }

    /// Decodes a whole `__cluster_metadata` record value. The body must be used up exactly.
    public static func decodeMetadataRecord(from buffer: inout ByteBuffer) throws
        -> (type: MetadataRecordType, version: Int16, record: any KafkaMetadataRecord)
    {
        try decodeWhole(from: &buffer, kind: "metadata record type", type: MetadataRecordType.init(rawValue:)) { type, body, version in
            try type.recordType.decode(from: &body, version: version)
        }
    }

    /// Decodes a whole `__remote_log_metadata` record value.
    public static func decodeRemoteLogMetadataRecord(from buffer: inout ByteBuffer) throws
        -> (type: RemoteLogMetadataRecordType, version: Int16, record: any KafkaRemoteLogMetadataRecord)
    {
        try decodeWhole(from: &buffer, kind: "remote log metadata record type", type: RemoteLogMetadataRecordType.init(rawValue:)) {
            type, body, version in
            try type.recordType.decode(from: &body, version: version)
        }
    }

    /// Envelope, record type, then the body at its version, which must be used up exactly.
    private static func decodeWhole<Kind, Record>(
        from buffer: inout ByteBuffer, kind: String, type: (Int16) -> Kind?,
        decode: (Kind, inout ByteBuffer, Int16) throws -> Record
    ) throws -> (type: Kind, version: Int16, record: Record) {
        let frame = try read(from: &buffer)
        guard let recordType = type(frame.apiKey) else {
            throw KafkaProtocolError.corruptRecord("unknown \(kind) \(frame.apiKey)")
        }
        var body = frame.body
        let record = try decode(recordType, &body, frame.version)
        guard body.readableBytes == 0 else { throw KafkaProtocolError.trailingBytes(count: body.readableBytes) }
        return (recordType, frame.version, record)
    }

    /// Writes envelope + body of a metadata record.
    public static func write<Record: KafkaMetadataRecord>(_ record: Record, version: Int16, into buffer: inout ByteBuffer) throws {
        writeHeader(apiKey: Record.recordType.rawValue, version: version, into: &buffer)
        try record.encode(into: &buffer, version: version)
    }

    /// Writes envelope + body of a remote-log metadata record.
    public static func write<Record: KafkaRemoteLogMetadataRecord>(_ record: Record, version: Int16, into buffer: inout ByteBuffer) throws {
        writeHeader(apiKey: Record.recordType.rawValue, version: version, into: &buffer)
        try record.encode(into: &buffer, version: version)
    }

    /// `{"type":"FEATURE_LEVEL_RECORD","version":0,"data":{...}}` as `kafka-dump-log --cluster-metadata-decoder`
    /// prints each record's payload.
    public static func dumpJSON(type: MetadataRecordType, version: Int16, record: any KafkaMetadataRecord) -> KafkaJSON {
        .object([
            ("type", .string(type.name)),
            ("version", .int(Int64(version))),
            ("data", record.toJSON(version: version)),
        ])
    }
}
