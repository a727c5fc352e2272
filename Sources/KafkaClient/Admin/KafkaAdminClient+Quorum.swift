import KafkaProtocol

/// A listener of a KRaft voter (`RaftVoterEndpoint`): `NAME://host:port`, IPv6 hosts in brackets.
public struct RaftVoterEndpoint: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    public var host: String
    public var port: Int

    public init(name: String, host: String, port: Int) {
        self.name = name
        self.host = host
        self.port = port
    }

    public var description: String {
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return "\(name)://\(shownHost):\(port)"
    }
}

/// The metadata quorum as Kafka's `Admin.describeMetadataQuorum` returns it (`QuorumInfo`).
public struct QuorumInfo: Sendable, Equatable {
    public struct ReplicaState: Sendable, Equatable {
        public var replicaId: Int32
        public var replicaDirectoryId: KafkaUUID
        public var logEndOffset: Int64
        /// nil when the leader does not know it (-1 on the wire).
        public var lastFetchTimestamp: Int64?
        public var lastCaughtUpTimestamp: Int64?

        public init(replicaId: Int32, replicaDirectoryId: KafkaUUID, logEndOffset: Int64,
                    lastFetchTimestamp: Int64?, lastCaughtUpTimestamp: Int64?) {
            self.replicaId = replicaId
            self.replicaDirectoryId = replicaDirectoryId
            self.logEndOffset = logEndOffset
            self.lastFetchTimestamp = lastFetchTimestamp
            self.lastCaughtUpTimestamp = lastCaughtUpTimestamp
        }
    }

    public var leaderId: Int32
    public var leaderEpoch: Int32
    public var highWatermark: Int64
    public var voters: [ReplicaState]
    public var observers: [ReplicaState]
    /// Listeners per node id (DescribeQuorum v2+; empty before).
    public var nodes: [Int32: [RaftVoterEndpoint]]

    public init(leaderId: Int32, leaderEpoch: Int32, highWatermark: Int64, voters: [ReplicaState],
                observers: [ReplicaState], nodes: [Int32: [RaftVoterEndpoint]]) {
        self.leaderId = leaderId
        self.leaderEpoch = leaderEpoch
        self.highWatermark = highWatermark
        self.voters = voters
        self.observers = observers
        self.nodes = nodes
    }

    /// The checks and translation of Kafka's `describeMetadataQuorum` response handler.
    public init(response: DescribeQuorumResponse) throws {
        try KafkaError.check(response.errorCode, response.errorMessage)
        guard response.topics.count == 1, let topic = response.topics.first else {
            throw KafkaError.broker(.unknownServerError, message: "DescribeMetadataQuorum received \(response.topics.count) topics when 1 was expected")
        }
        guard topic.topicName == "__cluster_metadata" else {
            throw KafkaError.broker(.unknownServerError, message: "DescribeMetadataQuorum received a topic with name \(topic.topicName) when __cluster_metadata was expected")
        }
        guard topic.partitions.count == 1, let partition = topic.partitions.first else {
            throw KafkaError.broker(.unknownServerError, message: "DescribeMetadataQuorum received a topic \(topic.topicName) with \(topic.partitions.count) partitions when 1 was expected")
        }
        guard partition.partitionIndex == 0 else {
            throw KafkaError.broker(.unknownServerError, message: "DescribeMetadataQuorum received a single partition with index \(partition.partitionIndex) when 0 was expected")
        }
        try KafkaError.check(partition.errorCode, partition.errorMessage)
        func state(_ replica: DescribeQuorumResponse.ReplicaState) -> ReplicaState {
            ReplicaState(
                replicaId: replica.replicaId, replicaDirectoryId: replica.replicaDirectoryId, logEndOffset: replica.logEndOffset,
                lastFetchTimestamp: replica.lastFetchTimestamp == -1 ? nil : replica.lastFetchTimestamp,
                lastCaughtUpTimestamp: replica.lastCaughtUpTimestamp == -1 ? nil : replica.lastCaughtUpTimestamp)
        }
        var nodes: [Int32: [RaftVoterEndpoint]] = [:]
        for node in response.nodes {
            nodes[node.nodeId] = node.listeners.map { RaftVoterEndpoint(name: $0.name, host: $0.host, port: Int($0.port)) }
        }
        self.init(
            leaderId: partition.leaderId, leaderEpoch: partition.leaderEpoch, highWatermark: partition.highWatermark,
            voters: partition.currentVoters.map(state), observers: partition.observers.map(state), nodes: nodes)
    }
}

extension KafkaAdminClient {
    /// DescribeCluster `endpointType`: brokers (1) or, when bootstrapping from controllers, controllers (2).
    public enum EndpointType: Int8, Sendable {
        case broker = 1
        case controller = 2
    }

    /// The DescribeQuorum request for `__cluster_metadata-0` (`DescribeQuorumRequest.singletonRequest`).
    public static func describeMetadataQuorumRequest() -> DescribeQuorumRequest {
        var partition = DescribeQuorumRequest.PartitionData()
        partition.partitionIndex = 0
        var topic = DescribeQuorumRequest.TopicData()
        topic.topicName = "__cluster_metadata"
        topic.partitions = [partition]
        var request = DescribeQuorumRequest()
        request.topics = [topic]
        return request
    }

    /// `Admin.describeMetadataQuorum`: to any node (a broker, or a controller when the client
    /// was bootstrapped from controllers).
    public func describeMetadataQuorum() async throws -> QuorumInfo {
        let request = Self.describeMetadataQuorumRequest()
        return try await cluster.request(.anyBroker, build: { _ in request }) { response, _ in
            try QuorumInfo(response: response)
        }
    }

    /// The DescribeCluster request Kafka's admin sends (no authorized operations, no fenced brokers).
    public static func describeClusterRequest(endpointType: EndpointType) -> DescribeClusterRequest {
        var request = DescribeClusterRequest()
        request.includeClusterAuthorizedOperations = false
        request.endpointType = endpointType.rawValue
        request.includeFencedBrokers = false
        return request
    }

    /// `describeCluster().clusterId()` as Kafka's admin asks it: DescribeCluster with the endpoint
    /// type of the nodes it was bootstrapped from.
    public func describeClusterId(endpointType: EndpointType) async throws -> String {
        let request = Self.describeClusterRequest(endpointType: endpointType)
        return try await cluster.request(.anyBroker, build: { _ in request }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
            return response.clusterId
        }
    }

    /// The AddRaftVoter request `addRaftVoter` sends (no cluster id, as Kafka's default options).
    public static func addRaftVoterRequest(voterId: Int32, directoryId: KafkaUUID, endpoints: [RaftVoterEndpoint], timeoutMs: Int32) -> AddRaftVoterRequest {
        var request = AddRaftVoterRequest()
        request.clusterId = nil
        request.timeoutMs = timeoutMs
        request.voterId = voterId
        request.voterDirectoryId = directoryId
        request.listeners = endpoints.map {
            var listener = AddRaftVoterRequest.Listener()
            listener.name = $0.name
            listener.host = $0.host
            listener.port = UInt16(clamping: $0.port)
            return listener
        }
        return request
    }

    /// `Admin.addRaftVoter`: a broker forwards it to the active controller.
    public func addRaftVoter(voterId: Int32, directoryId: KafkaUUID, endpoints: [RaftVoterEndpoint]) async throws {
        let request = Self.addRaftVoterRequest(voterId: voterId, directoryId: directoryId, endpoints: endpoints, timeoutMs: timeoutMs)
        try await cluster.request(.anyBroker, build: { _ in request }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
        }
    }

    /// `Admin.removeRaftVoter`.
    public func removeRaftVoter(voterId: Int32, directoryId: KafkaUUID) async throws {
        var request = RemoveRaftVoterRequest()
        request.clusterId = nil
        request.voterId = voterId
        request.voterDirectoryId = directoryId
        let built = request
        try await cluster.request(.anyBroker, build: { _ in built }) { response, _ in
            try KafkaError.check(response.errorCode, response.errorMessage)
        }
    }
}

extension KafkaAdminClient {
    /// ElectLeaders with the per-partition results in the order of the response (Kafka's tool
    /// prints them through Java hash sets, whose order can depend on insertion order).
    /// `electionType` 0 preferred, 1 unclean; nil `partitions` means every partition.
    public func electLeadersInResponseOrder(electionType: Int8, partitions: [TopicPartition]?) async throws -> [(TopicPartition, KafkaError?)] {
        let timeout = timeoutMs
        return try await cluster.request(.controller, build: { _ in
            var request = ElectLeadersRequest()
            request.electionType = electionType
            request.timeoutMs = timeout
            request.topicPartitions = partitions.map { list in
                var order: [String] = []
                var byTopic: [String: [Int32]] = [:]
                for tp in list {
                    if byTopic[tp.topic] == nil { order.append(tp.topic) }
                    byTopic[tp.topic, default: []].append(tp.partition)
                }
                return order.map { topic in
                    var entry = ElectLeadersRequest.TopicPartitions()
                    entry.topic = topic
                    entry.partitions = byTopic[topic] ?? []
                    return entry
                }
            }
            return request
        }) { response, _ in
            try KafkaError.check(response.errorCode)
            var results: [(TopicPartition, KafkaError?)] = []
            for topic in response.replicaElectionResults {
                for partition in topic.partitionResult {
                    results.append((TopicPartition(topic.topic, partition.partitionId),
                                    partition.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: partition.errorCode), message: partition.errorMessage)))
                }
            }
            return results
        }
    }
}
