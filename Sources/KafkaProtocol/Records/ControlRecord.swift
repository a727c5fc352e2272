import NIOCore

/// The type in a control record's key (`ControlRecordType.java`). Types 2-6 occur only in the
/// KRaft metadata log and snapshots; unknown types are kept so readers can skip them.
public enum ControlRecordType: Sendable, Hashable, CustomStringConvertible {
    case abort
    case commit
    case leaderChange
    case snapshotHeader
    case snapshotFooter
    case kraftVersion
    case kraftVoters
    case unknown(Int16)

    public init(rawValue: Int16) {
        switch rawValue {
        case 0: self = .abort
        case 1: self = .commit
        case 2: self = .leaderChange
        case 3: self = .snapshotHeader
        case 4: self = .snapshotFooter
        case 5: self = .kraftVersion
        case 6: self = .kraftVoters
        default: self = .unknown(rawValue)
        }
    }

    public var rawValue: Int16 {
        switch self {
        case .abort: return 0
        case .commit: return 1
        case .leaderChange: return 2
        case .snapshotHeader: return 3
        case .snapshotFooter: return 4
        case .kraftVersion: return 5
        case .kraftVoters: return 6
        case let .unknown(value): return value
        }
    }

    /// Kafka's enum constant name (dump-log prints it).
    public var description: String {
        switch self {
        case .abort: return "ABORT"
        case .commit: return "COMMIT"
        case .leaderChange: return "LEADER_CHANGE"
        case .snapshotHeader: return "SNAPSHOT_HEADER"
        case .snapshotFooter: return "SNAPSHOT_FOOTER"
        case .kraftVersion: return "KRAFT_VERSION"
        case .kraftVoters: return "KRAFT_VOTERS"
        case .unknown: return "UNKNOWN"
        }
    }
}

/// Key of a control record: `int16 version (0)`, `int16 type`. Readers accept any version >= 0.
public struct ControlRecordKey: Sendable, Hashable {
    public static let currentVersion: Int16 = 0
    public static let size = 4

    public var version: Int16
    public var type: ControlRecordType

    public init(version: Int16 = ControlRecordKey.currentVersion, type: ControlRecordType) {
        self.version = version
        self.type = type
    }

    /// Parses a record key (its readable bytes).
    public init(parsing key: ByteBuffer) throws {
        guard key.readableBytes >= Self.size,
              let version = key.getInteger(at: key.readerIndex, endianness: .big, as: Int16.self),
              let type = key.getInteger(at: key.readerIndex + 2, endianness: .big, as: Int16.self)
        else {
            throw KafkaProtocolError.corruptRecord("Invalid value size found for control record key: \(key.readableBytes)")
        }
        guard version >= 0 else {
            throw KafkaProtocolError.corruptRecord("Invalid version found for control record: \(version)")
        }
        self.init(version: version, type: ControlRecordType(rawValue: type))
    }

    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(version, endianness: .big)
        buffer.writeInteger(type.rawValue, endianness: .big)
    }

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.size)
        write(into: &buffer)
        return buffer
    }
}

/// A control record: its key and its raw value. COMMIT/ABORT values parse with
/// `EndTransactionMarker`; the KRaft types' values are generated messages read at version 0.
public struct ControlRecord: Sendable, Hashable {
    public var key: ControlRecordKey
    public var value: ByteBuffer?

    public var type: ControlRecordType { key.type }

    public init(key: ControlRecordKey, value: ByteBuffer?) {
        self.key = key
        self.value = value
    }

    /// Reads the control key and value of a record from a control batch.
    public init(_ record: Record) throws {
        guard let key = record.key else { throw KafkaProtocolError.corruptRecord("Control record has no key") }
        self.init(key: try ControlRecordKey(parsing: key), value: record.value)
    }

    /// The end-transaction marker of a COMMIT or ABORT record.
    public func endTransactionMarker() throws -> EndTransactionMarker {
        guard type == .commit || type == .abort else {
            throw KafkaProtocolError.corruptRecord("Control record of type \(type) is not an end-transaction marker")
        }
        guard let value else { throw KafkaProtocolError.corruptRecord("End transaction marker has no value") }
        return try EndTransactionMarker(parsing: value)
    }
}

/// Value of a COMMIT/ABORT control record (`EndTransactionMarker.java`): `int16 version (0)`,
/// `int32 coordinatorEpoch`. Readers need at least these 6 bytes.
public struct EndTransactionMarker: Sendable, Hashable {
    public static let currentVersion: Int16 = 0
    public static let size = 6

    public var version: Int16
    public var coordinatorEpoch: Int32

    public init(version: Int16 = EndTransactionMarker.currentVersion, coordinatorEpoch: Int32) {
        self.version = version
        self.coordinatorEpoch = coordinatorEpoch
    }

    public init(parsing value: ByteBuffer) throws {
        guard value.readableBytes >= Self.size,
              let version = value.getInteger(at: value.readerIndex, endianness: .big, as: Int16.self),
              let epoch = value.getInteger(at: value.readerIndex + 2, endianness: .big, as: Int32.self)
        else {
            throw KafkaProtocolError.corruptRecord(
                "Invalid value size found for end transaction marker: \(value.readableBytes)")
        }
        guard version >= 0 else {
            throw KafkaProtocolError.corruptRecord("Invalid version found for end transaction marker: \(version)")
        }
        self.init(version: version, coordinatorEpoch: epoch)
    }

    public func write(into buffer: inout ByteBuffer) {
        buffer.writeInteger(version, endianness: .big)
        buffer.writeInteger(coordinatorEpoch, endianness: .big)
    }

    public var encoded: ByteBuffer {
        var buffer = ByteBuffer()
        buffer.reserveCapacity(Self.size)
        write(into: &buffer)
        return buffer
    }
}

extension RecordBatchBuilder {
    /// A COMMIT or ABORT marker batch (`MemoryRecords.withEndTransactionMarker`): transactional,
    /// control, no base sequence, one record holding the marker.
    public static func endTransactionMarkerBatch(
        commit: Bool, producerId: Int64, producerEpoch: Int16, coordinatorEpoch: Int32, timestamp: Int64,
        baseOffset: Int64 = 0, partitionLeaderEpoch: Int32 = -1
    ) throws -> RecordBatch {
        var builder = RecordBatchBuilder(
            baseOffset: baseOffset, producerId: producerId, producerEpoch: producerEpoch, baseSequence: -1,
            isTransactional: true, isControl: true, partitionLeaderEpoch: partitionLeaderEpoch, initialCapacity: 32)
        try builder.append(
            key: ControlRecordKey(type: commit ? .commit : .abort).encoded,
            value: EndTransactionMarker(coordinatorEpoch: coordinatorEpoch).encoded, timestamp: timestamp)
        return try builder.build()
    }
}

extension Record {
    /// This record read as a control record (only meaningful in a control batch).
    public func controlRecord() throws -> ControlRecord { try ControlRecord(self) }
}
