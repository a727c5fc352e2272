import KafkaProtocol
import NIOCore

/// The text DumpLogSegments appends to a control record's line: the end-transaction marker,
/// the KRaft snapshot/voter records as JSON, or `controlType: <NAME>(<id>)`.
enum ControlRecordText {
    static func describe(key: ByteBuffer?, value: ByteBuffer?) throws(UncaughtJavaException) -> String {
        let typeId = try parseTypeId(key)
        switch typeId {
        case 0, 1:
            // `EndTransactionMarker.deserializeValue`: int16 version, int32 coordinator epoch.
            guard let value else { throw nullPointer }
            guard let version = value.getInteger(at: value.readerIndex, endianness: .big, as: Int16.self),
                  let epoch = value.getInteger(at: value.readerIndex + 2, endianness: .big, as: Int32.self) else {
                throw UncaughtJavaException(className: "java.lang.IndexOutOfBoundsException", message: nil)
            }
            guard version >= 0 else {
                throw UncaughtJavaException(
                    className: "org.apache.kafka.common.InvalidRecordException",
                    message: "Invalid version found for end transaction marker: \(version). May indicate data corruption")
            }
            return " endTxnMarker: \(KafkaNames.controlRecordType(typeId)) coordinatorEpoch: \(epoch)"
        case 3:
            return " SnapshotHeader " + (try json(SnapshotHeaderRecord.self, value) { $0.version })
        case 4:
            return " SnapshotFooter " + (try json(SnapshotFooterRecord.self, value) { $0.version })
        case 5:
            return " KRaftVersion " + (try json(KRaftVersionRecord.self, value) { $0.version })
        case 6:
            return " KRaftVoters " + (try json(VotersRecord.self, value) { $0.version })
        default:
            return " controlType: \(KafkaNames.controlRecordType(typeId))(\(typeId))"
        }
    }

    static let nullPointer = UncaughtJavaException(className: "java.lang.NullPointerException", message: nil)

    /// `ControlRecordType.parseTypeId`.
    static func parseTypeId(_ key: ByteBuffer?) throws(UncaughtJavaException) -> Int16 {
        guard let key else { throw nullPointer }
        guard key.readableBytes >= 4,
              let version = key.getInteger(at: key.readerIndex, endianness: .big, as: Int16.self),
              let type = key.getInteger(at: key.readerIndex + 2, endianness: .big, as: Int16.self) else {
            throw UncaughtJavaException(
                className: "org.apache.kafka.common.InvalidRecordException",
                message: "Invalid value size found for end control record key. Must have at least 4 bytes, but found only \(key.readableBytes)")
        }
        guard version >= 0 else {
            throw UncaughtJavaException(
                className: "org.apache.kafka.common.InvalidRecordException",
                message: "Invalid version found for control record: \(version). May indicate data corruption")
        }
        return type
    }

    /// `ControlRecordUtils.deserialize…` (read at version 0), then the JSON converter at the
    /// version the record states in its own `version` field.
    private static func json<Message: KafkaMessage>(
        _ type: Message.Type, _ value: ByteBuffer?, version: (Message) -> Int16
    ) throws(UncaughtJavaException) -> String {
        guard var value else { throw nullPointer }
        do {
            let message = try Message.decode(from: &value, version: 0)
            return message.toJSON(version: version(message)).serialized()
        } catch {
            throw javaException(for: error)
        }
    }
}
