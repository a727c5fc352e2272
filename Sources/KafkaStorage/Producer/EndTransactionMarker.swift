import KafkaProtocol
import NIOCore

/// The COMMIT/ABORT record of a control batch (`EndTransactionMarker`, `ControlRecordType`).
public struct EndTransactionMarker: Hashable, Sendable {
    public enum ControlType: Int16, Sendable {
        case abort = 0
        case commit = 1
    }

    public var type: ControlType
    public var coordinatorEpoch: Int32
    /// The record's timestamp (batch base timestamp + delta).
    public var timestamp: Int64

    /// Reads the first record of the control batch `batch` (whole batch bytes, header included).
    /// Returns nil when the batch holds no record or a control type other than COMMIT/ABORT.
    /// Control batches are never compressed.
    public static func parse(batch: ByteBuffer, header: RecordBatchHeader) throws -> EndTransactionMarker? {
        guard header.recordsCount > 0 else { return nil }
        var records = batch
        records.moveReaderIndex(forwardBy: min(RecordBatchHeader.size, records.readableBytes))
        let length = try records.readVarint()
        guard length >= 0, Int(length) <= records.readableBytes else {
            throw KafkaProtocolError.truncated(field: "control record", needed: Int(length), available: records.readableBytes)
        }
        var record = records.readSlice(length: Int(length)) ?? ByteBuffer()
        _ = try record.readKafkaInteger(as: Int8.self, field: "attributes")
        let timestampDelta = try record.readVarlong()
        _ = try record.readVarint()
        let keyLength = try record.readVarint()
        guard keyLength >= 4 else { throw KafkaProtocolError.truncated(field: "control record key", needed: 4, available: Int(max(keyLength, 0))) }
        var key = try record.readKafkaSlice(length: Int(keyLength), field: "control record key")
        let keyVersion = try key.readKafkaInteger(as: Int16.self, field: "control key version")
        guard keyVersion >= 0 else { throw EndTransactionMarkerError("Invalid version found for control record: \(keyVersion). May indicate data corruption") }
        let rawType = try key.readKafkaInteger(as: Int16.self, field: "control key type")
        guard let type = ControlType(rawValue: rawType) else { return nil }
        let valueLength = try record.readVarint()
        guard valueLength >= 6 else {
            throw EndTransactionMarkerError("Invalid value size found for end transaction marker. Must have at least 6 bytes, but found only \(valueLength)")
        }
        var value = try record.readKafkaSlice(length: Int(valueLength), field: "end transaction marker")
        _ = try value.readKafkaInteger(as: Int16.self, field: "marker version")
        let coordinatorEpoch = try value.readKafkaInteger(as: Int32.self, field: "coordinator epoch")
        return EndTransactionMarker(type: type, coordinatorEpoch: coordinatorEpoch,
                                    timestamp: header.baseTimestamp &+ timestampDelta)
    }
}

public struct EndTransactionMarkerError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
