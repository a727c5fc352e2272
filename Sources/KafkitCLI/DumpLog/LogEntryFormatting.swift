import KafkaProtocol

/// Kafka's names for the values DumpLogSegments prints.
enum KafkaNames {
    /// `CompressionType.forId(id).name`; Kafka throws for ids it does not know.
    static func compressionName(_ id: Int) throws(UncaughtJavaException) -> String {
        switch id {
        case 0: return "none"
        case 1: return "gzip"
        case 2: return "snappy"
        case 3: return "lz4"
        case 4: return "zstd"
        default:
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Unknown compression type id: \(id)")
        }
    }

    /// `TimestampType.toString` (`name`).
    static func timestampType(logAppendTime: Bool) -> String { logAppendTime ? "LogAppendTime" : "CreateTime" }
    static let noTimestampType = "NoTimestampType"

    /// `DefaultRecordBatch.incrementSequence`: wraps from Int32.max to 0.
    static func incrementSequence(_ sequence: Int32, _ increment: Int32) -> Int32 {
        if sequence > Int32.max - increment { return increment - (Int32.max - sequence) - 1 }
        return sequence + increment
    }

    /// `DefaultRecordBatch.decrementSequence`.
    static func decrementSequence(_ sequence: Int32, _ decrement: Int32) -> Int32 {
        if sequence < decrement { return Int32.max - (decrement - sequence) + 1 }
        return sequence - decrement
    }

    /// `ControlRecordType` names by type id (anything else is `UNKNOWN`).
    static func controlRecordType(_ id: Int16) -> String {
        switch id {
        case 0: "ABORT"
        case 1: "COMMIT"
        case 2: "LEADER_CHANGE"
        case 3: "SNAPSHOT_HEADER"
        case 4: "SNAPSHOT_FOOTER"
        case 5: "KRAFT_VERSION"
        case 6: "KRAFT_VOTERS"
        default: "UNKNOWN"
        }
    }
}

extension KafkaProtocolError {
    /// The Java exception Kafka's record classes throw for this kind of corruption.
    var javaException: UncaughtJavaException {
        switch self {
        case .crcMismatch, .corruptRecord, .invalidMagic, .truncated, .invalidLength, .varintTooLong, .trailingBytes:
            UncaughtJavaException(className: "org.apache.kafka.common.errors.CorruptRecordException", message: description)
        case .unsupportedCompression, .compressionFailed:
            UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: description)
        default:
            UncaughtJavaException(className: "org.apache.kafka.common.InvalidRecordException", message: description)
        }
    }
}

/// Any error from the record and message codecs as the JVM would report it.
func javaException(for error: any Error) -> UncaughtJavaException {
    switch error {
    case let exception as UncaughtJavaException: exception
    case let protocolError as KafkaProtocolError: protocolError.javaException
    default: UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
    }
}
