/// The transaction coordinator's settings (`TransactionConfig` / `TransactionLogConfig`).
public struct TransactionCoordinatorConfig: Sendable {
    public var transactionLogNumPartitions: Int32 = 50
    /// `transaction.max.timeout.ms`: the largest timeout a producer may ask for.
    public var transactionMaxTimeoutMs: Int32 = 900_000
    /// `transactional.id.expiration.ms`: idle ids are removed after this long.
    public var transactionalIdExpirationMs: Int64 = 604_800_000
    /// `transaction.abort.timed.out.transaction.cleanup.interval.ms`.
    public var abortTimedOutTransactionsIntervalMs: Int64 = 10_000
    /// `transaction.remove.expired.transaction.cleanup.interval.ms`.
    public var removeExpiredTransactionalIdsIntervalMs: Int64 = 3_600_000

    public init() {}

    /// Reads the settings from `server.properties`; unset or unreadable keys keep Kafka's defaults.
    public init(config: KafkaConfig) {
        transactionLogNumPartitions = max(config.transactionStateLogNumPartitions, 1)
        let originals = config.originals
        if let value = originals["transaction.max.timeout.ms"].flatMap({ Int32($0) }), value >= 1 { transactionMaxTimeoutMs = value }
        if let value = originals["transactional.id.expiration.ms"].flatMap({ Int64($0) }), value >= 1 { transactionalIdExpirationMs = value }
        if let value = originals["transaction.abort.timed.out.transaction.cleanup.interval.ms"].flatMap({ Int64($0) }), value >= 1 {
            abortTimedOutTransactionsIntervalMs = value
        }
        if let value = originals["transaction.remove.expired.transaction.cleanup.interval.ms"].flatMap({ Int64($0) }), value >= 1 {
            removeExpiredTransactionalIdsIntervalMs = value
        }
    }

    /// `__transaction_state` partition of an id: `Utils.abs(transactionalId.hashCode()) % partitions`.
    public func partition(for transactionalId: String) -> Int32 {
        let hash = javaStringHashCode(transactionalId)
        return (hash == Int32.min ? 0 : abs(hash)) % max(transactionLogNumPartitions, 1)
    }
}
