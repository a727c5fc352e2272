import KafkaProtocol

/// The decisions of Kafka's `TransactionCoordinator` for one transactional id, without I/O: each
/// takes the current metadata and the request and says what to persist and answer. The
/// `TransactionCoordinator` actor runs them and performs the writes.
enum TransactionCoordinatorLogic {
    /// What InitProducerId does next.
    enum InitProducerIdDecision: Equatable {
        /// Answer at once (an error; or success with the id and epoch).
        case respond(ErrorCode, producerId: Int64, producerEpoch: Int16)
        /// Call again with a freshly allocated producer id.
        case needProducerId
        /// Persist this metadata, then answer with its producer id and epoch.
        case write(TransactionMetadata)
        /// An ongoing transaction: abort it with this fenced metadata, then answer
        /// CONCURRENT_TRANSACTIONS so the client retries once it is done.
        case fenceAndAbort(TransactionMetadata)
    }

    /// `handleInitProducerId` + `prepareInitProducerIdTransit` for a transactional id.
    static func initProducerId(_ current: TransactionMetadata?, transactionalId: String, timeoutMs: Int32, maxTimeoutMs: Int32,
                               expected: (producerId: Int64, epoch: Int16)?, newProducerId: Int64?, now: Int64) -> InitProducerIdDecision {
        if transactionalId.isEmpty { return .respond(.invalidRequest, producerId: -1, producerEpoch: -1) }
        if timeoutMs <= 0 || timeoutMs > maxTimeoutMs { return .respond(.invalidTransactionTimeout, producerId: -1, producerEpoch: -1) }
        let txn: TransactionMetadata
        if let current {
            txn = current
        } else {
            guard let newProducerId else { return .needProducerId }
            txn = .new(transactionalId: transactionalId, producerId: newProducerId, txnTimeoutMs: timeoutMs, now: now)
        }
        if let expected, !isValidProducerId(txn, expected: expected) {
            return .respond(.producerFenced, producerId: -1, producerEpoch: -1)
        }
        do {
            switch txn.state {
            case .prepareAbort, .prepareCommit, .prepareEpochFence, .dead:
                return .respond(.concurrentTransactions, producerId: -1, producerEpoch: -1)
            case .completeAbort, .completeCommit, .empty:
                if txn.isProducerEpochExhausted && (expected == nil || expected?.epoch == txn.producerEpoch) {
                    guard let newProducerId, newProducerId != txn.producerId else { return .needProducerId }
                    return .write(try txn.prepareProducerIdRotation(newProducerId: newProducerId, timeoutMs: timeoutMs, now: now,
                                                                    recordLastEpoch: expected != nil))
                }
                switch try txn.prepareIncrementProducerEpoch(timeoutMs: timeoutMs, expectedProducerEpoch: expected?.epoch, now: now) {
                case let .success(next): return .write(next)
                case let .failure(error): return .respond(error.code, producerId: -1, producerEpoch: -1)
                }
            case .ongoing:
                return .fenceAndAbort(try txn.prepareFenceProducerEpoch())
            }
        } catch {
            return .respond(.concurrentTransactions, producerId: -1, producerEpoch: -1)
        }
    }

    /// `isValidProducerId` (KIP-360): a request naming a producer id may continue if the id is new,
    /// is the current one, or is the previous one with an exhausted epoch (a retried rotation).
    static func isValidProducerId(_ txn: TransactionMetadata, expected: (producerId: Int64, epoch: Int16)) -> Bool {
        txn.producerEpoch == -1 || expected.producerId == txn.producerId
            || (expected.producerId == txn.previousProducerId && TransactionMetadata.isEpochExhausted(expected.epoch))
    }

    /// `handleAddPartitionsToTransaction`: nil when the partitions are already in the transaction.
    static func addPartitions(_ current: TransactionMetadata?, producerId: Int64, producerEpoch: Int16,
                              partitions: [TopicPartition], clientTransactionVersion: Int16,
                              now: Int64) -> Result<TransactionMetadata?, TransactionCoordinatorError> {
        guard let txn = current, txn.state != .dead else { return .failure(.init(.invalidProducerIdMapping)) }
        if txn.producerId != producerId { return .failure(.init(.invalidProducerIdMapping)) }
        if txn.producerEpoch != producerEpoch { return .failure(.init(.producerFenced)) }
        if txn.state.isPreparing || txn.state == .prepareEpochFence { return .failure(.init(.concurrentTransactions)) }
        if txn.state == .ongoing && partitions.allSatisfy(txn.topicPartitions.contains) { return .success(nil) }
        do {
            return .success(try txn.prepareAddPartitions(partitions, now: now,
                                                         clientTransactionVersion: max(clientTransactionVersion, txn.clientTransactionVersion)))
        } catch {
            return .failure(.init(.concurrentTransactions))
        }
    }

    /// `handleVerifyPartitionsInTransaction` (KIP-890): which partitions the ongoing transaction holds.
    static func verifyPartitions(_ current: TransactionMetadata?, producerId: Int64, producerEpoch: Int16,
                                 partitions: [TopicPartition]) -> Result<[TopicPartition: ErrorCode], TransactionCoordinatorError> {
        guard let txn = current, txn.state != .dead else { return .failure(.init(.invalidProducerIdMapping)) }
        if txn.producerId != producerId { return .failure(.init(.invalidProducerIdMapping)) }
        if txn.producerEpoch != producerEpoch { return .failure(.init(.producerFenced)) }
        if txn.state.isPreparing || txn.state == .prepareEpochFence { return .failure(.init(.concurrentTransactions)) }
        var result: [TopicPartition: ErrorCode] = [:]
        for partition in partitions {
            result[partition] = txn.state == .ongoing && txn.topicPartitions.contains(partition) ? .noError : .invalidTxnState
        }
        return .success(result)
    }

    /// What EndTxn does next.
    enum EndTxnDecision: Equatable {
        /// Answer at once with the error (NONE for an already completed retry) and the id/epoch.
        case respond(ErrorCode, producerId: Int64, producerEpoch: Int16)
        case needProducerId
        /// Persist the prepare state, write the markers, persist the completion.
        case prepare(TransactionMetadata)
    }

    /// `handleEndTransaction` (transaction versions 0/1 and 2). `current` in state
    /// PrepareEpochFence is a fenced ongoing transaction being aborted by the coordinator.
    static func endTransaction(_ current: TransactionMetadata?, transactionalId: String, producerId: Int64, producerEpoch: Int16,
                               result: TransactionResult, isFromClient: Bool, clientTransactionVersion: Int16,
                               newProducerId: Int64?, now: Int64) -> EndTxnDecision {
        if transactionalId.isEmpty { return .respond(.invalidRequest, producerId: -1, producerEpoch: -1) }
        guard var txn = current, txn.state != .dead else { return .respond(.invalidProducerIdMapping, producerId: -1, producerEpoch: -1) }
        let isEpochFence = txn.state == .prepareEpochFence
        if isEpochFence { txn.state = .ongoing }
        // Once the id is known, errors carry its producer id and epoch (EndTxn v5 answers them).
        let known = txn
        func fail(_ code: ErrorCode) -> EndTxnDecision { .respond(code, producerId: known.producerId, producerEpoch: known.producerEpoch) }
        let done = EndTxnDecision.respond(.noError, producerId: txn.producerId, producerEpoch: txn.producerEpoch)
        do {
            if clientTransactionVersion >= 2 {
                let retryOnOverflow = !isEpochFence && txn.previousProducerId == producerId && producerEpoch == Int16.max - 1
                    && txn.producerEpoch == 0
                let retryOnEpochBump = !isEpochFence && txn.producerEpoch == producerEpoch &+ 1
                let isValidEpoch: Bool
                if isEpochFence {
                    isValidEpoch = !isFromClient || producerEpoch == txn.producerEpoch
                } else {
                    switch txn.state {
                    case .ongoing, .empty, .dead, .prepareEpochFence: isValidEpoch = producerEpoch == txn.producerEpoch
                    case .prepareCommit, .prepareAbort: isValidEpoch = retryOnEpochBump
                    case .completeCommit, .completeAbort:
                        isValidEpoch = retryOnEpochBump || retryOnOverflow || producerEpoch == txn.producerEpoch
                    }
                }
                let isRetry = retryOnEpochBump || retryOnOverflow
                if txn.producerId != producerId && !retryOnOverflow { return fail(.invalidProducerIdMapping) }
                if !isValidEpoch { return fail(.producerFenced) }
                func complete(_ state: TransactionState, noPartitionAdded: Bool) throws(TransactionTransitionError) -> EndTxnDecision {
                    var from = txn
                    // The fence already bumped the epoch; version 2 bumps it once, here.
                    if isEpochFence { from.producerEpoch = from.producerEpoch &- 1 }
                    var next: Int64 = -1
                    if !isEpochFence && from.isProducerEpochExhausted {
                        guard let newProducerId else { return .needProducerId }
                        next = newProducerId
                    }
                    return .prepare(try from.prepareAbortOrCommit(state, clientTransactionVersion: clientTransactionVersion,
                                                                 nextProducerId: next, now: now, noPartitionAdded: noPartitionAdded))
                }
                switch (txn.state, result) {
                case (.ongoing, .commit): return try complete(.prepareCommit, noPartitionAdded: false)
                case (.ongoing, .abort): return try complete(.prepareAbort, noPartitionAdded: false)
                case (.completeCommit, .commit): return isRetry ? done : fail(.invalidTxnState)
                case (.completeCommit, .abort): return isRetry ? fail(.invalidTxnState) : try complete(.prepareAbort, noPartitionAdded: true)
                case (.completeAbort, .abort): return isRetry ? done : try complete(.prepareAbort, noPartitionAdded: true)
                case (.completeAbort, .commit): return fail(.invalidTxnState)
                case (.prepareCommit, .commit), (.prepareAbort, .abort): return fail(.concurrentTransactions)
                case (.prepareCommit, .abort), (.prepareAbort, .commit): return fail(.invalidTxnState)
                case (.empty, .abort): return try complete(.prepareAbort, noPartitionAdded: true)
                case (.empty, .commit): return fail(.invalidTxnState)
                case (.dead, _), (.prepareEpochFence, _): return fail(.concurrentTransactions)
                }
            }
            if txn.producerId != producerId { return fail(.invalidProducerIdMapping) }
            // Clients must match the epoch exactly; the coordinator's own abort carries the fenced one.
            if (isFromClient && producerEpoch != txn.producerEpoch) || producerEpoch < txn.producerEpoch { return fail(.producerFenced) }
            switch (txn.state, result) {
            case (.ongoing, .commit):
                return .prepare(try txn.prepareAbortOrCommit(.prepareCommit, clientTransactionVersion: clientTransactionVersion,
                                                             nextProducerId: -1, now: now, noPartitionAdded: false))
            case (.ongoing, .abort):
                return .prepare(try txn.prepareAbortOrCommit(.prepareAbort, clientTransactionVersion: clientTransactionVersion,
                                                             nextProducerId: -1, now: now, noPartitionAdded: false))
            case (.completeCommit, .commit), (.completeAbort, .abort): return done
            case (.prepareCommit, .commit), (.prepareAbort, .abort): return fail(.concurrentTransactions)
            case (.completeCommit, .abort), (.completeAbort, .commit), (.prepareCommit, .abort), (.prepareAbort, .commit), (.empty, _):
                return fail(.invalidTxnState)
            case (.dead, _), (.prepareEpochFence, _): return fail(.concurrentTransactions)
            }
        } catch {
            return fail(.concurrentTransactions)
        }
    }

    /// Ongoing transactions past their timeout (`timedOutTransactions`).
    static func timedOutTransactions(_ all: some Sequence<TransactionMetadata>, now: Int64) -> [TransactionMetadata] {
        all.filter { $0.state == .ongoing && $0.txnStartTimestamp + Int64($0.txnTimeoutMs) < now }
    }

    /// Idle ids not used for `transactional.id.expiration.ms` (`removeExpiredTransactionalIds`).
    static func expiredTransactionalIds(_ all: some Sequence<TransactionMetadata>, now: Int64, expirationMs: Int64) -> [TransactionMetadata] {
        all.filter { txn in
            (txn.state == .empty || txn.state == .completeCommit || txn.state == .completeAbort)
                && txn.txnLastUpdateTimestamp <= now - expirationMs
        }
    }

    /// `listTransactionStates`: the ids matching every given filter; unknown state names are reported.
    static func listTransactions(_ all: some Sequence<TransactionMetadata>, stateFilters: [String], producerIdFilters: [Int64],
                                 durationFilterMs: Int64, now: Int64) -> (transactions: [TransactionMetadata], unknownStates: [String]) {
        var states: Set<TransactionState> = []
        var unknown: [String] = []
        for name in stateFilters {
            if let state = TransactionState(name: name) { states.insert(state) } else { unknown.append(name) }
        }
        let producerIds = Set(producerIdFilters)
        let matching = all.filter { txn in
            if txn.state == .dead { return false }
            if !producerIds.isEmpty && !producerIds.contains(txn.producerId) { return false }
            if !states.isEmpty && !states.contains(txn.state) { return false }
            if durationFilterMs >= 0 && now - txn.txnStartTimestamp <= durationFilterMs { return false }
            return true
        }
        return (matching, unknown)
    }
}
