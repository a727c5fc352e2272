/// KRaft snapshot ids and file names (`Snapshots.java`): `<end offset, 20 digits>-<epoch, 10
/// digits>.checkpoint`, with `.part` while being written and `.deleted` while being removed.
public struct SnapshotId: Sendable, Hashable, Comparable {
    public var endOffset: Int64
    public var epoch: Int32

    public init(endOffset: Int64, epoch: Int32) {
        self.endOffset = endOffset
        self.epoch = epoch
    }

    /// `Snapshots.BOOTSTRAP_SNAPSHOT_ID`: what `storage format` writes for a dynamic quorum.
    public static let bootstrap = SnapshotId(endOffset: 0, epoch: 0)

    public static let suffix = ".checkpoint"
    public static let partialSuffix = ".checkpoint.part"
    public static let deletedSuffix = ".checkpoint.deleted"

    public var fileName: String { baseName + Self.suffix }
    public var partialFileName: String { baseName + Self.partialSuffix }
    public var deletedFileName: String { baseName + Self.deletedSuffix }

    private var baseName: String {
        Self.zeroPadded(endOffset, width: 20) + "-" + Self.zeroPadded(Int64(epoch), width: 10)
    }

    /// Parses `<offset>-<epoch>.checkpoint` (also `.part` / `.deleted`); nil for other names.
    public init?(fileName: String) {
        var base = Substring(fileName)
        if base.hasSuffix(Self.suffix) {
            base = base.dropLast(Self.suffix.count)
        } else if base.hasSuffix(Self.partialSuffix) {
            base = base.dropLast(Self.partialSuffix.count)
        } else if base.hasSuffix(Self.deletedSuffix) {
            base = base.dropLast(Self.deletedSuffix.count)
        } else {
            return nil
        }
        let parts = base.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 20, parts[1].count == 10,
              parts[0].allSatisfy(\.isASCIIDigit), parts[1].allSatisfy(\.isASCIIDigit),
              let offset = Int64(parts[0]), let epoch = Int32(parts[1]) else { return nil }
        self.init(endOffset: offset, epoch: epoch)
    }

    public static func < (lhs: SnapshotId, rhs: SnapshotId) -> Bool {
        (lhs.endOffset, lhs.epoch) < (rhs.endOffset, rhs.epoch)
    }

    static func zeroPadded(_ value: Int64, width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }
}

private extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
