/// Kafka's API keys (`org.apache.kafka.common.protocol.ApiKeys`), 0-87 as in Kafka 4.0.
/// Keys 4-7 (the ZooKeeper inter-broker APIs) are reserved: they have no valid versions.
public enum ApiKey: Int16, CaseIterable, Sendable, CustomStringConvertible {
    case produce = 0
    case fetch = 1
    case listOffsets = 2
    case metadata = 3
    case leaderAndIsr = 4
    case stopReplica = 5
    case updateMetadata = 6
    case controlledShutdown = 7
    case offsetCommit = 8
    case offsetFetch = 9
    case findCoordinator = 10
    case joinGroup = 11
    case heartbeat = 12
    case leaveGroup = 13
    case syncGroup = 14
    case describeGroups = 15
    case listGroups = 16
    case saslHandshake = 17
    case apiVersions = 18
    case createTopics = 19
    case deleteTopics = 20
    case deleteRecords = 21
    case initProducerId = 22
    case offsetForLeaderEpoch = 23
    case addPartitionsToTxn = 24
    case addOffsetsToTxn = 25
    case endTxn = 26
    case writeTxnMarkers = 27
    case txnOffsetCommit = 28
    case describeAcls = 29
    case createAcls = 30
    case deleteAcls = 31
    case describeConfigs = 32
    case alterConfigs = 33
    case alterReplicaLogDirs = 34
    case describeLogDirs = 35
    case saslAuthenticate = 36
    case createPartitions = 37
    case createDelegationToken = 38
    case renewDelegationToken = 39
    case expireDelegationToken = 40
    case describeDelegationToken = 41
    case deleteGroups = 42
    case electLeaders = 43
    case incrementalAlterConfigs = 44
    case alterPartitionReassignments = 45
    case listPartitionReassignments = 46
    case offsetDelete = 47
    case describeClientQuotas = 48
    case alterClientQuotas = 49
    case describeUserScramCredentials = 50
    case alterUserScramCredentials = 51
    case vote = 52
    case beginQuorumEpoch = 53
    case endQuorumEpoch = 54
    case describeQuorum = 55
    case alterPartition = 56
    case updateFeatures = 57
    case envelope = 58
    case fetchSnapshot = 59
    case describeCluster = 60
    case describeProducers = 61
    case brokerRegistration = 62
    case brokerHeartbeat = 63
    case unregisterBroker = 64
    case describeTransactions = 65
    case listTransactions = 66
    case allocateProducerIds = 67
    case consumerGroupHeartbeat = 68
    case consumerGroupDescribe = 69
    case controllerRegistration = 70
    case getTelemetrySubscriptions = 71
    case pushTelemetry = 72
    case assignReplicasToDirs = 73
    case listClientMetricsResources = 74
    case describeTopicPartitions = 75
    case shareGroupHeartbeat = 76
    case shareGroupDescribe = 77
    case shareFetch = 78
    case shareAcknowledge = 79
    case addRaftVoter = 80
    case removeRaftVoter = 81
    case updateRaftVoter = 82
    case initializeShareGroupState = 83
    case readShareGroupState = 84
    case writeShareGroupState = 85
    case deleteShareGroupState = 86
    case readShareGroupStateSummary = 87

    /// Kafka's API name, e.g. "Produce", "ApiVersions".
    public var name: String {
        switch self {
        case .produce: return "Produce"
        case .fetch: return "Fetch"
        case .listOffsets: return "ListOffsets"
        case .metadata: return "Metadata"
        case .leaderAndIsr: return "LeaderAndIsr"
        case .stopReplica: return "StopReplica"
        case .updateMetadata: return "UpdateMetadata"
        case .controlledShutdown: return "ControlledShutdown"
        case .offsetCommit: return "OffsetCommit"
        case .offsetFetch: return "OffsetFetch"
        case .findCoordinator: return "FindCoordinator"
        case .joinGroup: return "JoinGroup"
        case .heartbeat: return "Heartbeat"
        case .leaveGroup: return "LeaveGroup"
        case .syncGroup: return "SyncGroup"
        case .describeGroups: return "DescribeGroups"
        case .listGroups: return "ListGroups"
        case .saslHandshake: return "SaslHandshake"
        case .apiVersions: return "ApiVersions"
        case .createTopics: return "CreateTopics"
        case .deleteTopics: return "DeleteTopics"
        case .deleteRecords: return "DeleteRecords"
        case .initProducerId: return "InitProducerId"
        case .offsetForLeaderEpoch: return "OffsetForLeaderEpoch"
        case .addPartitionsToTxn: return "AddPartitionsToTxn"
        case .addOffsetsToTxn: return "AddOffsetsToTxn"
        case .endTxn: return "EndTxn"
        case .writeTxnMarkers: return "WriteTxnMarkers"
        case .txnOffsetCommit: return "TxnOffsetCommit"
        case .describeAcls: return "DescribeAcls"
        case .createAcls: return "CreateAcls"
        case .deleteAcls: return "DeleteAcls"
        case .describeConfigs: return "DescribeConfigs"
        case .alterConfigs: return "AlterConfigs"
        case .alterReplicaLogDirs: return "AlterReplicaLogDirs"
        case .describeLogDirs: return "DescribeLogDirs"
        case .saslAuthenticate: return "SaslAuthenticate"
        case .createPartitions: return "CreatePartitions"
        case .createDelegationToken: return "CreateDelegationToken"
        case .renewDelegationToken: return "RenewDelegationToken"
        case .expireDelegationToken: return "ExpireDelegationToken"
        case .describeDelegationToken: return "DescribeDelegationToken"
        case .deleteGroups: return "DeleteGroups"
        case .electLeaders: return "ElectLeaders"
        case .incrementalAlterConfigs: return "IncrementalAlterConfigs"
        case .alterPartitionReassignments: return "AlterPartitionReassignments"
        case .listPartitionReassignments: return "ListPartitionReassignments"
        case .offsetDelete: return "OffsetDelete"
        case .describeClientQuotas: return "DescribeClientQuotas"
        case .alterClientQuotas: return "AlterClientQuotas"
        case .describeUserScramCredentials: return "DescribeUserScramCredentials"
        case .alterUserScramCredentials: return "AlterUserScramCredentials"
        case .vote: return "Vote"
        case .beginQuorumEpoch: return "BeginQuorumEpoch"
        case .endQuorumEpoch: return "EndQuorumEpoch"
        case .describeQuorum: return "DescribeQuorum"
        case .alterPartition: return "AlterPartition"
        case .updateFeatures: return "UpdateFeatures"
        case .envelope: return "Envelope"
        case .fetchSnapshot: return "FetchSnapshot"
        case .describeCluster: return "DescribeCluster"
        case .describeProducers: return "DescribeProducers"
        case .brokerRegistration: return "BrokerRegistration"
        case .brokerHeartbeat: return "BrokerHeartbeat"
        case .unregisterBroker: return "UnregisterBroker"
        case .describeTransactions: return "DescribeTransactions"
        case .listTransactions: return "ListTransactions"
        case .allocateProducerIds: return "AllocateProducerIds"
        case .consumerGroupHeartbeat: return "ConsumerGroupHeartbeat"
        case .consumerGroupDescribe: return "ConsumerGroupDescribe"
        case .controllerRegistration: return "ControllerRegistration"
        case .getTelemetrySubscriptions: return "GetTelemetrySubscriptions"
        case .pushTelemetry: return "PushTelemetry"
        case .assignReplicasToDirs: return "AssignReplicasToDirs"
        case .listClientMetricsResources: return "ListClientMetricsResources"
        case .describeTopicPartitions: return "DescribeTopicPartitions"
        case .shareGroupHeartbeat: return "ShareGroupHeartbeat"
        case .shareGroupDescribe: return "ShareGroupDescribe"
        case .shareFetch: return "ShareFetch"
        case .shareAcknowledge: return "ShareAcknowledge"
        case .addRaftVoter: return "AddRaftVoter"
        case .removeRaftVoter: return "RemoveRaftVoter"
        case .updateRaftVoter: return "UpdateRaftVoter"
        case .initializeShareGroupState: return "InitializeShareGroupState"
        case .readShareGroupState: return "ReadShareGroupState"
        case .writeShareGroupState: return "WriteShareGroupState"
        case .deleteShareGroupState: return "DeleteShareGroupState"
        case .readShareGroupStateSummary: return "ReadShareGroupStateSummary"
        }
    }

    public var description: String { name }

    /// Request header version for a request at `apiVersion`: 2 when flexible, else 1
    /// (`ApiMessageType.requestHeaderVersion`).
    public func requestHeaderVersion(apiVersion: Int16) -> Int16 {
        if let flexible = lowestFlexibleVersion, apiVersion >= flexible { return 2 }
        return 1
    }

    /// Response header version: 1 when flexible, else 0, and always 0 for ApiVersions (KIP-511) so a
    /// client can find the correlation id of any ApiVersions answer.
    public func responseHeaderVersion(apiVersion: Int16) -> Int16 {
        if self == .apiVersions { return 0 }
        if let flexible = lowestFlexibleVersion, apiVersion >= flexible { return 1 }
        return 0
    }

    /// Whether `version` is one this build can parse (the schema's `validVersions`).
    public func isValid(version: Int16) -> Bool {
        validVersions?.contains(version) ?? false
    }
}

/// The listener kinds that serve an API (`listeners` in the request schema).
public enum ApiListener: String, Sendable, Hashable {
    case broker
    case controller
}
