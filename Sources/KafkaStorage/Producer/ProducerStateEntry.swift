/// What the log remembers of one idempotent/transactional producer (`ProducerStateEntry`).
public struct ProducerStateEntry: Hashable, Sendable {
    /// One of the producer's recent data batches (`BatchMetadata`), kept for duplicate detection.
    public struct BatchMetadata: Hashable, Sendable {
        public var lastSequence: Int32
        public var lastOffset: Int64
        public var offsetDelta: Int32
        public var timestamp: Int64

        public var firstSequence: Int32 { ProducerStateEntry.decrementSequence(lastSequence, offsetDelta) }
        public var firstOffset: Int64 { lastOffset &- Int64(offsetDelta) }
    }

    /// Kafka keeps the last five batches per producer (`NUM_BATCHES_TO_RETAIN`).
    public static let batchesToRetain = 5

    public var producerId: Int64
    public var producerEpoch: Int16
    public var coordinatorEpoch: Int32
    public var lastTimestamp: Int64
    /// First offset of the open transaction, if any.
    public var currentTxnFirstOffset: Int64?
    /// Oldest first.
    public var batchMetadata: [BatchMetadata]

    public init(producerId: Int64, producerEpoch: Int16 = -1, coordinatorEpoch: Int32 = -1, lastTimestamp: Int64 = -1,
                currentTxnFirstOffset: Int64? = nil, batchMetadata: [BatchMetadata] = []) {
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.coordinatorEpoch = coordinatorEpoch
        self.lastTimestamp = lastTimestamp
        self.currentTxnFirstOffset = currentTxnFirstOffset
        self.batchMetadata = batchMetadata
    }

    public var lastSequence: Int32 { batchMetadata.last?.lastSequence ?? -1 }
    public var firstSequence: Int32 { batchMetadata.first?.firstSequence ?? -1 }
    public var lastDataOffset: Int64 { batchMetadata.last?.lastOffset ?? -1 }
    public var lastOffsetDelta: Int32 { batchMetadata.last?.offsetDelta ?? 0 }

    /// A retained batch with exactly this epoch and sequence range, i.e. a retried produce.
    public func findDuplicateBatch(epoch: Int16, firstSequence: Int32, lastSequence: Int32) -> BatchMetadata? {
        guard epoch == producerEpoch else { return nil }
        return batchMetadata.first { $0.firstSequence == firstSequence && $0.lastSequence == lastSequence }
    }

    /// A new epoch forgets the batches of the old one (`maybeUpdateProducerEpoch`).
    mutating func maybeUpdateProducerEpoch(_ epoch: Int16) {
        if producerEpoch != epoch {
            batchMetadata.removeAll()
            producerEpoch = epoch
        }
    }

    mutating func addBatch(epoch: Int16, lastSequence: Int32, lastOffset: Int64, offsetDelta: Int32, timestamp: Int64) {
        maybeUpdateProducerEpoch(epoch)
        if batchMetadata.count == Self.batchesToRetain { batchMetadata.removeFirst() }
        batchMetadata.append(BatchMetadata(lastSequence: lastSequence, lastOffset: lastOffset, offsetDelta: offsetDelta, timestamp: timestamp))
        lastTimestamp = timestamp
    }

    /// `DefaultRecordBatch.incrementSequence`: sequences wrap from Int32.max to 0.
    /// Wrapping arithmetic throughout: the inputs may come from a damaged snapshot.
    public static func incrementSequence(_ sequence: Int32, _ increment: Int32) -> Int32 {
        if increment >= 0 && sequence > Int32.max &- increment { return increment &- (Int32.max &- sequence) &- 1 }
        return sequence &+ increment
    }

    public static func decrementSequence(_ sequence: Int32, _ decrement: Int32) -> Int32 {
        if decrement >= 0 && sequence >= 0 && sequence < decrement { return Int32.max &- (decrement &- sequence) &+ 1 }
        return sequence &- decrement
    }

    /// The entry as a snapshot stores it (only the last batch survives).
    var snapshotEntry: ProducerSnapshotEntry {
        ProducerSnapshotEntry(producerId: producerId, epoch: producerEpoch, lastSequence: lastSequence,
                              lastOffset: lastDataOffset, offsetDelta: lastOffsetDelta, timestamp: lastTimestamp,
                              coordinatorEpoch: coordinatorEpoch, currentTxnFirstOffset: currentTxnFirstOffset ?? -1)
    }

    init(snapshot e: ProducerSnapshotEntry) {
        self.init(producerId: e.producerId, producerEpoch: e.epoch, coordinatorEpoch: e.coordinatorEpoch,
                  lastTimestamp: e.timestamp, currentTxnFirstOffset: e.currentTxnFirstOffset >= 0 ? e.currentTxnFirstOffset : nil,
                  batchMetadata: e.lastOffset >= 0
                    ? [BatchMetadata(lastSequence: e.lastSequence, lastOffset: e.lastOffset, offsetDelta: e.offsetDelta, timestamp: e.timestamp)]
                    : [])
    }
}
