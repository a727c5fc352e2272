/// Attribute bit 3 of a batch: who set the timestamps (`TimestampType.java`).
public enum TimestampType: Int8, Sendable, Hashable, CustomStringConvertible {
    case createTime = 0
    case logAppendTime = 1

    /// Kafka's display name, as dump-log and the console consumer print it.
    public var description: String {
        switch self {
        case .createTime: return "CreateTime"
        case .logAppendTime: return "LogAppendTime"
        }
    }
}
