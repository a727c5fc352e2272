import KafkaProtocol

/// KIP-227 incremental fetch sessions for one broker, sans-IO (Kafka's `FetchSessionHandler`):
/// the first request is full and opens a session; later ones list only partitions whose fetch
/// state changed, and the partitions dropped since the last request as forgotten.
public struct FetchSessionHandler: Sendable {
    public struct PartitionState: Sendable, Hashable {
        public var topicId: KafkaUUID
        public var fetchOffset: Int64
        public var currentLeaderEpoch: Int32
        public var lastFetchedEpoch: Int32
        public var logStartOffset: Int64
        public var maxBytes: Int32

        public init(topicId: KafkaUUID, fetchOffset: Int64, currentLeaderEpoch: Int32 = -1, lastFetchedEpoch: Int32 = -1, logStartOffset: Int64 = -1, maxBytes: Int32) {
            self.topicId = topicId
            self.fetchOffset = fetchOffset
            self.currentLeaderEpoch = currentLeaderEpoch
            self.lastFetchedEpoch = lastFetchedEpoch
            self.logStartOffset = logStartOffset
            self.maxBytes = maxBytes
        }
    }

    /// What to put into the next FetchRequest.
    public struct FetchPlan: Sendable {
        public var sessionId: Int32
        public var epoch: Int32
        public var toSend: [TopicPartition: PartitionState]
        public var forgotten: [TopicPartition]
        /// Topic ids of forgotten topics (Fetch v13+ names topics by id).
        public var forgottenTopicIds: [String: KafkaUUID] = [:]
        public var isFull: Bool
    }

    public static let invalidSessionId: Int32 = 0
    public static let initialEpoch: Int32 = 0
    public static let finalEpoch: Int32 = -1

    public private(set) var sessionId: Int32 = invalidSessionId
    public private(set) var nextEpoch: Int32 = initialEpoch
    /// The partitions (and states) the broker's session holds after our last request.
    public private(set) var sessionPartitions: [TopicPartition: PartitionState] = [:]
    private var pending: [TopicPartition: PartitionState]?
    private var pendingIsFull = false

    public init() {}

    /// Plans the request that fetches exactly `next`. Without sessions (`supportsSessions`
    /// false: Fetch < v7) every request is full with session id 0 and epoch -1.
    public mutating func plan(_ next: [TopicPartition: PartitionState], supportsSessions: Bool = true) -> FetchPlan {
        pending = next
        guard supportsSessions else {
            pendingIsFull = true
            return FetchPlan(sessionId: Self.invalidSessionId, epoch: Self.finalEpoch, toSend: next, forgotten: [], isFull: true)
        }
        if sessionId == Self.invalidSessionId || nextEpoch == Self.initialEpoch {
            pendingIsFull = true
            return FetchPlan(sessionId: Self.invalidSessionId, epoch: Self.initialEpoch, toSend: next, forgotten: [], isFull: true)
        }
        pendingIsFull = false
        var toSend: [TopicPartition: PartitionState] = [:]
        for (tp, state) in next where sessionPartitions[tp] != state { toSend[tp] = state }
        let forgotten = sessionPartitions.keys.filter { next[$0] == nil }.sorted()
        var ids: [String: KafkaUUID] = [:]
        for tp in forgotten { ids[tp.topic] = sessionPartitions[tp]?.topicId }
        return FetchPlan(sessionId: sessionId, epoch: nextEpoch, toSend: toSend, forgotten: forgotten, forgottenTopicIds: ids, isFull: false)
    }

    /// Applies the response's top-level error code and session id. Returns false when the
    /// response is unusable for the session (the next request will be full).
    @discardableResult
    public mutating func handleResponse(errorCode: Int16, responseSessionId: Int32) -> Bool {
        guard errorCode == 0 else {
            // FETCH_SESSION_ID_NOT_FOUND, INVALID_FETCH_SESSION_EPOCH, …: start over.
            reset()
            return false
        }
        if let pending { sessionPartitions = pending }
        pending = nil
        if pendingIsFull {
            sessionId = responseSessionId
            nextEpoch = responseSessionId == Self.invalidSessionId ? Self.initialEpoch : 1
        } else {
            nextEpoch = nextEpoch == Int32.max ? 1 : nextEpoch + 1
        }
        return true
    }

    /// The request failed (connection lost): the next request opens a new session.
    public mutating func reset() {
        sessionId = Self.invalidSessionId
        nextEpoch = Self.initialEpoch
        sessionPartitions = [:]
        pending = nil
    }

    /// Builds the FetchRequest for a plan (topics carry both name and id; each version writes
    /// the one it has).
    public static func request(
        _ plan: FetchPlan, maxWaitMs: Int32, minBytes: Int32, maxBytes: Int32,
        isolationLevel: Int8, rackId: String
    ) -> FetchRequest {
        var request = FetchRequest()
        request.replicaId = -1
        request.maxWaitMs = maxWaitMs
        request.minBytes = minBytes
        request.maxBytes = maxBytes
        request.isolationLevel = isolationLevel
        request.sessionId = plan.sessionId
        request.sessionEpoch = plan.epoch
        request.rackId = rackId
        request.topics = plan.toSend.keys.groupedByTopic().map { topic, unsorted in
            var entry = FetchRequest.FetchTopic()
            entry.topic = topic
            let partitions = unsorted.sorted()
            entry.topicId = partitions.first.flatMap { plan.toSend[$0]?.topicId } ?? .zero
            entry.partitions = partitions.compactMap { tp in
                guard let state = plan.toSend[tp] else { return nil }
                var partition = FetchRequest.FetchPartition()
                partition.partition = tp.partition
                partition.currentLeaderEpoch = state.currentLeaderEpoch
                partition.fetchOffset = state.fetchOffset
                partition.lastFetchedEpoch = state.lastFetchedEpoch
                partition.logStartOffset = state.logStartOffset
                partition.partitionMaxBytes = state.maxBytes
                return partition
            }
            return entry
        }
        request.forgottenTopicsData = plan.forgotten.groupedByTopic().map { topic, partitions in
            var entry = FetchRequest.ForgottenTopic()
            entry.topic = topic
            entry.topicId = plan.forgottenTopicIds[topic] ?? .zero
            entry.partitions = partitions.map(\.partition).sorted()
            return entry
        }
        return request
    }
}
