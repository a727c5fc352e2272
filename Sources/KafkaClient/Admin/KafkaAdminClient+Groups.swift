import KafkaProtocol

extension KafkaAdminClient {
    /// ListGroups on every broker, merged (Kafka's admin asks each broker).
    public func listGroups(states: [String] = [], types: [String] = []) async throws -> [GroupListing] {
        let brokers = try await cluster.refreshMetadata(topics: []).brokers.map(\.nodeId).sorted()
        var listings: [GroupListing] = []
        for id in brokers {
            let batch = try await cluster.request(.node(id), build: { _ in
                var request = ListGroupsRequest()
                request.statesFilter = states
                request.typesFilter = types
                return request
            }) { response, _ in
                try KafkaError.check(response.errorCode)
                return response.groups.map {
                    GroupListing(groupId: $0.groupId, protocolType: $0.protocolType, state: $0.groupState, type: $0.groupType)
                }
            }
            listings.append(contentsOf: batch)
        }
        return listings
    }

    /// DescribeGroups at each group's coordinator.
    public func describeGroups(_ groupIds: [String], includeAuthorizedOperations: Bool = false) async throws -> [GroupDescription] {
        var results: [GroupDescription] = []
        for groupId in groupIds {
            let (coordinatorId, _) = try await cluster.coordinator(.group, key: groupId)
            let description = try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
                var request = DescribeGroupsRequest()
                request.groups = [groupId]
                request.includeAuthorizedOperations = includeAuthorizedOperations
                return request
            }) { response, _ -> GroupDescription in
                guard let group = response.groups.first else {
                    throw KafkaError.broker(.unknownServerError, message: "empty DescribeGroups response")
                }
                let code = ErrorCode(code: group.errorCode)
                if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
                    throw KafkaError.broker(code, message: group.errorMessage)
                }
                return GroupDescription(
                    groupId: group.groupId, state: group.groupState, protocolType: group.protocolType, protocolName: group.protocolData,
                    members: group.members.map {
                        GroupMemberDescription(
                            memberId: $0.memberId, groupInstanceId: $0.groupInstanceId, clientId: $0.clientId, host: $0.clientHost,
                            metadata: Array($0.memberMetadata.readableBytesView), assignment: Array($0.memberAssignment.readableBytesView))
                    },
                    coordinator: coordinatorId,
                    authorizedOperations: group.authorizedOperations == Int32.min ? nil : group.authorizedOperations,
                    error: group.errorCode == 0 ? nil : KafkaError.broker(code, message: group.errorMessage))
            }
            results.append(description)
        }
        return results
    }

    public func deleteGroups(_ groupIds: [String]) async throws -> [String: KafkaError?] {
        var results: [String: KafkaError?] = [:]
        for groupId in groupIds {
            results[groupId] = try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
                var request = DeleteGroupsRequest()
                request.groupsNames = [groupId]
                return request
            }) { response, _ -> KafkaError? in
                guard let result = response.results.first else { return nil }
                let code = ErrorCode(code: result.errorCode)
                if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
                    throw KafkaError.broker(code, message: nil)
                }
                return result.errorCode == 0 ? nil : KafkaError.broker(code, message: nil)
            }
        }
        return results
    }

    /// Committed offsets of a group (OffsetFetch); `partitions` nil means all.
    public func listConsumerGroupOffsets(_ groupId: String, partitions: [TopicPartition]? = nil, requireStable: Bool = false) async throws -> [TopicPartition: CommittedOffset] {
        try await cluster.request(.coordinator(.group, key: groupId), build: { version in
            OffsetFetchBuilder.request(groupId: groupId, partitions: partitions, requireStable: requireStable, version: version)
        }) { response, version in
            try OffsetFetchBuilder.parse(response, version: version)
        }
    }

    /// Commits offsets for an empty group (OffsetCommit with generation -1).
    public func alterConsumerGroupOffsets(_ groupId: String, offsets: [TopicPartition: Int64]) async throws -> [TopicPartition: KafkaError?] {
        try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
            OffsetCommitBuilder.request(groupId: groupId, generation: -1, memberId: "", groupInstanceId: nil,
                                        offsets: offsets.mapValues { CommittedOffset(offset: $0, leaderEpoch: nil, metadata: "") })
        }) { response, _ in
            try OffsetCommitBuilder.parse(response)
        }
    }

    public func deleteConsumerGroupOffsets(_ groupId: String, partitions: [TopicPartition]) async throws -> [TopicPartition: KafkaError?] {
        try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
            var request = OffsetDeleteRequest()
            request.groupId = groupId
            request.topics = partitions.groupedByTopic().map { topic, partitions in
                var entry = OffsetDeleteRequest.OffsetDeleteRequestTopic()
                entry.name = topic
                entry.partitions = partitions.map { var p = OffsetDeleteRequest.OffsetDeleteRequestPartition(); p.partitionIndex = $0.partition; return p }
                return entry
            }
            return request
        }) { response, _ in
            let code = ErrorCode(code: response.errorCode)
            if code.isRetriable { throw KafkaError.broker(code, message: nil) }
            try KafkaError.check(response.errorCode)
            var results: [TopicPartition: KafkaError?] = [:]
            for topic in response.topics {
                for partition in topic.partitions {
                    results[TopicPartition(topic.name, partition.partitionIndex)] =
                        partition.errorCode == 0 ? nil : KafkaError.broker(ErrorCode(code: partition.errorCode), message: nil)
                }
            }
            return results
        }
    }
}

/// OffsetFetch for one group, in the shape of the version (groups array from v8).
enum OffsetFetchBuilder {
    static func request(groupId: String, partitions: [TopicPartition]?, requireStable: Bool, version: Int16) -> OffsetFetchRequest {
        var request = OffsetFetchRequest()
        request.requireStable = requireStable
        func topics<Topic: OffsetFetchTopicQuery>() -> [Topic]? {
            partitions?.groupedByTopic().map { topic, partitions in
                var entry = Topic()
                entry.name = topic
                entry.partitionIndexes = partitions.map(\.partition)
                return entry
            }
        }
        if version >= 8 {
            var group = OffsetFetchRequest.OffsetFetchRequestGroup()
            group.groupId = groupId
            group.topics = topics()
            request.groups = [group]
        } else {
            request.groupId = groupId
            request.topics = topics()
        }
        return request
    }

    /// Retriable group errors are thrown (so the request is retried); offsets with no commit
    /// (-1) are left out.
    static func parse(_ response: OffsetFetchResponse, version: Int16) throws -> [TopicPartition: CommittedOffset] {
        var result: [TopicPartition: CommittedOffset] = [:]
        func add(_ topic: String, _ partitions: [some OffsetFetchPartitionAnswer]) throws {
            for partition in partitions {
                try KafkaError.check(partition.errorCode, context: "\(topic)-\(partition.partitionIndex)")
                guard partition.committedOffset >= 0 else { continue }
                result[TopicPartition(topic, partition.partitionIndex)] = CommittedOffset(
                    offset: partition.committedOffset,
                    leaderEpoch: partition.committedLeaderEpoch < 0 ? nil : partition.committedLeaderEpoch,
                    metadata: partition.metadata ?? "")
            }
        }
        if version >= 8 {
            guard let group = response.groups.first else { return result }
            try KafkaError.check(group.errorCode)
            for topic in group.topics { try add(topic.name, topic.partitions) }
        } else {
            try KafkaError.check(response.errorCode)
            for topic in response.topics { try add(topic.name, topic.partitions) }
        }
        return result
    }
}

/// A topic's partitions in an OffsetFetch request: the generated code has one type for the
/// top-level topics (v0-7) and one for the groups' topics (v8+), with the same fields.
protocol OffsetFetchTopicQuery {
    init()
    var name: String { get set }
    var partitionIndexes: [Int32] { get set }
}

extension OffsetFetchRequest.OffsetFetchRequestTopic: OffsetFetchTopicQuery {}
extension OffsetFetchRequest.OffsetFetchRequestTopics: OffsetFetchTopicQuery {}

/// A partition's committed offset in an OffsetFetch answer: the generated code has one type for
/// the top-level topics (v0-7) and one for the groups' topics (v8+), with the same fields.
protocol OffsetFetchPartitionAnswer {
    var partitionIndex: Int32 { get }
    var committedOffset: Int64 { get }
    var committedLeaderEpoch: Int32 { get }
    var metadata: String? { get }
    var errorCode: Int16 { get }
}

extension OffsetFetchResponse.OffsetFetchResponsePartition: OffsetFetchPartitionAnswer {}
extension OffsetFetchResponse.OffsetFetchResponsePartitions: OffsetFetchPartitionAnswer {}

enum OffsetCommitBuilder {
    static func request(groupId: String, generation: Int32, memberId: String, groupInstanceId: String?,
                        offsets: [TopicPartition: CommittedOffset]) -> OffsetCommitRequest {
        var request = OffsetCommitRequest()
        request.groupId = groupId
        request.generationIdOrMemberEpoch = generation
        request.memberId = memberId
        request.groupInstanceId = groupInstanceId
        request.topics = offsets.keys.groupedByTopic().map { topic, partitions in
            var entry = OffsetCommitRequest.OffsetCommitRequestTopic()
            entry.name = topic
            entry.partitions = partitions.sorted().map { tp in
                var partition = OffsetCommitRequest.OffsetCommitRequestPartition()
                partition.partitionIndex = tp.partition
                let committed = offsets[tp]
                partition.committedOffset = committed?.offset ?? -1
                partition.committedLeaderEpoch = committed?.leaderEpoch ?? -1
                partition.committedMetadata = committed?.metadata ?? ""
                return partition
            }
            return entry
        }
        return request
    }

    /// Coordinator errors are thrown (retried); other per-partition errors are returned.
    static func parse(_ response: OffsetCommitResponse) throws -> [TopicPartition: KafkaError?] {
        var results: [TopicPartition: KafkaError?] = [:]
        for topic in response.topics {
            for partition in topic.partitions {
                let code = ErrorCode(code: partition.errorCode)
                if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
                    throw KafkaError.broker(code, message: nil)
                }
                results[TopicPartition(topic.name, partition.partitionIndex)] = partition.errorCode == 0 ? nil : KafkaError.broker(code, message: nil)
            }
        }
        return results
    }
}
