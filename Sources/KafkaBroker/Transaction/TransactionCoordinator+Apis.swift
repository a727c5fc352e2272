import KafkaProtocol
import KafkaStorage

extension TransactionCoordinator {
    /// Runs `body` with `transactionalId` marked in flight, or answers CONCURRENT_TRANSACTIONS
    /// when another request for it is suspended.
    private func exclusively<T>(_ transactionalId: String, busy: T, _ body: () async -> T) async -> T {
        guard !inFlight.contains(transactionalId) else { return busy }
        inFlight.insert(transactionalId)
        defer { inFlight.remove(transactionalId) }
        return await body()
    }

    /// InitProducerId with a transactional id (`handleInitProducerId`). `expected` is the
    /// producer id and epoch of a KIP-360 recovery (v3+), nil when the request had -1/-1.
    public func initProducerId(transactionalId: String, transactionTimeoutMs: Int32,
                               expected: (producerId: Int64, epoch: Int16)?) async -> (ErrorCode, producerId: Int64, producerEpoch: Int16) {
        if transactionalId.isEmpty { return (.invalidRequest, -1, -1) }
        if let error = await ensureLoaded(transactionalId) { return (error, -1, -1) }
        return await exclusively(transactionalId, busy: (.concurrentTransactions, -1, -1)) {
            var newProducerId: Int64?
            while true {
                let decision = TransactionCoordinatorLogic.initProducerId(
                    transactions[transactionalId], transactionalId: transactionalId, timeoutMs: transactionTimeoutMs,
                    maxTimeoutMs: config.transactionMaxTimeoutMs, expected: expected, newProducerId: newProducerId, now: now)
                switch decision {
                case let .respond(code, producerId, producerEpoch):
                    return (code, producerId, producerEpoch)
                case .needProducerId:
                    do {
                        newProducerId = try await dataPath.producerIds.generateProducerId()
                    } catch {
                        logger.error("Failed to allocate a producer id block: \(error)")
                        return (.coordinatorLoadInProgress, -1, -1)
                    }
                case let .write(txn):
                    if let error = persist(txn) { return (error, -1, -1) }
                    return (.noError, txn.producerId, txn.producerEpoch)
                case let .fenceAndAbort(fenced):
                    await abortFenced(fenced)
                    return (.concurrentTransactions, -1, -1)
                }
            }
        }
    }

    /// Aborts the ongoing transaction of `fenced` (state PrepareEpochFence, epoch already bumped)
    /// as the coordinator, not the client (`endTransaction(isFromClient = false)`).
    func abortFenced(_ fenced: TransactionMetadata) async {
        var newProducerId: Int64?
        while true {
            let decision = TransactionCoordinatorLogic.endTransaction(
                fenced, transactionalId: fenced.transactionalId, producerId: fenced.producerId, producerEpoch: fenced.producerEpoch,
                result: .abort, isFromClient: false, clientTransactionVersion: fenced.clientTransactionVersion,
                newProducerId: newProducerId, now: now)
            switch decision {
            case let .respond(code, _, _):
                if code != .noError { logger.warning("Aborting the fenced transaction of \(fenced.transactionalId) failed: \(code.name)") }
                return
            case .needProducerId:
                guard let id = try? await dataPath.producerIds.generateProducerId() else { return }
                newProducerId = id
            case let .prepare(prepared):
                guard persist(prepared) == nil else { return }
                _ = await completeTransaction(prepared)
                return
            }
        }
    }

    /// AddPartitionsToTxn / AddOffsetsToTxn / the produce path of version 2 clients
    /// (`handleAddPartitionsToTransaction`).
    public func addPartitions(transactionalId: String, producerId: Int64, producerEpoch: Int16, partitions: [TopicPartition],
                              clientTransactionVersion: Int16 = 0) async -> ErrorCode {
        if transactionalId.isEmpty { return .invalidRequest }
        if let error = await ensureLoaded(transactionalId) { return error }
        if inFlight.contains(transactionalId) { return .concurrentTransactions }
        switch TransactionCoordinatorLogic.addPartitions(transactions[transactionalId], producerId: producerId, producerEpoch: producerEpoch,
                                                         partitions: partitions, clientTransactionVersion: clientTransactionVersion, now: now) {
        case let .failure(error): return error.code
        case .success(nil): return .noError
        case let .success(txn?): return persist(txn) ?? .noError
        }
    }

    /// AddPartitionsToTxn v4+ with verifyOnly (`handleVerifyPartitionsInTransaction`).
    public func verifyPartitions(transactionalId: String, producerId: Int64, producerEpoch: Int16,
                                 partitions: [TopicPartition]) async -> Result<[TopicPartition: ErrorCode], TransactionCoordinatorError> {
        if transactionalId.isEmpty { return .failure(.init(.invalidRequest)) }
        if let error = await ensureLoaded(transactionalId) { return .failure(.init(error)) }
        if inFlight.contains(transactionalId) { return .failure(.init(.concurrentTransactions)) }
        return TransactionCoordinatorLogic.verifyPartitions(transactions[transactionalId], producerId: producerId,
                                                            producerEpoch: producerEpoch, partitions: partitions)
    }

    /// EndTxn (`handleEndTransaction`): persists PrepareCommit/PrepareAbort, writes the markers,
    /// persists the completion, then answers (v5+: with the producer id and epoch to use next).
    public func endTransaction(transactionalId: String, producerId: Int64, producerEpoch: Int16, committed: Bool,
                               clientTransactionVersion: Int16) async -> (ErrorCode, producerId: Int64, producerEpoch: Int16) {
        if transactionalId.isEmpty { return (.invalidRequest, -1, -1) }
        if let error = await ensureLoaded(transactionalId) { return (error, -1, -1) }
        return await exclusively(transactionalId, busy: (.concurrentTransactions, -1, -1)) {
            var newProducerId: Int64?
            while true {
                let decision = TransactionCoordinatorLogic.endTransaction(
                    transactions[transactionalId], transactionalId: transactionalId, producerId: producerId, producerEpoch: producerEpoch,
                    result: committed ? .commit : .abort, isFromClient: true, clientTransactionVersion: clientTransactionVersion,
                    newProducerId: newProducerId, now: now)
                switch decision {
                case let .respond(code, id, epoch):
                    return (code, id, epoch)
                case .needProducerId:
                    do {
                        newProducerId = try await dataPath.producerIds.generateProducerId()
                    } catch {
                        return (.coordinatorLoadInProgress, -1, -1)
                    }
                case let .prepare(prepared):
                    if let error = persist(prepared) { return (error, -1, -1) }
                    if let error = await completeTransaction(prepared) { return (error, -1, -1) }
                    let completed = transactions[transactionalId] ?? prepared
                    return (.noError, completed.producerId, completed.producerEpoch)
                }
            }
        }
    }

    /// DescribeTransactions for one id (`handleDescribeTransactions`).
    public func describeTransaction(_ transactionalId: String) async -> DescribeTransactionsResponse.TransactionState {
        var state = DescribeTransactionsResponse.TransactionState()
        state.transactionalId = transactionalId
        if transactionalId.isEmpty {
            state.errorCode = ErrorCode.invalidRequest.rawValue
            return state
        }
        if let error = await ensureLoaded(transactionalId) {
            state.errorCode = error.rawValue
            return state
        }
        guard let txn = transactions[transactionalId], txn.state != .dead else {
            state.errorCode = ErrorCode.transactionalIdNotFound.rawValue
            return state
        }
        for partition in txn.topicPartitions {
            if let index = state.topics.firstIndex(where: { $0.topic == partition.topic }) {
                state.topics[index].partitions.append(partition.partition)
            } else {
                var topic = DescribeTransactionsResponse.TopicData()
                topic.topic = partition.topic
                topic.partitions = [partition.partition]
                state.topics.append(topic)
            }
        }
        state.producerId = txn.producerId
        state.producerEpoch = txn.producerEpoch
        state.transactionState = txn.state.name
        state.transactionTimeoutMs = txn.txnTimeoutMs
        state.transactionStartTimeMs = txn.txnStartTimestamp
        return state
    }

    /// ListTransactions over the loaded ids (`listTransactionStates`), in Kafka's order: by
    /// `__transaction_state` partition (its cache is a hash map keyed by small ints), then in the
    /// iteration order of the partition's `ConcurrentHashMap` of ids.
    public func listTransactions(stateFilters: [String], producerIdFilters: [Int64], durationFilterMs: Int64) async
        -> (transactions: [TransactionMetadata], unknownStates: [String]) {
        await loadAll()
        let byPartition = Dictionary(grouping: transactions.keys) { config.partition(for: $0) }
        let all = byPartition.keys.sorted().flatMap { partition in
            JavaHashOrder.ordered((byPartition[partition] ?? []).sorted(), table: .properties)
        }.compactMap { transactions[$0] }
        return TransactionCoordinatorLogic.listTransactions(all, stateFilters: stateFilters, producerIdFilters: producerIdFilters,
                                                            durationFilterMs: durationFilterMs, now: now)
    }

    // MARK: - Periodic tasks

    /// Aborts ongoing transactions past their timeout, fencing their producer
    /// (`abortTimedOutTransactions`).
    public func abortTimedOutTransactions() async {
        for txn in TransactionCoordinatorLogic.timedOutTransactions(transactions.values, now: now)
        where !inFlight.contains(txn.transactionalId) {
            guard let fenced = try? txn.prepareFenceProducerEpoch() else { continue }
            logger.info("Aborting the transaction of \(txn.transactionalId) (producer id \(txn.producerId)): timed out after \(txn.txnTimeoutMs) ms")
            inFlight.insert(txn.transactionalId)
            await abortFenced(fenced)
            inFlight.remove(txn.transactionalId)
        }
    }

    /// Writes tombstones for ids idle longer than `transactional.id.expiration.ms`
    /// (`removeExpiredTransactionalIds`).
    public func removeExpiredTransactionalIds() {
        for txn in TransactionCoordinatorLogic.expiredTransactionalIds(transactions.values, now: now,
                                                                      expirationMs: config.transactionalIdExpirationMs)
        where !inFlight.contains(txn.transactionalId) {
            guard let dead = try? txn.prepareDead(), persist(dead) == nil else { continue }
            logger.info("Removed expired transactional id \(txn.transactionalId)")
        }
    }

    /// One tick of the periodic tasks, each at its configured interval.
    func runPeriodicTasks() async {
        let current = now
        if current - lastAbortCheck >= config.abortTimedOutTransactionsIntervalMs {
            lastAbortCheck = current
            await abortTimedOutTransactions()
        }
        if current - lastExpirationCheck >= config.removeExpiredTransactionalIdsIntervalMs {
            lastExpirationCheck = current
            removeExpiredTransactionalIds()
        }
    }
}
