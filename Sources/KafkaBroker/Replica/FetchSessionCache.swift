import KafkaProtocol
import NIOConcurrencyHelpers

/// A partition as a fetch names it: by topic id from v13 on, by name before.
public struct FetchPartitionKey: Hashable, Sendable {
    public var topicId: KafkaUUID
    public var topic: String
    public var partition: Int32

    public init(topicId: KafkaUUID, topic: String, partition: Int32) {
        self.topicId = topicId
        self.topic = topic
        self.partition = partition
    }

    var topicPartition: TopicPartition { TopicPartition(topic: topic, partition: partition) }
}

/// What a session remembers of a partition (`CachedPartition`): the client's fetch position and
/// what it was last told, so an incremental fetch answers only partitions that changed.
public struct CachedFetchPartition: Sendable, Hashable {
    public var fetchOffset: Int64
    public var maxBytes: Int32
    public var currentLeaderEpoch: Int32
    public var highWatermark: Int64 = -1
    public var lastStableOffset: Int64 = -1
    public var logStartOffset: Int64 = -1

    public init(fetchOffset: Int64, maxBytes: Int32, currentLeaderEpoch: Int32) {
        self.fetchOffset = fetchOffset
        self.maxBytes = maxBytes
        self.currentLeaderEpoch = currentLeaderEpoch
    }
}

/// An incremental fetch session (KIP-227 `FetchSession`).
public struct FetchSession: Sendable {
    public var id: Int32
    /// The epoch the next incremental request must carry.
    public var epoch: Int32
    public var usesTopicIds: Bool
    public var order: [FetchPartitionKey]
    public var partitions: [FetchPartitionKey: CachedFetchPartition]
    /// When a request last used the session, for eviction.
    public var lastUsed: ContinuousClock.Instant = .now
}

/// The broker's fetch sessions (`FetchSessionCache`), capped at
/// `max.incremental.fetch.session.cache.slots`. When full, the least recently used session idle
/// for `min.incremental.fetch.session.eviction.ms` (2 minutes) makes room; if none is that old,
/// the new full fetch runs sessionless.
public final class FetchSessionCache: Sendable {
    public let maxSlots: Int
    public let evictionAge: Duration
    private let sessions = NIOLockedValueBox<[Int32: FetchSession]>([:])

    public init(maxSlots: Int, evictionAge: Duration = .seconds(120)) {
        self.maxSlots = maxSlots
        self.evictionAge = evictionAge
    }

    /// Stores a new session and returns its id (never 0), or 0 when no slot is free.
    public func create(usesTopicIds: Bool, order: [FetchPartitionKey], partitions: [FetchPartitionKey: CachedFetchPartition]) -> Int32 {
        sessions.withLockedValue { all in
            if all.count >= maxSlots {
                let now = ContinuousClock.now
                guard let stale = all.values.min(by: { $0.lastUsed < $1.lastUsed }), now - stale.lastUsed >= evictionAge else {
                    return 0
                }
                all[stale.id] = nil
            }
            var id: Int32
            repeat { id = Int32.random(in: 1...Int32.max) } while all[id] != nil
            all[id] = FetchSession(id: id, epoch: 1, usesTopicIds: usesTopicIds, order: order, partitions: partitions)
            return id
        }
    }

    public func session(_ id: Int32) -> FetchSession? { sessions.withLockedValue { $0[id] } }

    public func store(_ session: FetchSession) { sessions.withLockedValue { $0[session.id] = session } }

    /// Reads and changes a session atomically; nil if there is no such session.
    public func update<T>(_ id: Int32, _ body: (inout FetchSession) -> T) -> T? {
        sessions.withLockedValue { all in
            guard var session = all[id] else { return nil }
            session.lastUsed = .now
            let result = body(&session)
            all[id] = session
            return result
        }
    }

    public func remove(_ id: Int32) { sessions.withLockedValue { _ = $0.removeValue(forKey: id) } }

    public var count: Int { sessions.withLockedValue { $0.count } }
}
