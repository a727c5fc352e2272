@testable import KafkaClient
import KafkaProtocol
import Testing

/// Answers whose generated shape differs by version or by lookup (OffsetFetch before and from
/// v8; Metadata by name and by id) read into the same results.
@Suite("Admin answer parsing")
struct AdminAnswerParsingTests {
    /// The same partitions, as a v7 (top-level topics) and a v8 (one group) answer.
    static func offsetFetchAnswers(partitionError: Int16 = 0) -> (legacy: OffsetFetchResponse, grouped: OffsetFetchResponse) {
        let offsets: [(index: Int32, offset: Int64, epoch: Int32, metadata: String?)] = [(0, 5, 3, "m"), (1, -1, -1, ""), (2, 7, -1, nil)]
        var legacyTopic = OffsetFetchResponse.OffsetFetchResponseTopic()
        legacyTopic.name = "t"
        var groupTopic = OffsetFetchResponse.OffsetFetchResponseTopics()
        groupTopic.name = "t"
        for (index, offset, epoch, metadata) in offsets {
            var legacy = OffsetFetchResponse.OffsetFetchResponsePartition()
            (legacy.partitionIndex, legacy.committedOffset, legacy.committedLeaderEpoch, legacy.metadata) = (index, offset, epoch, metadata)
            legacy.errorCode = index == 2 ? partitionError : 0
            legacyTopic.partitions.append(legacy)
            var grouped = OffsetFetchResponse.OffsetFetchResponsePartitions()
            (grouped.partitionIndex, grouped.committedOffset, grouped.committedLeaderEpoch, grouped.metadata) = (index, offset, epoch, metadata)
            grouped.errorCode = legacy.errorCode
            groupTopic.partitions.append(grouped)
        }
        var legacy = OffsetFetchResponse()
        legacy.topics = [legacyTopic]
        var group = OffsetFetchResponse.OffsetFetchResponseGroup()
        group.groupId = "g"
        group.topics = [groupTopic]
        var grouped = OffsetFetchResponse()
        grouped.groups = [group]
        return (legacy, grouped)
    }

    @Test func offsetFetchReadsAlikeBeforeAndFromV8() throws {
        let (legacy, grouped) = Self.offsetFetchAnswers()
        let expected: [TopicPartition: CommittedOffset] = [
            TopicPartition("t", 0): CommittedOffset(offset: 5, leaderEpoch: 3, metadata: "m"),
            TopicPartition("t", 2): CommittedOffset(offset: 7, leaderEpoch: nil, metadata: ""),
        ]
        #expect(try OffsetFetchBuilder.parse(legacy, version: 7) == expected)
        #expect(try OffsetFetchBuilder.parse(grouped, version: 8) == expected)
        #expect(try OffsetFetchBuilder.parse(OffsetFetchResponse(), version: 8).isEmpty)
    }

    @Test func offsetFetchErrorsAreThrownInEitherShape() throws {
        let (legacy, grouped) = Self.offsetFetchAnswers(partitionError: ErrorCode.unknownTopicOrPartition.rawValue)
        let partitionError = KafkaError.broker(.unknownTopicOrPartition, message: nil, context: "t-2")
        #expect(throws: partitionError) { try OffsetFetchBuilder.parse(legacy, version: 7) }
        #expect(throws: partitionError) { try OffsetFetchBuilder.parse(grouped, version: 8) }

        var legacyGroupError = OffsetFetchResponse()
        legacyGroupError.errorCode = ErrorCode.notCoordinator.rawValue
        #expect(throws: KafkaError.broker(.notCoordinator, message: nil)) { try OffsetFetchBuilder.parse(legacyGroupError, version: 7) }
        var groupError = OffsetFetchResponse.OffsetFetchResponseGroup()
        groupError.errorCode = ErrorCode.notCoordinator.rawValue
        var groupedGroupError = OffsetFetchResponse()
        groupedGroupError.groups = [groupError]
        #expect(throws: KafkaError.broker(.notCoordinator, message: nil)) { try OffsetFetchBuilder.parse(groupedGroupError, version: 8) }
    }

    @Test func metadataTopicDescription() throws {
        var topic = MetadataResponse.MetadataResponseTopic()
        topic.name = "t"
        topic.isInternal = true
        topic.topicAuthorizedOperations = Int32.min
        for (index, leader) in [(Int32(1), Int32(-1)), (0, 2)] {
            var partition = MetadataResponse.MetadataResponsePartition()
            (partition.partitionIndex, partition.leaderId, partition.leaderEpoch) = (index, leader, 4)
            (partition.replicaNodes, partition.isrNodes, partition.offlineReplicas) = ([2, 3], [2], [3])
            topic.partitions.append(partition)
        }
        let description = try KafkaAdminClient.topicDescription(topic, name: "named").get()
        #expect(description.name == "named")
        #expect(description.isInternal)
        #expect(description.authorizedOperations == nil)
        #expect(description.partitions == [
            TopicPartitionInfo(
                partition: 0, leader: 2, leaderEpoch: 4, replicas: [2, 3], isr: [2], eligibleLeaderReplicas: nil, lastKnownElr: nil,
                offlineReplicas: [3]),
            TopicPartitionInfo(
                partition: 1, leader: nil, leaderEpoch: 4, replicas: [2, 3], isr: [2], eligibleLeaderReplicas: nil, lastKnownElr: nil,
                offlineReplicas: [3]),
        ])

        topic.topicAuthorizedOperations = 8
        #expect(try KafkaAdminClient.topicDescription(topic, name: "t").get().authorizedOperations == 8)
        topic.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
        #expect(KafkaAdminClient.topicDescription(topic, name: "t") == .failure(.broker(.unknownTopicOrPartition, message: nil)))
    }
}
