import KafkaProtocol
import NIOConcurrencyHelpers

/// The coordinator's current metadata of every loaded transactional id, readable without waiting
/// for the coordinator: the produce path checks a transactional batch against it under the
/// partition's append lock (KIP-890 verification is a local look-up on one node), so a batch is
/// never appended after the markers of its transaction. The coordinator updates it before it
/// writes markers.
public final class TransactionStateTable: Sendable {
    private let state = NIOLockedValueBox<(isActive: Bool, transactions: [String: TransactionMetadata])>((false, [:]))

    public init() {}

    func activate() { state.withLockedValue { $0.isActive = true } }

    func update(_ txn: TransactionMetadata) { state.withLockedValue { $0.transactions[txn.transactionalId] = txn } }

    func remove(_ transactionalId: String) { state.withLockedValue { $0.transactions[transactionalId] = nil } }

    public func metadata(_ transactionalId: String) -> TransactionMetadata? {
        state.withLockedValue { $0.transactions[transactionalId] }
    }

    /// Checks that `partition` belongs to the ongoing transaction of `transactionalId` at this
    /// producer id and epoch; the produce error and message when not (`ReplicaManager`'s
    /// translation of coordinator errors). Nil when there is no coordinator to ask.
    func verify(transactionalId: String, producerId: Int64, producerEpoch: Int16,
                partition: TopicPartition) -> (ErrorCode, String?)? {
        let (isActive, txn) = state.withLockedValue { ($0.isActive, $0.transactions[transactionalId]) }
        guard isActive else { return nil }
        switch TransactionCoordinatorLogic.verifyPartitions(txn, producerId: producerId, producerEpoch: producerEpoch,
                                                            partitions: [partition]) {
        case let .success(results):
            guard let code = results[partition], code != .noError else { return nil }
            return (code, "Partition was not added to the transaction")
        case let .failure(error):
            switch error.code {
            case .producerFenced: return (.invalidProducerEpoch, nil)
            case .concurrentTransactions:
                return (.notEnoughReplicas,
                        "Unable to verify the partition has been added to the transaction. Underlying error: \(error.code.name)")
            default: return (error.code, nil)
            }
        }
    }
}
