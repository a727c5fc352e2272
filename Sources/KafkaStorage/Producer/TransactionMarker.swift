import KafkaProtocol
import NIOCore

/// The COMMIT/ABORT marker of a control batch as producer state needs it: the control type, the
/// coordinator epoch and the record's timestamp. Decoding goes through KafkaProtocol's records.
public struct TransactionMarker: Hashable, Sendable {
    public var isAbort: Bool
    public var coordinatorEpoch: Int32
    /// The record's timestamp (batch base timestamp + delta).
    public var timestamp: Int64

    public init(isAbort: Bool, coordinatorEpoch: Int32, timestamp: Int64) {
        self.isAbort = isAbort
        self.coordinatorEpoch = coordinatorEpoch
        self.timestamp = timestamp
    }

    /// Reads the first record of the control batch `batch` (whole batch bytes, header included).
    /// Returns nil when the batch holds no record or a control type other than COMMIT/ABORT.
    public static func parse(batch: ByteBuffer) throws -> TransactionMarker? {
        var bytes = batch
        let recordBatch = try RecordBatch(from: &bytes, verifyingCRC: false)
        guard recordBatch.recordsCount > 0 else { return nil }
        var iterator = try recordBatch.makeRecordIterator()
        guard let record = try iterator.next() else { return nil }
        let control = try ControlRecord(record)
        guard control.type == .commit || control.type == .abort else { return nil }
        let marker = try control.endTransactionMarker()
        return TransactionMarker(isAbort: control.type == .abort, coordinatorEpoch: marker.coordinatorEpoch,
                                 timestamp: record.timestamp)
    }
}
