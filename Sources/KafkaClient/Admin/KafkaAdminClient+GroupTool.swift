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
    /// Kafka 4.0's `describeConsumerGroups`: per coordinator, one ConsumerGroupDescribe for all
    /// its groups where the coordinator speaks it, then one DescribeGroups for the groups it does
    /// not know as KIP-848 groups. A per-group failure (e.g. GROUP_ID_NOT_FOUND) is that group's
    /// result; connection failures throw. A coordinator that moved is looked up again.
    public func describeConsumerGroups(_ groupIds: [String]) async throws -> [String: Result<ConsumerGroupDescription, KafkaError>] {
        var attempt = 0
        while true {
            do {
                return try await describeConsumerGroupsOnce(groupIds)
            } catch let error as KafkaError where attempt < 3
                && (error.errorCode == .notCoordinator || error.errorCode == .coordinatorNotAvailable) {
                attempt += 1
                for groupId in groupIds { await cluster.invalidateCoordinator(.group, key: groupId) }
            }
        }
    }

    private func describeConsumerGroupsOnce(_ groupIds: [String]) async throws -> [String: Result<ConsumerGroupDescription, KafkaError>] {
        var coordinators: [Int32] = []
        var groupsOf: [Int32: [String]] = [:]
        for groupId in groupIds where !(groupsOf.values.contains { $0.contains(groupId) }) {
            let (coordinatorId, _) = try await cluster.coordinator(.group, key: groupId)
            if groupsOf[coordinatorId] == nil { coordinators.append(coordinatorId) }
            groupsOf[coordinatorId, default: []].append(groupId)
        }
        var results: [String: Result<ConsumerGroupDescription, KafkaError>] = [:]
        for coordinatorId in coordinators {
            let groups = groupsOf[coordinatorId] ?? []
            let connection = try await cluster.connection(to: coordinatorId)
            let node = await cluster.metadata.brokers[coordinatorId] ?? BrokerNode(nodeId: coordinatorId, host: "", port: -1, rack: nil)
            var classic = groups
            if connection.apiVersions.supports(.consumerGroupDescribe) {
                let answers = try await cluster.request(.node(coordinatorId), build: { _ in
                    Self.consumerGroupDescribeRequest(groupIds: groups)
                }) { response, _ in
                    try Self.unlessMoved { try response.groups.map { ($0.groupId, try Self.consumerGroupDescription($0, coordinator: node)) } }
                }
                guard let answers else { throw KafkaError.broker(.notCoordinator, message: nil) }
                for (groupId, answer) in answers { if let answer { results[groupId] = answer } }
                classic = groups.filter { results[$0] == nil }
            }
            guard !classic.isEmpty else { continue }
            let classicGroups = classic
            let answers = try await cluster.request(.node(coordinatorId), build: { _ in
                Self.describeGroupsRequest(groupIds: classicGroups)
            }) { response, _ in
                try Self.unlessMoved { try response.groups.map { ($0.groupId, try Self.classicDescription($0, coordinator: node)) } }
            }
            guard let answers else { throw KafkaError.broker(.notCoordinator, message: nil) }
            for (groupId, answer) in answers { results[groupId] = answer }
        }
        return results
    }

    /// nil when the answer says the coordinator moved: the caller looks it up again rather than
    /// retrying the same node.
    static func unlessMoved<T>(_ body: () throws -> T) throws -> T? {
        do {
            return try body()
        } catch let error as KafkaError where error.errorCode == .notCoordinator || error.errorCode == .coordinatorNotAvailable {
            return nil
        }
    }

    /// The DescribeGroups request Kafka's admin sends for classic groups.
    public static func describeGroupsRequest(groupIds: [String]) -> DescribeGroupsRequest {
        var request = DescribeGroupsRequest()
        request.groups = groupIds
        request.includeAuthorizedOperations = false
        return request
    }

    /// The ConsumerGroupDescribe request Kafka's admin sends (no authorized operations).
    public static func consumerGroupDescribeRequest(groupIds: [String]) -> ConsumerGroupDescribeRequest {
        var request = ConsumerGroupDescribeRequest()
        request.groupIds = groupIds
        request.includeAuthorizedOperations = false
        return request
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

    /// One group of a DescribeGroups response as a consumer group (Kafka's
    /// `DescribeConsumerGroupsHandler`): coordinator errors throw, other errors are the result.
    public static func classicDescription(
        _ group: DescribeGroupsResponse.DescribedGroup, coordinator: BrokerNode
    ) throws -> Result<ConsumerGroupDescription, KafkaError> {
        let code = ErrorCode(code: group.errorCode)
        if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
            throw KafkaError.broker(code, message: group.errorMessage)
        }
        if code != .noError { return .failure(KafkaError.broker(code, message: group.errorMessage)) }
        guard group.protocolType == "consumer" || group.protocolType.isEmpty else {
            return .failure(KafkaError.invalidArgument("GroupId \(group.groupId) is not a consumer group (\(group.protocolType))."))
        }
        let members = group.members.map { member in
            var assignment: [TopicPartition] = []
            if group.protocolType == "consumer", member.memberAssignment.readableBytes > 0 {
                assignment = (try? ConsumerProtocol.decodeAssignment(member.memberAssignment)) ?? []
            }
            return ConsumerGroupMemberDescription(
                consumerId: member.memberId, groupInstanceId: member.groupInstanceId, clientId: member.clientId,
                host: member.clientHost, assignment: assignment)
        }
        return .success(ConsumerGroupDescription(
            groupId: group.groupId, state: consumerGroupStateName(group.groupState), type: "Classic",
            partitionAssignor: group.protocolData, coordinator: coordinator, members: members))
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
