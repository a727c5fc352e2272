/// An offset-index entry with the offset made absolute: "the batch whose last offset is `offset`
/// starts at byte `position` of the segment" (`OffsetPosition`).
public struct OffsetPosition: Hashable, Sendable {
    public var offset: Int64
    public var position: Int32

    public init(offset: Int64, position: Int32) {
        self.offset = offset
        self.position = position
    }
}

/// A time-index entry with the offset made absolute: "the largest timestamp up to and including the
/// batch ending at `offset` is `timestamp`" (`TimestampOffset`).
public struct TimestampOffset: Hashable, Sendable {
    public var timestamp: Int64
    public var offset: Int64

    public init(timestamp: Int64, offset: Int64) {
        self.timestamp = timestamp
        self.offset = offset
    }

    /// `RecordBatch.NO_TIMESTAMP`.
    public static let noTimestamp: Int64 = -1
}

/// Thrown by the `sanityCheck` of each index; `message` is Kafka's `CorruptIndexException` text.
public struct CorruptIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Index binary search shared by both indexes: the largest slot whose key is ≤ `target`, or -1.
/// Kafka searches the "warm" tail first for page-cache reasons; the answer is the same.
@inline(__always)
func largestLowerBoundSlot(count: Int, target: Int64, key: (Int) -> Int64) -> Int {
    if count == 0 || key(0) > target { return -1 }
    var lo = 0
    var hi = count - 1
    while lo < hi {
        let mid = (lo + hi + 1) / 2
        if key(mid) <= target { lo = mid } else { hi = mid - 1 }
    }
    return lo
}

/// Rounds `size` down to a whole number of `entrySize` entries (`roundDownToExactMultiple`).
@inline(__always)
func roundDownToExactMultiple(_ size: Int, _ entrySize: Int) -> Int {
    entrySize * (size / entrySize)
}
