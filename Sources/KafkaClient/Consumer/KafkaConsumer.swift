import KafkaProtocol
import NIOCore
import NIOPosix

/// Kafka's consumer: manual `assign` or group `subscribe` (classic protocol), fetch sessions
/// per broker, positions from committed offsets or `auto.offset.reset`, auto and manual commit.
public actor KafkaConsumer {
    public let cluster: KafkaCluster
    public let config: ConsumerConfig
    let clientConfig: ClientConfig

    struct PartitionState {
        var position: Int64?
        var leaderEpoch: Int32?
        var paused = false
    }

    var assigned: [TopicPartition: PartitionState] = [:]
    var subscription: [String] = []
    var sessions: [Int32: FetchSessionHandler] = [:]
    var buffered: [ConsumerRecord] = []
    var bufferedIndex = 0
    var lastAutoCommit = ContinuousClock.now
    var group: GroupMembership?
    var closed = false
    /// Told about group rebalances (`ConsumerRebalanceListener`).
    var rebalanceListener: (@Sendable (RebalanceEvent) -> Void)?

    public init(config clientConfig: ClientConfig, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        var clientConfig = clientConfig
        let consumerConfig = try ConsumerConfig(clientConfig)
        if clientConfig.clientId.isEmpty {
            clientConfig.clientId = consumerConfig.groupId.map { "consumer-\($0)-1" } ?? "consumer-1"
        }
        self.clientConfig = clientConfig
        self.config = consumerConfig
        self.cluster = KafkaCluster(config: clientConfig, eventLoopGroup: eventLoopGroup)
    }

    // MARK: Assignment

    /// Manual assignment (no group membership).
    public func assign(_ partitions: [TopicPartition]) {
        subscription = []
        let keep = Set(partitions)
        assigned = assigned.filter { keep.contains($0.key) }
        for tp in partitions where assigned[tp] == nil { assigned[tp] = PartitionState() }
        dropBuffered { !keep.contains(TopicPartition($0.topic, $0.partition)) }
    }

    /// Called inside `poll` when a group rebalance takes partitions away (`revoked`, before
    /// rejoining for eager protocols) or hands them out (`assigned`, after SyncGroup; possibly
    /// an empty list), as Java's `ConsumerRebalanceListener`.
    public func setRebalanceListener(_ listener: (@Sendable (RebalanceEvent) -> Void)?) {
        rebalanceListener = listener
    }

    /// Group subscription; needs `group.id`. The assignment arrives on the next `poll`.
    public func subscribe(_ topics: [String]) throws {
        guard let groupId = config.groupId else {
            throw KafkaError.invalidConfig(key: "group.id", value: "", reason: "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.")
        }
        subscription = topics.sorted()
        if group == nil {
            group = GroupMembership(groupId: groupId, instanceId: config.groupInstanceId)
        }
        group?.needsRejoin = true
    }

    public func assignment() -> [TopicPartition] { assigned.keys.sorted() }

    /// Stops fetching from `partitions` until `resume` (they stay assigned).
    public func pause(_ partitions: [TopicPartition]) {
        for tp in partitions where assigned[tp] != nil { assigned[tp]?.paused = true }
        let paused = Set(partitions)
        dropBuffered { paused.contains(TopicPartition($0.topic, $0.partition)) }
    }

    public func resume(_ partitions: [TopicPartition]) {
        for tp in partitions where assigned[tp] != nil { assigned[tp]?.paused = false }
    }

    public func paused() -> [TopicPartition] { assigned.filter(\.value.paused).map(\.key).sorted() }

    public func position(_ tp: TopicPartition) async throws -> Int64 {
        guard assigned[tp] != nil else { throw KafkaError.invalidArgument("You can only check the position for partitions assigned to this consumer.") }
        try await resolvePositions()
        return assigned[tp]?.position ?? -1
    }

    // MARK: Seeking

    public func seek(_ tp: TopicPartition, offset: Int64) throws {
        guard assigned[tp] != nil else { throw KafkaError.invalidArgument("No current assignment for partition \(tp)") }
        assigned[tp]?.position = offset
        dropBuffered { $0.topic == tp.topic && $0.partition == tp.partition }
    }

    public func seekToBeginning(_ partitions: [TopicPartition]) async throws {
        try await seek(partitions, spec: .earliest)
    }

    public func seekToEnd(_ partitions: [TopicPartition]) async throws {
        try await seek(partitions, spec: .latest)
    }

    /// Seeks each partition to the first offset with a timestamp ≥ `timestamp` (or the end).
    public func seekToTimestamp(_ partitions: [TopicPartition], timestamp: Int64) async throws {
        try await seek(partitions, spec: .timestamp(timestamp))
    }

    func seek(_ partitions: [TopicPartition], spec: OffsetSpec) async throws {
        let offsets = try await listOffsets(partitions, spec: spec)
        for tp in partitions {
            var offset = offsets[tp] ?? -1
            if offset < 0, case .timestamp = spec {
                offset = try await listOffsets([tp], spec: .latest)[tp] ?? 0
            }
            try seek(tp, offset: offset)
        }
    }

    /// ListOffsets at each leader; offsets only (-1 where the spec matched nothing).
    public func listOffsets(_ partitions: [TopicPartition], spec: OffsetSpec) async throws -> [TopicPartition: Int64] {
        let specs = Dictionary(uniqueKeysWithValues: Set(partitions).map { ($0, spec) })
        let answers = try await cluster.listOffsets(specs, isolationLevel: config.isolationLevel, timeoutMs: Int32(clamping: clientConfig.requestTimeoutMs))
        var result: [TopicPartition: Int64] = [:]
        for (tp, answer) in answers { result[tp] = try answer.get().offset }
        return result
    }

    /// `offsetsForTimes`: first offset whose timestamp ≥ the given one, nil when none.
    public func offsetsForTimes(_ timestamps: [TopicPartition: Int64]) async throws -> [TopicPartition: Int64?] {
        var result: [TopicPartition: Int64?] = [:]
        for (tp, timestamp) in timestamps {
            let offset = try await listOffsets([tp], spec: .timestamp(timestamp))[tp] ?? -1
            result[tp] = offset < 0 ? nil : offset
        }
        return result
    }

    public func beginningOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        try await listOffsets(partitions, spec: .earliest)
    }

    public func endOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        try await listOffsets(partitions, spec: .latest)
    }

    /// Partitions of a topic (from metadata).
    public func partitionsFor(_ topic: String) async throws -> [PartitionMetadata] {
        try await cluster.refreshMetadata(topics: [topic])
        return await cluster.metadata.topics[topic]?.partitions ?? []
    }

    // MARK: Positions

    /// Fills in missing positions: committed offsets first (with a group), then the reset policy.
    func resolvePositions() async throws {
        let missing = assigned.filter { $0.value.position == nil }.map(\.key).sorted()
        guard !missing.isEmpty else { return }
        var committed: [TopicPartition: CommittedOffset] = [:]
        if let groupId = config.groupId {
            committed = try await fetchCommitted(groupId: groupId, missing)
        }
        var toReset: [TopicPartition] = []
        for tp in missing {
            if let offset = committed[tp] {
                assigned[tp]?.position = offset.offset
                assigned[tp]?.leaderEpoch = offset.leaderEpoch
            } else {
                toReset.append(tp)
            }
        }
        try await reset(toReset)
    }

    func reset(_ partitions: [TopicPartition]) async throws {
        guard !partitions.isEmpty else { return }
        switch config.autoOffsetReset {
        case .none:
            throw KafkaError.invalidArgument("Undefined offset with no reset policy for partitions: [\(partitions.map(\.description).joined(separator: ", "))]")
        case .earliest:
            let offsets = try await listOffsets(partitions, spec: .earliest)
            for (tp, offset) in offsets where assigned[tp] != nil { assigned[tp]?.position = offset }
        case .latest:
            let offsets = try await listOffsets(partitions, spec: .latest)
            for (tp, offset) in offsets where assigned[tp] != nil { assigned[tp]?.position = offset }
        }
    }

    func fetchCommitted(groupId: String, _ partitions: [TopicPartition]) async throws -> [TopicPartition: CommittedOffset] {
        try await cluster.request(.coordinator(.group, key: groupId), build: { version in
            OffsetFetchBuilder.request(groupId: groupId, partitions: partitions, requireStable: true, version: version)
        }) { response, version in
            try OffsetFetchBuilder.parse(response, version: version)
        }
    }

    /// The group's committed offsets for `partitions`.
    public func committed(_ partitions: [TopicPartition]) async throws -> [TopicPartition: CommittedOffset] {
        guard let groupId = config.groupId else {
            throw KafkaError.invalidConfig(key: "group.id", value: "", reason: "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.")
        }
        return try await fetchCommitted(groupId: groupId, partitions)
    }

    // MARK: Polling

    /// Returns up to `max.poll.records` records, waiting up to `timeout` for some to arrive.
    public func poll(timeout: Duration) async throws -> [ConsumerRecord] {
        guard !closed else { throw KafkaError.clientClosed }
        let deadline = ContinuousClock.now + timeout
        repeat {
            if group != nil { try await ensureActiveGroup() }
            try await maybeAutoCommit()
            if bufferedIndex < buffered.count { return drainBuffered() }
            try await resolvePositions()
            try await fetchOnce(maxWait: min(config.fetchMaxWaitMs, Self.milliseconds(until: deadline)))
            if bufferedIndex < buffered.count { return drainBuffered() }
            if assigned.isEmpty {
                let pause = min(Duration.milliseconds(100), deadline - ContinuousClock.now)
                if pause > .zero { try await Task.sleep(for: pause) }
            }
        } while ContinuousClock.now < deadline
        return []
    }

    static func milliseconds(until deadline: ContinuousClock.Instant) -> Int32 {
        let remaining = deadline - ContinuousClock.now
        let ms = remaining.components.seconds * 1000 + remaining.components.attoseconds / 1_000_000_000_000_000
        return Int32(clamping: max(ms, 0))
    }

    func drainBuffered() -> [ConsumerRecord] {
        let end = min(buffered.count, bufferedIndex + max(config.maxPollRecords, 1))
        let records = Array(buffered[bufferedIndex..<end])
        bufferedIndex = end
        if bufferedIndex >= buffered.count {
            buffered = []
            bufferedIndex = 0
        }
        for record in records {
            let tp = TopicPartition(record.topic, record.partition)
            if assigned[tp] != nil {
                assigned[tp]?.position = record.offset + 1
                assigned[tp]?.leaderEpoch = record.leaderEpoch
            }
        }
        return records
    }

    func dropBuffered(where predicate: (ConsumerRecord) -> Bool) {
        let remaining = buffered[bufferedIndex...].filter { !predicate($0) }
        buffered = Array(remaining)
        bufferedIndex = 0
    }

    /// One fetch round: a FetchRequest per leader, all sent concurrently.
    func fetchOnce(maxWait: Int32) async throws {
        var byLeader: [Int32: [TopicPartition: FetchSessionHandler.PartitionState]] = [:]
        let topics = Set(assigned.keys.map(\.topic))
        for topic in topics where await cluster.metadata.topics[topic] == nil {
            _ = try? await cluster.refreshMetadata(topics: Array(topics))
            break
        }
        let metadata = await cluster.metadata
        for (tp, state) in assigned {
            guard let position = state.position, !state.paused, let leader = metadata.leader(for: tp) else { continue }
            let topicId = metadata.topics[tp.topic]?.topicId ?? .zero
            let epoch = metadata.topics[tp.topic]?.partitions.first { $0.partition == tp.partition }?.leaderEpoch ?? -1
            byLeader[leader.nodeId, default: [:]][tp] = FetchSessionHandler.PartitionState(
                topicId: topicId, fetchOffset: position, currentLeaderEpoch: epoch, maxBytes: config.maxPartitionFetchBytes)
        }
        // Leaders we no longer fetch from: their sessions would keep stale partitions.
        for node in sessions.keys where byLeader[node] == nil { sessions[node] = nil }
        guard !byLeader.isEmpty else {
            if !assigned.isEmpty { _ = try? await cluster.refreshMetadata(topics: Array(topics)) }
            return
        }
        var plans: [(Int32, KafkaConnection, FetchRequest, Int16)] = []
        for (node, partitions) in byLeader {
            let connection: KafkaConnection
            do {
                connection = try await cluster.connection(to: node)
            } catch {
                await cluster.invalidate(topic: partitions.keys.first?.topic ?? "")
                continue
            }
            // Topic ids are needed from Fetch v13; without them, stay at v12.
            let hasIds = partitions.values.allSatisfy { $0.topicId != .zero }
            let clientVersions: ClosedRange<Int16> = hasIds ? 4...(ApiKey.fetch.clientVersions?.upperBound ?? 17) : 4...12
            let version = try connection.apiVersions.version(for: .fetch, client: clientVersions)
            var session = sessions[node] ?? FetchSessionHandler()
            let plan = session.plan(partitions, supportsSessions: version >= 7)
            sessions[node] = session
            let request = FetchSessionHandler.request(
                plan, maxWaitMs: maxWait, minBytes: config.fetchMinBytes, maxBytes: config.fetchMaxBytes,
                isolationLevel: config.isolationLevel, rackId: config.clientRack)
            plans.append((node, connection, request, version))
        }
        let responses = await withTaskGroup(of: (Int32, Result<FetchResponse, any Error>).self) { group in
            for (node, connection, request, version) in plans {
                group.addTask {
                    do {
                        return (node, .success(try await connection.send(request, versions: version...version)))
                    } catch {
                        return (node, .failure(error))
                    }
                }
            }
            var collected: [(Int32, Result<FetchResponse, any Error>)] = []
            for await entry in group { collected.append(entry) }
            return collected
        }
        for (node, result) in responses {
            switch result {
            case let .success(response):
                var session = sessions[node] ?? FetchSessionHandler()
                let usable = session.handleResponse(errorCode: response.errorCode, responseSessionId: response.sessionId)
                sessions[node] = session
                if usable { try await handleFetchResponse(response) }
            case .failure:
                sessions[node] = nil
                for topic in topics { await cluster.invalidate(topic: topic) }
            }
        }
    }

    func handleFetchResponse(_ response: FetchResponse) async throws {
        let metadata = await cluster.metadata
        for topicResponse in response.responses {
            let topic = topicResponse.topic.isEmpty ? (metadata.topicName(for: topicResponse.topicId) ?? "") : topicResponse.topic
            for partition in topicResponse.partitions {
                let tp = TopicPartition(topic, partition.partitionIndex)
                guard let state = assigned[tp], let position = state.position else { continue }
                switch ErrorCode(code: partition.errorCode) {
                case .noError:
                    break
                case .offsetOutOfRange:
                    assigned[tp]?.position = nil
                    try await reset([tp])
                    continue
                case .notLeaderOrFollower, .unknownTopicOrPartition, .leaderNotAvailable, .fencedLeaderEpoch, .unknownLeaderEpoch,
                     .unknownTopicId, .inconsistentTopicId, .offsetNotAvailable, .kafkaStorageError:
                    await cluster.invalidate(topic: topic)
                    continue
                default:
                    throw KafkaError.broker(ErrorCode(code: partition.errorCode), message: nil, context: "\(tp)")
                }
                guard let records = partition.records, records.readableBytes > 0 else { continue }
                try appendRecords(records, partition: tp, position: position, aborted: partition.abortedTransactions ?? [])
            }
        }
    }

    /// Decodes the fetched batches into records at or past `position`; with read_committed,
    /// drops records of aborted transactions (Kafka's `CompletedFetch` logic).
    func appendRecords(_ records: ByteBuffer, partition tp: TopicPartition, position: Int64, aborted: [FetchResponse.AbortedTransaction]) throws {
        var reader = RecordBatchReader(records, verifyingCRC: config.checkCRCs)
        var pendingAborts = aborted.sorted { $0.firstOffset < $1.firstOffset }[...]
        var abortedProducers = Set<Int64>()
        var nextPosition = position
        while let batch = try reader.next() {
            if config.isolationLevel == 1 {
                while let first = pendingAborts.first, first.firstOffset <= batch.lastOffset {
                    abortedProducers.insert(first.producerId)
                    pendingAborts = pendingAborts.dropFirst()
                }
            }
            guard batch.lastOffset >= position else { continue }
            if batch.isControl {
                if config.isolationLevel == 1 { abortedProducers.remove(batch.header.producerId) }
                nextPosition = max(nextPosition, batch.nextOffset)
                continue
            }
            if config.isolationLevel == 1, batch.isTransactional, abortedProducers.contains(batch.header.producerId) {
                nextPosition = max(nextPosition, batch.nextOffset)
                continue
            }
            let epoch = batch.header.partitionLeaderEpoch
            let timestampType = batch.timestampType
            try batch.forEachRecord { record in
                guard record.offset >= position else { return }
                buffered.append(ConsumerRecord(
                    topic: tp.topic, partition: tp.partition, offset: record.offset, timestamp: record.timestamp,
                    timestampType: timestampType, key: record.key, value: record.value, headers: record.headers,
                    leaderEpoch: epoch < 0 ? nil : epoch))
            }
            nextPosition = max(nextPosition, batch.nextOffset)
        }
        // Skipped control/aborted batches still move the position, or the fetch would repeat them.
        let lastBuffered = buffered.last { $0.topic == tp.topic && $0.partition == tp.partition }
        if lastBuffered == nil, nextPosition > position { assigned[tp]?.position = nextPosition }
    }

    // MARK: Commits

    /// The positions of assigned partitions (what auto-commit commits).
    public func currentOffsets() -> [TopicPartition: CommittedOffset] {
        var offsets: [TopicPartition: CommittedOffset] = [:]
        for (tp, state) in assigned {
            guard let position = state.position else { continue }
            offsets[tp] = CommittedOffset(offset: position, leaderEpoch: state.leaderEpoch, metadata: "")
        }
        return offsets
    }

    /// Commits `offsets` (default: current positions) and waits for the result.
    public func commitSync(_ offsets: [TopicPartition: CommittedOffset]? = nil) async throws {
        guard let groupId = config.groupId else {
            throw KafkaError.invalidConfig(key: "group.id", value: "", reason: "To use the group management or offset commit APIs, you must provide a valid group.id in the consumer configuration.")
        }
        let toCommit = offsets ?? currentOffsets()
        guard !toCommit.isEmpty else { return }
        let generation = group?.generationId ?? -1
        let memberId = group?.memberId ?? ""
        let instanceId = config.groupInstanceId
        let results = try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
            OffsetCommitBuilder.request(groupId: groupId, generation: generation, memberId: memberId, groupInstanceId: instanceId, offsets: toCommit)
        }) { response, _ in
            try OffsetCommitBuilder.parse(response)
        }
        for (_, error) in results {
            if let error {
                if error.errorCode == .unknownMemberId || error.errorCode == .illegalGeneration || error.errorCode == .rebalanceInProgress {
                    group?.needsRejoin = true
                }
                throw error
            }
        }
    }

    func maybeAutoCommit() async throws {
        guard config.enableAutoCommit, ContinuousClock.now - lastAutoCommit >= .milliseconds(config.autoCommitIntervalMs) else { return }
        lastAutoCommit = .now
        try? await commitSync()
    }

    public func close() async {
        guard !closed else { return }
        if config.enableAutoCommit { try? await commitSync() }
        await leaveGroup()
        closed = true
        await cluster.close()
    }
}

/// A change of a group member's assignment (see `KafkaConsumer.setRebalanceListener`).
public enum RebalanceEvent: Sendable, Equatable {
    case revoked([TopicPartition])
    case assigned([TopicPartition])
}
