import KafkaProtocol
import NIOCore

/// A transaction closed by a COMMIT/ABORT marker (`CompletedTxn`).
public struct CompletedTxn: Hashable, Sendable {
    public var producerId: Int64
    public var firstOffset: Int64
    /// The marker's offset.
    public var lastOffset: Int64
    public var isAborted: Bool
}

/// Producer ids → their state, plus the open transactions, rebuilt from batches
/// (`ProducerStateManager`). Pure state: `PartitionLog` does the snapshot file I/O.
public struct ProducerStateManager: Sendable {
    public private(set) var producers: [Int64: ProducerStateEntry] = [:]
    /// Open transactions: first offset → producer id.
    public private(set) var ongoingTxns: [Int64: Int64] = [:]
    /// Transactions whose marker is not yet below the high watermark: first offset → marker offset.
    public private(set) var unreplicatedTxns: [Int64: Int64] = [:]
    /// The offset up to which batches have been applied (exclusive).
    public internal(set) var mapEndOffset: Int64 = 0
    /// The offset of the latest snapshot written or loaded.
    public internal(set) var lastSnapshotOffset: Int64 = 0

    public init() {}

    public func entry(for producerId: Int64) -> ProducerStateEntry? { producers[producerId] }

    /// The first offset of the earliest transaction with no marker yet.
    public var firstUndecidedOffset: Int64? { ongoingTxns.keys.min() }

    /// The earliest offset a READ_COMMITTED reader must not pass (`firstUnstableOffset`).
    public var firstUnstableOffset: Int64? {
        [ongoingTxns.keys.min(), unreplicatedTxns.keys.min()].compactMap { $0 }.min()
    }

    /// Applies one batch that has a producer id. Returns the transaction it completed, if it is a
    /// COMMIT/ABORT marker closing an open transaction. `batch` holds the whole batch.
    @discardableResult
    mutating func update(header: RecordBatchHeader, batch: ByteBuffer) throws -> CompletedTxn? {
        let producerId = header.producerId
        guard producerId >= 0 else { return nil }
        var entry = producers[producerId] ?? ProducerStateEntry(producerId: producerId)
        var completed: CompletedTxn?
        if header.isControl {
            guard let marker = try TransactionMarker.parse(batch: batch) else {
                producers[producerId] = entry
                return nil
            }
            if let first = entry.currentTxnFirstOffset {
                completed = CompletedTxn(producerId: producerId, firstOffset: first, lastOffset: header.baseOffset,
                                         isAborted: marker.isAbort)
            }
            entry.maybeUpdateProducerEpoch(header.producerEpoch)
            entry.currentTxnFirstOffset = nil
            entry.coordinatorEpoch = marker.coordinatorEpoch
            entry.lastTimestamp = marker.timestamp
        } else {
            let lastSequence = ProducerStateEntry.incrementSequence(header.baseSequence, header.lastOffsetDelta)
            entry.addBatch(epoch: header.producerEpoch, lastSequence: lastSequence, lastOffset: header.lastOffset,
                           offsetDelta: header.lastOffsetDelta, timestamp: header.maxTimestamp)
            if header.isTransactional && entry.currentTxnFirstOffset == nil {
                entry.currentTxnFirstOffset = header.baseOffset
                ongoingTxns[header.baseOffset] = producerId
            }
        }
        producers[producerId] = entry
        return completed
    }

    /// The LSO to record with an aborted transaction (`lastStableOffset(CompletedTxn)`): the first
    /// offset of the earliest open transaction of another producer, else the marker's offset + 1.
    func lastStableOffset(_ txn: CompletedTxn) -> Int64 {
        let others = ongoingTxns.filter { $0.value != txn.producerId }.keys
        return others.min() ?? txn.lastOffset + 1
    }

    /// Marks a transaction decided; it stays unstable until the high watermark passes its marker.
    mutating func complete(_ txn: CompletedTxn) {
        ongoingTxns[txn.firstOffset] = nil
        unreplicatedTxns[txn.firstOffset] = txn.lastOffset
    }

    public mutating func onHighWatermarkUpdated(_ highWatermark: Int64) {
        unreplicatedTxns = unreplicatedTxns.filter { $0.value >= highWatermark }
    }

    /// Forgets everything and starts at `offset` (`truncateFullyAndStartAt`).
    mutating func reset(at offset: Int64) {
        producers = [:]
        ongoingTxns = [:]
        unreplicatedTxns = [:]
        mapEndOffset = offset
        lastSnapshotOffset = 0
    }

    /// Loads a snapshot taken at `offset`.
    mutating func load(_ snapshot: ProducerSnapshot, offset: Int64) {
        reset(at: offset)
        for e in snapshot.entries {
            let entry = ProducerStateEntry(snapshot: e)
            producers[e.producerId] = entry
            if let first = entry.currentTxnFirstOffset { ongoingTxns[first] = e.producerId }
        }
        lastSnapshotOffset = offset
    }

    /// The snapshot of the current state, producers sorted by id.
    func snapshot() -> ProducerSnapshot {
        ProducerSnapshot(entries: producers.keys.sorted().compactMap { producers[$0]?.snapshotEntry })
    }

    /// Drops producers idle for `expirationMs` with no open transaction (`removeExpiredProducers`).
    public mutating func removeExpiredProducers(now: Int64, expirationMs: Int64) {
        producers = producers.filter { $0.value.currentTxnFirstOffset != nil || now - $0.value.lastTimestamp < expirationMs }
    }
}
