import KafkaProtocol
import NIOCore

/// A consumer group as Kafka's `Admin.describeConsumerGroups` reports it, from either protocol:
/// ConsumerGroupDescribe (KIP-848 groups) or DescribeGroups (classic groups).
public struct ConsumerGroupDescription: Sendable, Hashable {
    public var groupId: String
    /// Kafka's state name: `Stable`, `Empty`, `Dead`, `PreparingRebalance`, `Assigning`, ...
    public var state: String
    /// `Classic` or `Consumer`.
    public var type: String
    /// The assignor (classic: the protocol name; KIP-848: the server assignor); may be empty.
    public var partitionAssignor: String
    public var coordinator: BrokerNode
    public var members: [ConsumerGroupMemberDescription]
    /// KIP-848 groups only.
    public var groupEpoch: Int32?
    public var targetAssignmentEpoch: Int32?

    public init(groupId: String, state: String, type: String, partitionAssignor: String, coordinator: BrokerNode,
                members: [ConsumerGroupMemberDescription], groupEpoch: Int32? = nil, targetAssignmentEpoch: Int32? = nil) {
        self.groupId = groupId
        self.state = state
        self.type = type
        self.partitionAssignor = partitionAssignor
        self.coordinator = coordinator
        self.members = members
        self.groupEpoch = groupEpoch
        self.targetAssignmentEpoch = targetAssignmentEpoch
    }
}

public struct ConsumerGroupMemberDescription: Sendable, Hashable {
    public var consumerId: String
    public var groupInstanceId: String?
    public var clientId: String
    public var host: String
    public var assignment: [TopicPartition]
    /// KIP-848 members only.
    public var targetAssignment: [TopicPartition]?
    public var memberEpoch: Int32?
    /// KIP-848 groups: whether the member uses the new protocol (nil when unknown).
    public var upgraded: Bool?

    public init(consumerId: String, groupInstanceId: String? = nil, clientId: String, host: String, assignment: [TopicPartition],
                targetAssignment: [TopicPartition]? = nil, memberEpoch: Int32? = nil, upgraded: Bool? = nil) {
        self.consumerId = consumerId
        self.groupInstanceId = groupInstanceId
        self.clientId = clientId
        self.host = host
        self.assignment = assignment
        self.targetAssignment = targetAssignment
        self.memberEpoch = memberEpoch
        self.upgraded = upgraded
    }
}

extension KafkaAdminClient {
    /// Kafka 4.0's `describeConsumerGroups`: ConsumerGroupDescribe first where the coordinator
    /// speaks it, DescribeGroups for groups it does not know as consumer groups. A per-group
    /// failure (e.g. GROUP_ID_NOT_FOUND) is that group's result; connection failures throw.
    public func describeConsumerGroups(_ groupIds: [String]) async throws -> [String: Result<ConsumerGroupDescription, KafkaError>] {
        var results: [String: Result<ConsumerGroupDescription, KafkaError>] = [:]
        for groupId in groupIds where results[groupId] == nil {
            let (coordinatorId, connection) = try await cluster.coordinator(.group, key: groupId)
            let node = await cluster.metadata.brokers[coordinatorId] ?? BrokerNode(nodeId: coordinatorId, host: "", port: -1, rack: nil)
            if connection.apiVersions.supports(.consumerGroupDescribe),
               let described = try await consumerGroupDescribe(groupId, coordinator: node) {
                results[groupId] = described
                continue
            }
            results[groupId] = try await classicDescribe(groupId, coordinator: node)
        }
        return results
    }

    /// The ConsumerGroupDescribe request Kafka's admin sends (no authorized operations).
    public static func consumerGroupDescribeRequest(groupIds: [String]) -> ConsumerGroupDescribeRequest {
        var request = ConsumerGroupDescribeRequest()
        request.groupIds = groupIds
        request.includeAuthorizedOperations = false
        return request
    }

    /// nil when the coordinator does not know `groupId` as a KIP-848 group (fall back to DescribeGroups).
    private func consumerGroupDescribe(_ groupId: String, coordinator: BrokerNode) async throws -> Result<ConsumerGroupDescription, KafkaError>? {
        try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
            Self.consumerGroupDescribeRequest(groupIds: [groupId])
        }) { response, _ -> Result<ConsumerGroupDescription, KafkaError>? in
            guard let group = response.groups.first else {
                throw KafkaError.broker(.unknownServerError, message: "empty ConsumerGroupDescribe response")
            }
            return try Self.consumerGroupDescription(group, coordinator: coordinator)
        }
    }

    /// One group of a ConsumerGroupDescribe response. Coordinator errors throw (the request is
    /// retried); nil when the group is not a KIP-848 group here (DescribeGroups is asked next).
    public static func consumerGroupDescription(
        _ group: ConsumerGroupDescribeResponse.DescribedGroup, coordinator: BrokerNode
    ) throws -> Result<ConsumerGroupDescription, KafkaError>? {
        let code = ErrorCode(code: group.errorCode)
        if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
            throw KafkaError.broker(code, message: group.errorMessage)
        }
        if code == .groupIdNotFound || code == .unsupportedVersion { return nil }
        if code != .noError { return .failure(KafkaError.broker(code, message: group.errorMessage)) }
        func partitions(_ assignment: ConsumerGroupDescribeResponse.Assignment) -> [TopicPartition] {
            assignment.topicPartitions.flatMap { topic in topic.partitions.map { TopicPartition(topic.topicName, $0) } }
        }
        return .success(ConsumerGroupDescription(
            groupId: group.groupId, state: consumerGroupStateName(group.groupState), type: "Consumer",
            partitionAssignor: group.assignorName, coordinator: coordinator,
            members: group.members.map { member in
                ConsumerGroupMemberDescription(
                    consumerId: member.memberId, groupInstanceId: member.instanceId, clientId: member.clientId,
                    host: member.clientHost, assignment: partitions(member.assignment),
                    targetAssignment: partitions(member.targetAssignment), memberEpoch: member.memberEpoch,
                    upgraded: member.memberType == -1 ? nil : member.memberType == 1)
            },
            groupEpoch: group.groupEpoch, targetAssignmentEpoch: group.assignmentEpoch))
    }

    private func classicDescribe(_ groupId: String, coordinator: BrokerNode) async throws -> Result<ConsumerGroupDescription, KafkaError> {
        let described = try await describeGroups([groupId]).first
        guard let described else { return .failure(KafkaError.broker(.groupIdNotFound, message: "Group \(groupId) not found.")) }
        if let error = described.error { return .failure(error) }
        guard described.protocolType == "consumer" || described.protocolType.isEmpty else {
            return .failure(KafkaError.invalidArgument("GroupId \(groupId) is not a consumer group (\(described.protocolType))."))
        }
        var members: [ConsumerGroupMemberDescription] = []
        for member in described.members {
            var assignment: [TopicPartition] = []
            if described.protocolType == "consumer", !member.assignment.isEmpty {
                assignment = (try? ConsumerProtocol.decodeAssignment(ByteBuffer(bytes: member.assignment))) ?? []
            }
            members.append(ConsumerGroupMemberDescription(
                consumerId: member.memberId, groupInstanceId: member.groupInstanceId, clientId: member.clientId,
                host: member.host, assignment: assignment))
        }
        return .success(ConsumerGroupDescription(
            groupId: described.groupId, state: Self.consumerGroupStateName(described.state), type: "Classic",
            partitionAssignor: described.protocolName, coordinator: coordinator, members: members))
    }

    /// `ConsumerGroupState.parse`: the broker's name, case-insensitively, else `Unknown`.
    static func consumerGroupStateName(_ raw: String) -> String {
        let known = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"]
        return known.first { $0.equalsIgnoringCase(raw) } ?? "Unknown"
    }
}

private extension String {
    func equalsIgnoringCase(_ other: String) -> Bool { lowercased() == other.lowercased() }
}
