/// Why a `PartitionLog` operation was refused. The broker maps these to Kafka error codes
/// (named in each case).
public enum PartitionLogError: Error, Equatable, Sendable, CustomStringConvertible {
    /// CORRUPT_MESSAGE: a batch that fails the size, magic or CRC checks.
    case corruptRecord(String)
    /// MESSAGE_TOO_LARGE: one batch is larger than `max.message.bytes`.
    case recordTooLarge(size: Int, maxMessageBytes: Int)
    /// RECORD_LIST_TOO_LARGE: the append is larger than `segment.bytes`.
    case recordBatchTooLarge(size: Int, segmentBytes: Int)
    /// Offsets that do not follow the log end offset or go backwards (`UnexpectedAppendOffsetException`
    /// / `InvalidRecordException`).
    case unexpectedAppendOffset(firstOffset: Int64, logEndOffset: Int64)
    /// OFFSET_OUT_OF_RANGE.
    case offsetOutOfRange(offset: Int64, logStartOffset: Int64, logEndOffset: Int64)
    /// The topic id in `partition.metadata` is not the one given (INCONSISTENT_TOPIC_ID).
    case inconsistentTopicId(recorded: String, given: String)
    /// The directory name is not `<topic>-<partition>`.
    case invalidDirectoryName(String)
    /// The log was closed.
    case closed

    public var description: String {
        switch self {
        case let .corruptRecord(reason): return reason
        case let .recordTooLarge(size, max):
            return "The record batch size \(size) exceeds the maximum allowed batch size \(max)"
        case let .recordBatchTooLarge(size, segmentBytes):
            return "Message batch size is \(size) bytes in append, which exceeds the maximum configured segment size of \(segmentBytes)."
        case let .unexpectedAppendOffset(first, end):
            return "Unexpected offset in append: first offset \(first) is less than the next offset \(end)"
        case let .offsetOutOfRange(offset, start, end):
            return "Received request for offset \(offset), but we only have log segments in the range \(start) to \(end)."
        case let .inconsistentTopicId(recorded, given):
            return "Tried to assign topic ID \(given) to log, but log already contained topic ID \(recorded)"
        case let .invalidDirectoryName(name):
            return "Found directory \(name), '\(name)' is not in the form of topic-partition"
        case .closed: return "The log is closed"
        }
    }
}
