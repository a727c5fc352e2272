import KafkaProtocol

/// One transactional id's state at the coordinator (`TransactionMetadata`). Transitions are pure:
/// each `prepare…` returns the metadata to persist; the coordinator makes it current once the
/// transaction log holds it (Kafka's `TxnTransitMetadata` + `completeTransitionTo`).
public struct TransactionMetadata: Sendable, Equatable {
    public var transactionalId: String
    public var producerId: Int64
    /// The producer id before the last rotation (epoch exhaustion), -1 if none.
    public var previousProducerId: Int64 = -1
    /// The producer id the next completion switches to (transaction version 2 overflow), -1 if none.
    public var nextProducerId: Int64 = -1
    public var producerEpoch: Int16
    /// The epoch before the last bump, so a retried InitProducerId is recognised (KIP-360).
    public var lastProducerEpoch: Int16 = -1
    public var txnTimeoutMs: Int32
    public var state: TransactionState
    /// The partitions of the ongoing transaction, without duplicates, in the order added.
    public var topicPartitions: [TopicPartition] = []
    public var txnStartTimestamp: Int64 = -1
    public var txnLastUpdateTimestamp: Int64
    /// 0/1: markers keep the epoch; 2 (KIP-890): every completion bumps it.
    public var clientTransactionVersion: Int16 = 0

    public init(transactionalId: String, producerId: Int64, producerEpoch: Int16, txnTimeoutMs: Int32,
                state: TransactionState, txnLastUpdateTimestamp: Int64) {
        self.transactionalId = transactionalId
        self.producerId = producerId
        self.producerEpoch = producerEpoch
        self.txnTimeoutMs = txnTimeoutMs
        self.state = state
        self.txnLastUpdateTimestamp = txnLastUpdateTimestamp
    }

    /// A transactional id seen for the first time: a fresh producer id with no epoch yet.
    static func new(transactionalId: String, producerId: Int64, txnTimeoutMs: Int32, now: Int64) -> TransactionMetadata {
        TransactionMetadata(transactionalId: transactionalId, producerId: producerId, producerEpoch: -1,
                            txnTimeoutMs: txnTimeoutMs, state: .empty, txnLastUpdateTimestamp: now)
    }

    /// `isEpochExhausted`: the next bump would reach Short.MaxValue.
    static func isEpochExhausted(_ epoch: Int16) -> Bool { epoch >= Int16.max - 1 }

    var isProducerEpochExhausted: Bool { Self.isEpochExhausted(producerEpoch) }

    var usesEpochBumpPerTransaction: Bool { clientTransactionVersion >= 2 }

    // MARK: - Transitions

    /// `prepareTransitionTo`: checks the state machine's edges.
    private func transition(to newState: TransactionState, _ change: (inout TransactionMetadata) -> Void) throws(TransactionTransitionError)
        -> TransactionMetadata {
        guard newState.validPreviousStates.contains(state) else {
            throw TransactionTransitionError(transactionalId: transactionalId, from: state, to: newState)
        }
        var next = self
        next.state = newState
        change(&next)
        if newState == .empty || newState == .completeCommit || newState == .completeAbort || newState == .dead {
            next.topicPartitions = []
        }
        return next
    }

    /// InitProducerId on an idle id (`prepareIncrementProducerEpoch`): bump the epoch, or answer a
    /// retry of the last bump with the same epoch; any other expected epoch is fenced.
    func prepareIncrementProducerEpoch(timeoutMs: Int32, expectedProducerEpoch: Int16?, now: Int64)
        throws(TransactionTransitionError) -> Result<TransactionMetadata, TransactionCoordinatorError> {
        let bumped = producerEpoch &+ 1
        let epochs: (Int16, Int16)
        switch expectedProducerEpoch {
        case nil: epochs = (bumped, -1)
        case let expected? where producerEpoch == -1 || expected == producerEpoch: epochs = (bumped, producerEpoch)
        case let expected? where expected == lastProducerEpoch: epochs = (producerEpoch, lastProducerEpoch)
        default: return .failure(.init(.producerFenced))
        }
        return .success(try transition(to: .empty) {
            $0.producerEpoch = epochs.0
            $0.lastProducerEpoch = epochs.1
            $0.txnTimeoutMs = timeoutMs
            $0.txnStartTimestamp = -1
            $0.txnLastUpdateTimestamp = now
        })
    }

    /// A new producer id at epoch 0 once the epoch is exhausted (`prepareProducerIdRotation`).
    func prepareProducerIdRotation(newProducerId: Int64, timeoutMs: Int32, now: Int64, recordLastEpoch: Bool)
        throws(TransactionTransitionError) -> TransactionMetadata {
        try transition(to: .empty) {
            $0.previousProducerId = $0.producerId
            $0.producerId = newProducerId
            $0.lastProducerEpoch = recordLastEpoch ? $0.producerEpoch : -1
            $0.producerEpoch = 0
            $0.txnTimeoutMs = timeoutMs
            $0.txnStartTimestamp = -1
            $0.txnLastUpdateTimestamp = now
        }
    }

    /// AddPartitionsToTxn / AddOffsetsToTxn (`prepareAddPartitions`): a transaction starts on the
    /// first partition added to an idle id.
    func prepareAddPartitions(_ added: [TopicPartition], now: Int64, clientTransactionVersion: Int16)
        throws(TransactionTransitionError) -> TransactionMetadata {
        let wasIdle = state == .empty || state == .completeCommit || state == .completeAbort
        return try transition(to: .ongoing) {
            if wasIdle {
                $0.txnStartTimestamp = now
            }
            for partition in added where !$0.topicPartitions.contains(partition) { $0.topicPartitions.append(partition) }
            $0.txnLastUpdateTimestamp = now
            $0.clientTransactionVersion = clientTransactionVersion
        }
    }

    /// EndTxn (`prepareAbortOrCommit`): version 2 bumps the epoch here, and moves to
    /// `nextProducerId` at completion when the epoch is exhausted.
    func prepareAbortOrCommit(_ newState: TransactionState, clientTransactionVersion: Int16, nextProducerId: Int64,
                              now: Int64, noPartitionAdded: Bool) throws(TransactionTransitionError) -> TransactionMetadata {
        let from = self
        let next = try transition(to: newState) {
            if clientTransactionVersion >= 2 {
                $0.lastProducerEpoch = from.producerEpoch
                $0.producerEpoch = from.producerEpoch &+ 1
            }
            if noPartitionAdded { $0.txnStartTimestamp = now }
            $0.nextProducerId = nextProducerId
            $0.txnLastUpdateTimestamp = now
            $0.clientTransactionVersion = clientTransactionVersion
        }
        return next
    }

    /// The markers are written (`prepareComplete`).
    func prepareComplete(now: Int64) throws(TransactionTransitionError) -> TransactionMetadata {
        let newState: TransactionState = state == .prepareCommit ? .completeCommit : .completeAbort
        let from = self
        return try transition(to: newState) {
            if from.usesEpochBumpPerTransaction && from.nextProducerId != -1 {
                $0.previousProducerId = from.producerId
                $0.producerId = from.nextProducerId
                $0.producerEpoch = 0
            }
            $0.nextProducerId = -1
            $0.txnLastUpdateTimestamp = now
        }
    }

    /// Fences the producer of an ongoing transaction before aborting it (`prepareFenceProducerEpoch`):
    /// never persisted; the abort that follows carries the bumped epoch.
    func prepareFenceProducerEpoch() throws(TransactionTransitionError) -> TransactionMetadata {
        guard producerEpoch < Int16.max else {
            throw TransactionTransitionError(transactionalId: transactionalId, from: state, to: .prepareEpochFence)
        }
        return try transition(to: .prepareEpochFence) {
            $0.producerEpoch = $0.producerEpoch &+ 1
            $0.lastProducerEpoch = -1
        }
    }

    /// Expiration of an idle id (`prepareDead`): its tombstone is written, then it is forgotten.
    func prepareDead() throws(TransactionTransitionError) -> TransactionMetadata {
        try transition(to: .dead) { _ in }
    }
}

/// A transition the state machine does not allow (Kafka's `IllegalStateException`).
public struct TransactionTransitionError: Error, Equatable, CustomStringConvertible {
    public var transactionalId: String
    public var from: TransactionState
    public var to: TransactionState

    public var description: String {
        "TransactionalId \(transactionalId) failed transition to state \(to.name) from \(from.name): not a valid previous state"
    }
}

/// An error the coordinator answers with.
public struct TransactionCoordinatorError: Error, Equatable {
    public var code: KafkaProtocol.ErrorCode
    public init(_ code: KafkaProtocol.ErrorCode) { self.code = code }
}
