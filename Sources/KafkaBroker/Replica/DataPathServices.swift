import KafkaProtocol
import KafkaStorage
import NIOConcurrencyHelpers

/// The state the produce/fetch handlers share: per-partition append serialisation, the
/// delayed-fetch waiters appends wake, the fetch session cache, the producer id allocator and the
/// transaction states produce verification reads. One per broker: a component (listed in
/// `BrokerComponents.standard` so the transaction coordinator shares it), which
/// `registerDataHandlers(broker:)` picks up.
public final class DataPathServices: BrokerComponent, Sendable {
    public let broker: BrokerServices
    public let fetchWaiters = DelayedFetchWaiters()
    public let fetchSessions: FetchSessionCache
    public let producerIds: ProducerIdManager
    public let transactionStates = TransactionStateTable()
    private let appendLocks = NIOLockedValueBox<[TopicPartition: NIOLock]>([:])

    public init(broker: BrokerServices) {
        self.broker = broker
        let slots = broker.config.originals["max.incremental.fetch.session.cache.slots"].flatMap { Int($0) } ?? 1000
        let evictionMs = broker.config.originals["min.incremental.fetch.session.eviction.ms"].flatMap { Int64($0) } ?? 120_000
        fetchSessions = FetchSessionCache(maxSlots: slots, evictionAge: .milliseconds(evictionMs))
        producerIds = ProducerIdManager(controller: broker.controller, nodeId: broker.nodeId)
    }

    public var replicaManager: ReplicaManager { broker.replicaManager }

    public func start(broker: BrokerServices) async throws {}

    public func shutdown(broker: BrokerServices) async {}

    /// The lock that serialises validate → sequence check → append of one partition, so the
    /// producer state seen by the check is the one the append extends.
    func appendLock(for partition: TopicPartition) -> NIOLock {
        appendLocks.withLockedValue { locks in
            if let lock = locks[partition] { return lock }
            let lock = NIOLock()
            locks[partition] = lock
            return lock
        }
    }

    /// Where a partition stands for a request that must reach its leader here.
    enum LeaderLookup {
        case leader(PartitionLog, PartitionRegistration)
        case failure(ErrorCode)
    }

    /// The local leader log of a partition (`getPartitionOrError`): unknown partitions answer
    /// UNKNOWN_TOPIC_OR_PARTITION, partitions led elsewhere (or not open here) NOT_LEADER_OR_FOLLOWER.
    /// A leader with no other in-sync replica has its high watermark at the log end (a restart
    /// reopens logs with the high watermark at 0; the leader moves it up at once, as Kafka's
    /// `maybeIncrementLeaderHW` does on becoming leader).
    func leaderLog(_ partition: TopicPartition, image: MetadataImage) -> LeaderLookup {
        guard let registration = image.partition(topic: partition.topic, partition: partition.partition) else {
            return .failure(.unknownTopicOrPartition)
        }
        guard registration.leader == broker.nodeId, let log = replicaManager.log(for: partition) else {
            return .failure(.notLeaderOrFollower)
        }
        if registration.isr.allSatisfy({ $0 == broker.nodeId }) {
            let end = log.logEndOffset
            if log.highWatermark < end { log.updateHighWatermark(end) }
        }
        return .leader(log, registration)
    }

    /// Checks the client's view of the leader epoch (`Partition.checkCurrentLeaderEpoch`).
    static func checkLeaderEpoch(requested: Int32, registration: PartitionRegistration) -> ErrorCode? {
        guard requested != -1 else { return nil }
        if requested < registration.leaderEpoch { return .fencedLeaderEpoch }
        if requested > registration.leaderEpoch { return .unknownLeaderEpoch }
        return nil
    }
}
