import NIOCore

/// One aborted transaction in a `.txnindex` (`AbortedTxn`): 34 bytes, version int16, producerId
/// int64, firstOffset int64, lastOffset int64 (the ABORT marker's offset), lastStableOffset int64.
public struct AbortedTxn: Hashable, Sendable, CustomStringConvertible {
    public static let size = 34
    public static let currentVersion: Int16 = 0

    public var version: Int16
    public var producerId: Int64
    public var firstOffset: Int64
    public var lastOffset: Int64
    public var lastStableOffset: Int64

    public init(version: Int16 = AbortedTxn.currentVersion, producerId: Int64, firstOffset: Int64,
                lastOffset: Int64, lastStableOffset: Int64) {
        self.version = version
        self.producerId = producerId
        self.firstOffset = firstOffset
        self.lastOffset = lastOffset
        self.lastStableOffset = lastStableOffset
    }

    /// Kafka's `AbortedTxn.toString`, which appears in its error texts.
    public var description: String {
        "AbortedTxn(version=\(version), producerId=\(producerId), firstOffset=\(firstOffset), "
            + "lastOffset=\(lastOffset), lastStableOffset=\(lastStableOffset))"
    }

    public func encode(into buffer: inout ByteBuffer) {
        buffer.writeInteger(version, endianness: .big)
        buffer.writeInteger(producerId, endianness: .big)
        buffer.writeInteger(firstOffset, endianness: .big)
        buffer.writeInteger(lastOffset, endianness: .big)
        buffer.writeInteger(lastStableOffset, endianness: .big)
    }
}

/// Thrown when a `.txnindex` holds an entry of a version newer than Kafka's (Kafka's `KafkaException`).
public struct TransactionIndexError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The contents of a transaction index (`.txnindex`). No header, no preallocation: whole 34-byte
/// entries back to back; a trailing partial entry is ignored, as Kafka's iterator does.
public struct TransactionIndex: Sendable, Equatable {
    /// The segment's base offset (`startOffset`).
    public let startOffset: Int64
    public var path: String
    public private(set) var entries: [AbortedTxn]

    public init(startOffset: Int64, path: String = "", entries: [AbortedTxn] = []) {
        self.startOffset = startOffset
        self.path = path
        self.entries = entries
    }

    public init(parsing buffer: ByteBuffer, startOffset: Int64, path: String = "") throws(TransactionIndexError) {
        self.init(startOffset: startOffset, path: path)
        var buffer = buffer
        while buffer.readableBytes >= AbortedTxn.size {
            let version = buffer.readInteger(endianness: .big, as: Int16.self) ?? 0
            let producerId = buffer.readInteger(endianness: .big, as: Int64.self) ?? 0
            let firstOffset = buffer.readInteger(endianness: .big, as: Int64.self) ?? 0
            let lastOffset = buffer.readInteger(endianness: .big, as: Int64.self) ?? 0
            let lastStableOffset = buffer.readInteger(endianness: .big, as: Int64.self) ?? 0
            if version > AbortedTxn.currentVersion {
                throw TransactionIndexError(
                    "Unexpected aborted transaction version \(version) in transaction index \(path), current version is \(AbortedTxn.currentVersion)")
            }
            entries.append(AbortedTxn(version: version, producerId: producerId, firstOffset: firstOffset,
                                      lastOffset: lastOffset, lastStableOffset: lastStableOffset))
        }
    }

    /// Reads `path`; a missing file is an empty index (Kafka creates it only when needed).
    public static func read(path: String, startOffset: Int64? = nil) throws -> TransactionIndex {
        let base: Int64
        if let startOffset { base = startOffset } else { base = try LogFileNames.offset(fromFileName: path) }
        let absolute = StorageFile.absolutePath(path)
        guard StorageFile.exists(path) else { return TransactionIndex(startOffset: base, path: absolute) }
        return try TransactionIndex(parsing: try StorageFile.readAll(path: path), startOffset: base, path: absolute)
    }

    /// Kafka's `TransactionIndex.sanityCheck`.
    public func sanityCheck() throws(CorruptIndexError) {
        for txn in entries where txn.lastOffset < startOffset {
            throw CorruptIndexError(
                "Last offset of aborted transaction \(txn) in index \(path) is less than start offset \(startOffset)")
        }
    }

    /// Aborted transactions overlapping [fetchOffset, upperBoundOffset), and whether the search
    /// must continue into the next segment (`collectAbortedTxns`).
    public func collectAbortedTxns(fetchOffset: Int64, upperBoundOffset: Int64) -> (txns: [AbortedTxn], isComplete: Bool) {
        var result: [AbortedTxn] = []
        for txn in entries {
            if txn.lastOffset >= fetchOffset && txn.firstOffset < upperBoundOffset { result.append(txn) }
            if txn.lastStableOffset >= upperBoundOffset { return (result, true) }
        }
        return (result, false)
    }

    mutating func append(_ txn: AbortedTxn) { entries.append(txn) }

    /// Drops entries whose lastOffset ≥ `offset`; returns the byte length to keep.
    mutating func truncate(to offset: Int64) -> Int {
        if let cut = entries.firstIndex(where: { $0.lastOffset >= offset }) { entries.removeSubrange(cut...) }
        return entries.count * AbortedTxn.size
    }

    public func encoded() -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: entries.count * AbortedTxn.size)
        for txn in entries { txn.encode(into: &buffer) }
        return buffer
    }
}
