import KafkaProtocol
import NIOCore
import NIOPosix

/// The shared networking core of admin, producer and consumer: bootstrap, one connection per
/// node, the metadata cache, routing to leaders and coordinators, and retries.
public actor KafkaCluster {
    public let config: ClientConfig
    let eventLoopGroup: any EventLoopGroup
    private var connections: [Int32: KafkaConnection] = [:]
    private var connecting: [Int32: Task<KafkaConnection, any Error>] = [:]
    private var bootstrapConnection: KafkaConnection?
    public internal(set) var metadata = MetadataCache()
    private var coordinators: [CoordinatorKey: Int32] = [:]
    private var isClosed = false

    public enum CoordinatorType: Int8, Sendable {
        case group = 0
        case transaction = 1
    }

    struct CoordinatorKey: Hashable {
        var type: CoordinatorType
        var key: String
    }

    public init(config: ClientConfig, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) {
        self.config = config
        self.eventLoopGroup = eventLoopGroup
    }

    // MARK: Connections

    /// A connection to any broker: a metadata node if we know one, else a bootstrap server.
    public func anyConnection() async throws -> KafkaConnection {
        if let existing = connections.values.first(where: { $0.isActive }) { return existing }
        if let existing = bootstrapConnection, existing.isActive { return existing }
        for id in metadata.brokers.keys.sorted() {
            if let connection = try? await connection(to: id) { return connection }
        }
        var lastError: (any Error)?
        for address in config.bootstrapServers {
            do {
                let connection = try await KafkaConnection.connect(to: address, config: config, eventLoopGroup: eventLoopGroup)
                bootstrapConnection = connection
                return connection
            } catch {
                lastError = error
            }
        }
        if config.bootstrapServers.isEmpty { throw KafkaError.noBrokersAvailable("no bootstrap servers configured") }
        throw KafkaError.noBrokersAvailable(lastError.map { "\($0)" } ?? "unreachable")
    }

    /// The connection to node `id` (from metadata), opening it if needed.
    public func connection(to id: Int32) async throws -> KafkaConnection {
        guard !isClosed else { throw KafkaError.clientClosed }
        if let existing = connections[id], existing.isActive { return existing }
        if let task = connecting[id] { return try await task.value }
        if metadata.brokers[id] == nil { try await refreshNodes() }
        guard let node = metadata.brokers[id] else {
            throw KafkaError.noBrokersAvailable("node \(id) is not in the cluster metadata")
        }
        // The bootstrap connection already goes to this node: use it rather than open a second
        // one (one connect and one ApiVersions round trip less for a short tool run).
        if let bootstrap = bootstrapConnection, bootstrap.isActive, bootstrap.address == node.address {
            connections[id] = bootstrap
            bootstrapConnection = nil
            return bootstrap
        }
        let config = self.config
        let group = eventLoopGroup
        let task = Task { try await KafkaConnection.connect(to: node.address, config: config, eventLoopGroup: group) }
        connecting[id] = task
        defer { connecting[id] = nil }
        let connection = try await task.value
        connections[id] = connection
        return connection
    }

    // MARK: Metadata

    /// Fetches metadata for `topics` (nil: all topics; []: brokers only) and merges it.
    @discardableResult
    public func refreshMetadata(topics: [String]?, allowAutoTopicCreation: Bool = false) async throws -> MetadataResponse {
        try requireBrokerEndpoint()
        let request = Self.metadataRequest(topics: topics, allowAutoTopicCreation: allowAutoTopicCreation)
        let response = try await withRetries("Metadata") {
            try await self.anyConnection().send(request)
        }
        metadata.update(with: response, replacingAllTopics: topics == nil, at: .now)
        return response
    }

    /// The Metadata request `refreshMetadata` sends.
    public static func metadataRequest(topics: [String]?, allowAutoTopicCreation: Bool) -> MetadataRequest {
        var request = MetadataRequest()
        request.topics = topics.map { names in names.map { var t = MetadataRequest.MetadataRequestTopic(); t.name = $0; return t } }
        request.allowAutoTopicCreation = allowAutoTopicCreation
        return request
    }

    /// FindCoordinator for one key: batched `coordinatorKeys` from v4, `key` before.
    public static func findCoordinatorRequest(_ type: CoordinatorType, key: String, version: Int16) -> FindCoordinatorRequest {
        var request = FindCoordinatorRequest()
        request.keyType = type.rawValue
        if version >= 4 { request.coordinatorKeys = [key] } else { request.key = key }
        return request
    }

    /// Metadata for `topic`, refreshed when missing or older than `metadata.max.age.ms`.
    public func topicMetadata(_ topic: String) async throws -> TopicMetadata? {
        if let known = metadata.topics[topic], !isStale { return known }
        try await refreshMetadata(topics: [topic])
        return metadata.topics[topic]
    }

    var isStale: Bool {
        guard let last = metadata.lastRefresh else { return true }
        return ContinuousClock.now - last > .milliseconds(config.metadataMaxAgeMs)
    }

    /// Forgets the cached leader so the next lookup asks the cluster again.
    public func invalidate(topic: String) {
        metadata.topics[topic] = nil
    }

    public func leaderConnection(for partition: TopicPartition) async throws -> (Int32, KafkaConnection) {
        if metadata.leader(for: partition) == nil { try await refreshMetadata(topics: [partition.topic]) }
        guard let node = metadata.leader(for: partition) else {
            if metadata.topics[partition.topic] == nil {
                throw KafkaError.broker(.unknownTopicOrPartition, message: nil, context: "\(partition)")
            }
            throw KafkaError.broker(.leaderNotAvailable, message: nil, context: "\(partition)")
        }
        return (node.nodeId, try await connection(to: node.nodeId))
    }

    public func controllerConnection() async throws -> KafkaConnection {
        if metadata.controllerId < 0 || metadata.brokers[metadata.controllerId] == nil { try await refreshNodes() }
        guard metadata.controllerId >= 0 else { return try await anyConnection() }
        return try await connection(to: metadata.controllerId)
    }

    // MARK: Coordinators

    /// The coordinator of a group or transactional id (FindCoordinator, cached).
    public func coordinator(_ type: CoordinatorType, key: String) async throws -> (Int32, KafkaConnection) {
        try requireBrokerEndpoint()
        let cacheKey = CoordinatorKey(type: type, key: key)
        if let id = coordinators[cacheKey] { return (id, try await connection(to: id)) }
        let node = try await withRetries("FindCoordinator") { () async throws -> BrokerNode in
            let connection = try await self.anyConnection()
            let version = try connection.version(for: FindCoordinatorRequest.self)
            let request = Self.findCoordinatorRequest(type, key: key, version: version)
            let response = try await connection.send(request)
            if version >= 4 {
                guard let entry = response.coordinators.first else {
                    throw KafkaError.broker(.coordinatorNotAvailable, message: nil)
                }
                try KafkaError.check(entry.errorCode, entry.errorMessage)
                return BrokerNode(nodeId: entry.nodeId, host: entry.host, port: Int(entry.port), rack: nil)
            }
            try KafkaError.check(response.errorCode, response.errorMessage)
            return BrokerNode(nodeId: response.nodeId, host: response.host, port: Int(response.port), rack: nil)
        }
        if metadata.brokers[node.nodeId] == nil { metadata.brokers[node.nodeId] = node }
        coordinators[cacheKey] = node.nodeId
        return (node.nodeId, try await connection(to: node.nodeId))
    }

    public func invalidateCoordinator(_ type: CoordinatorType, key: String) {
        coordinators[CoordinatorKey(type: type, key: key)] = nil
    }

    // MARK: Retries

    /// Runs `body` until it succeeds, fails with a non-retriable error, runs out of `retries`, or
    /// `default.api.timeout.ms` passes. Backoff grows exponentially from `retry.backoff.ms` to
    /// `retry.backoff.max.ms`, like the Java client.
    public func withRetries<T: Sendable>(_ what: String, _ body: @Sendable () async throws -> T) async throws -> T {
        let deadline = ContinuousClock.now + .milliseconds(config.defaultApiTimeoutMs)
        var attempt = 0
        while true {
            do {
                return try await body()
            } catch let error as KafkaError where error.isRetriable || Self.isNoBroker(error) {
                attempt += 1
                let backoff = min(config.retryBackoffMs << min(attempt - 1, 20), max(config.retryBackoffMaxMs, config.retryBackoffMs))
                guard attempt <= config.retries, ContinuousClock.now + .milliseconds(backoff) < deadline else {
                    if case .timeout = error { throw error }
                    throw attempt > config.retries ? error : KafkaError.timeout("\(what) (last error: \(error))")
                }
                dropDeadConnections()
                try await Task.sleep(for: .milliseconds(backoff))
            }
        }
    }

    static func isNoBroker(_ error: KafkaError) -> Bool {
        if case .noBrokersAvailable = error { return true }
        return false
    }

    func dropDeadConnections() {
        connections = connections.filter { $0.value.isActive }
        if let bootstrap = bootstrapConnection, !bootstrap.isActive { bootstrapConnection = nil }
    }

    public func close() async {
        isClosed = true
        let all = Array(connections.values) + (bootstrapConnection.map { [$0] } ?? [])
        connections = [:]
        bootstrapConnection = nil
        for connection in all { await connection.close() }
    }
}

/// Where a request goes.
public enum RequestTarget: Sendable, Hashable {
    case anyBroker
    case controller
    case node(Int32)
    case coordinator(KafkaCluster.CoordinatorType, key: String)
    case leader(TopicPartition)
}

extension KafkaCluster {
    public func connection(for target: RequestTarget) async throws -> KafkaConnection {
        switch target {
        // Kafka's `LeastLoadedBrokerOrActiveKController`: from controllers, "any" is the active one.
        case .anyBroker: return usingBootstrapControllers ? try await controllerConnection() : try await anyConnection()
        case .controller: return try await controllerConnection()
        case let .node(id): return try await connection(to: id)
        case let .coordinator(type, key): return try await coordinator(type, key: key).1
        case let .leader(partition): return try await leaderConnection(for: partition).1
        }
    }

    /// Builds the request for the version the target's connection will use, sends it and runs
    /// `handle` on the response, retrying retriable failures (refreshing metadata or the
    /// coordinator first when the error says they are stale).
    public func request<Request: KafkaRequest, Result: Sendable>(
        _ target: RequestTarget,
        versions: ClosedRange<Int16>? = nil,
        timeout: TimeAmount? = nil,
        build: @escaping @Sendable (Int16) throws -> Request,
        handle: @escaping @Sendable (Request.Response, Int16) throws -> Result
    ) async throws -> Result {
        try requireEndpoint(for: Request.apiKey)
        return try await withRetries("\(Request.apiKey)") {
            let connection = try await self.connection(for: target)
            let clientVersions = versions ?? Request.apiKey.clientVersions ?? Request.validVersions
            let version = try connection.apiVersions.version(for: Request.apiKey, client: clientVersions)
            let request = try build(version)
            do {
                let response = try await connection.send(request, versions: version...version, timeout: timeout)
                return try handle(response, version)
            } catch let error as KafkaError {
                await self.noteFailure(error, target: target)
                throw error
            }
        }
    }

    func noteFailure(_ error: KafkaError, target: RequestTarget) {
        switch error.errorCode {
        case .notCoordinator?, .coordinatorNotAvailable?:
            if case let .coordinator(type, key) = target { invalidateCoordinator(type, key: key) }
        case .notLeaderOrFollower?, .unknownTopicOrPartition?, .leaderNotAvailable?, .fencedLeaderEpoch?, .unknownLeaderEpoch?:
            if case let .leader(partition) = target { invalidate(topic: partition.topic) }
        case .notController?:
            metadata.controllerId = -1
        default:
            if case .connectionClosed = error { dropDeadConnections() }
        }
    }
}
