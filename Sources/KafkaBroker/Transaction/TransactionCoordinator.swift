import Foundation
import KafkaProtocol
import KafkaStorage
import Logging

/// The transaction coordinator (`TransactionCoordinator` + `TransactionStateManager`): the
/// metadata of every transactional id whose `__transaction_state` partition is hosted here,
/// persisted to that partition in Kafka's record format and replayed on start. Decisions come from
/// `TransactionCoordinatorLogic`; this actor persists them, writes the markers and answers.
/// On one node the markers are written before EndTxn answers, so a completed EndTxn leaves
/// nothing pending (Kafka answers after PrepareCommit and completes in the background).
public actor TransactionCoordinator {
    public let config: TransactionCoordinatorConfig
    let broker: BrokerServices
    let dataPath: DataPathServices
    let stateLog: TransactionStateLog
    let markers: TransactionMarkerWriter
    let clock: @Sendable () -> Int64
    let logger: Logger

    var transactions: [String: TransactionMetadata] = [:]
    var loadedPartitions: Set<Int32> = []
    /// Ids with an operation suspended at an await (producer id allocation, offsets completion):
    /// other requests for them answer CONCURRENT_TRANSACTIONS, as Kafka's pending state does.
    var inFlight: Set<String> = []
    var lastAbortCheck: Int64
    var lastExpirationCheck: Int64
    var tickTask: Task<Void, Never>?

    public init(broker: BrokerServices, dataPath: DataPathServices, config: TransactionCoordinatorConfig,
                clock: @escaping @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }) {
        self.broker = broker
        self.dataPath = dataPath
        self.config = config
        self.clock = clock
        logger = broker.logger
        let metadataCache = broker.metadataCache
        stateLog = TransactionStateLog(replicaManager: broker.replicaManager) { partition in
            metadataCache.image.partition(topic: TransactionStateLog.topic, partition: partition)?.leaderEpoch ?? 0
        }
        markers = TransactionMarkerWriter(dataPath: dataPath)
        let start = clock()
        lastAbortCheck = start
        lastExpirationCheck = start
    }

    var now: Int64 { clock() }

    var table: TransactionStateTable { dataPath.transactionStates }

    // MARK: - Loading

    /// NOT_COORDINATOR when the id's partition is not hosted here; loads it on first use.
    func ensureLoaded(_ transactionalId: String) async -> ErrorCode? {
        await ensureLoaded(partition: config.partition(for: transactionalId))
    }

    func ensureLoaded(partition: Int32) async -> ErrorCode? {
        if loadedPartitions.contains(partition) { return nil }
        guard stateLog.isAvailable(partition: partition) else { return .notCoordinator }
        loadedPartitions.insert(partition)
        do {
            try await load(partition: partition)
        } catch {
            loadedPartitions.remove(partition)
            logger.error("Failed to load \(TransactionStateLog.topic)-\(partition): \(error)")
            return .coordinatorLoadInProgress
        }
        return nil
    }

    /// Replays a partition (`loadTransactionMetadata`): the last record of each id wins, a
    /// tombstone removes it. Transactions found deciding get their markers and completion now.
    func load(partition: Int32) async throws {
        var loaded: [String: TransactionMetadata] = [:]
        for record in try stateLog.records(partition: partition) {
            let (transactionalId, metadata) = try TransactionLogRecords.decode(key: record.key, value: record.value)
            loaded[transactionalId] = metadata
        }
        for (transactionalId, txn) in loaded {
            transactions[transactionalId] = txn
            table.update(txn)
        }
        for txn in loaded.values where txn.state.isPreparing {
            _ = await completeTransaction(txn)
        }
        logger.info("[Transaction State Manager \(broker.nodeId)]: Finished loading \(loaded.count) transaction metadata from \(TransactionStateLog.topic)-\(partition)")
    }

    /// Loads every hosted partition.
    public func loadAll() async {
        for partition in 0..<config.transactionLogNumPartitions where stateLog.isAvailable(partition: partition) {
            _ = await ensureLoaded(partition: partition)
        }
    }

    // MARK: - Persistence

    /// The value version Kafka writes: flexible (v1) from `transaction.version` 1 on.
    var valueVersion: Int16 { (broker.metadata.features[KafkaFeature.transactionVersion.name] ?? 0) >= 1 ? 1 : 0 }

    func coordinatorEpoch(for transactionalId: String) -> Int32 {
        broker.metadata.partition(topic: TransactionStateLog.topic, partition: config.partition(for: transactionalId))?.leaderEpoch ?? 0
    }

    /// Appends the metadata's record and makes it current (`appendTransactionToLog`); the
    /// coordinator error when the write failed, with the old metadata kept.
    func persist(_ txn: TransactionMetadata) -> ErrorCode? {
        let partition = config.partition(for: txn.transactionalId)
        guard stateLog.isAvailable(partition: partition) else { return .notCoordinator }
        do {
            let value = txn.state == .dead ? nil : try TransactionLogRecords.value(txn, valueVersion: valueVersion)
            try stateLog.append(partition: partition, key: try TransactionLogRecords.key(txn.transactionalId), value: value,
                                timestamp: now)
        } catch {
            logger.error("Appending the metadata of transactional id \(txn.transactionalId) to the transaction log failed: \(error)")
            return error is CoordinatorLogUnavailable ? .notCoordinator : .coordinatorNotAvailable
        }
        if txn.state == .dead {
            transactions[txn.transactionalId] = nil
            table.remove(txn.transactionalId)
        } else {
            transactions[txn.transactionalId] = txn
            table.update(txn)
        }
        return nil
    }

    /// Writes the markers of a persisted PrepareCommit/PrepareAbort and persists the completion
    /// (`TransactionMarkerChannelManager` + `completeTransitionTo`).
    func completeTransaction(_ prepared: TransactionMetadata) async -> ErrorCode? {
        let result: TransactionResult = prepared.state == .prepareCommit ? .commit : .abort
        let errors = markers.writeMarkers(result, producerId: prepared.producerId, producerEpoch: prepared.producerEpoch,
                                          coordinatorEpoch: coordinatorEpoch(for: prepared.transactionalId),
                                          partitions: prepared.topicPartitions, now: now)
        for (partition, code) in errors where code != .noError && code != .unknownTopicOrPartition {
            logger.warning("Could not write the \(result) marker of \(prepared.transactionalId) to \(partition): \(code.name)")
        }
        let offsetsPartitions = prepared.topicPartitions.filter { $0.topic == ReplicaCoordinatorLog.topic && errors[$0] == .noError }
        if !offsetsPartitions.isEmpty, let groups = broker.groupCoordinator {
            for partition in offsetsPartitions {
                await groups.completeTransaction(producerId: prepared.producerId, partition: partition.partition,
                                                 committed: result == .commit)
            }
        }
        // Re-read: the metadata cannot have changed meanwhile (the id is in flight or we are loading).
        let current = transactions[prepared.transactionalId] ?? prepared
        do {
            return persist(try current.prepareComplete(now: now))
        } catch {
            logger.error("\(error)")
            return .unknownServerError
        }
    }

    // MARK: - Tests and tools

    public func metadata(_ transactionalId: String) -> TransactionMetadata? { transactions[transactionalId] }
}

extension BrokerServices {
    /// The running transaction coordinator.
    public var transactionCoordinator: TransactionCoordinator? { component(TransactionCoordinator.self) }
}
