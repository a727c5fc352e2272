/// File names inside a partition directory (`LogFileUtils`): a segment's files share its base
/// offset zero-padded to 20 digits; a `.snapshot` is named by the offset it covers up to.
public enum LogFileNames {
    public static let logSuffix = ".log"
    public static let indexSuffix = ".index"
    public static let timeIndexSuffix = ".timeindex"
    public static let txnIndexSuffix = ".txnindex"
    public static let snapshotSuffix = ".snapshot"
    public static let deletedSuffix = ".deleted"
    public static let cleanedSuffix = ".cleaned"
    public static let swapSuffix = ".swap"
    public static let leaderEpochCheckpoint = "leader-epoch-checkpoint"
    public static let partitionMetadata = "partition.metadata"

    /// `filenamePrefixFromOffset`: 20 decimal digits, zero-padded.
    public static func prefix(offset: Int64) -> String {
        let digits = String(offset)
        return digits.count >= 20 ? digits : String(repeating: "0", count: 20 - digits.count) + digits
    }

    public static func log(_ offset: Int64) -> String { prefix(offset: offset) + logSuffix }
    public static func index(_ offset: Int64) -> String { prefix(offset: offset) + indexSuffix }
    public static func timeIndex(_ offset: Int64) -> String { prefix(offset: offset) + timeIndexSuffix }
    public static func txnIndex(_ offset: Int64) -> String { prefix(offset: offset) + txnIndexSuffix }
    public static func snapshot(_ offset: Int64) -> String { prefix(offset: offset) + snapshotSuffix }

    /// The offset a file name starts with (`offsetFromFileName`): the text before the first `.`
    /// of the last path component. Throws if it is not a non-negative decimal number.
    public static func offset(fromFileName path: String) throws(LogFileNameError) -> Int64 {
        let name = path.split(separator: "/", omittingEmptySubsequences: false).last.map(String.init) ?? path
        let prefix = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first.map(String.init) ?? ""
        guard !prefix.isEmpty, prefix.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let value = Int64(prefix) else {
            throw LogFileNameError(fileName: name)
        }
        return value
    }
}

/// A file name that does not start with an offset.
public struct LogFileNameError: Error, Equatable, Sendable, CustomStringConvertible {
    public var fileName: String
    public var description: String { "File name \(fileName) does not start with an offset" }
}
