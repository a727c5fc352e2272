import KafkaProtocol

/// OffsetFetch (key 9, v1–v9): one group before v8, a batch of groups from v8. A null topic list
/// (v2+) asks for every committed offset; partitions without one answer offset -1.
public struct OffsetFetchHandler: RequestHandler {
    public typealias Request = OffsetFetchRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: OffsetFetchRequest, context: RequestContext) async throws -> OffsetFetchResponse? {
        var response = OffsetFetchResponse()
        let coordinator = broker.groupCoordinator
        if context.apiVersion >= 8 {
            for group in request.groups {
                let topics = group.topics.map { $0.map { (name: $0.name, partitions: $0.partitionIndexes) } }
                let (error, result) = await coordinator?.fetchOffsets(groupId: group.groupId, topics: topics) ?? (.coordinatorNotAvailable, [])
                var entry = OffsetFetchResponse.OffsetFetchResponseGroup()
                entry.groupId = group.groupId
                entry.errorCode = error.rawValue
                entry.topics = result.map { topic in
                    var topicEntry = OffsetFetchResponse.OffsetFetchResponseTopics()
                    topicEntry.name = topic.topic
                    topicEntry.partitions = topic.partitions.map { partition, offset in
                        var item = OffsetFetchResponse.OffsetFetchResponsePartitions()
                        item.partitionIndex = partition
                        item.committedOffset = offset?.offset ?? -1
                        item.committedLeaderEpoch = offset?.leaderEpoch ?? -1
                        item.metadata = offset?.metadata ?? ""
                        return item
                    }
                    return topicEntry
                }
                response.groups.append(entry)
            }
            return response
        }
        let topics = request.topics.map { $0.map { (name: $0.name, partitions: $0.partitionIndexes) } }
        let (error, result) = await coordinator?.fetchOffsets(groupId: request.groupId, topics: topics) ?? (.coordinatorNotAvailable, [])
        response.errorCode = error.rawValue
        let partitionError: Int16 = context.apiVersion < 2 ? error.rawValue : 0
        let answered = error == .noError ? result : (request.topics ?? []).map { topic in
            (topic: topic.name, partitions: topic.partitionIndexes.map { ($0, CommittedOffset?.none) })
        }
        response.topics = (context.apiVersion >= 2 && error != .noError) ? [] : answered.map { topic in
            var entry = OffsetFetchResponse.OffsetFetchResponseTopic()
            entry.name = topic.topic
            entry.partitions = topic.partitions.map { partition, offset in
                var item = OffsetFetchResponse.OffsetFetchResponsePartition()
                item.partitionIndex = partition
                item.committedOffset = offset?.offset ?? -1
                item.committedLeaderEpoch = offset?.leaderEpoch ?? -1
                item.metadata = offset?.metadata ?? ""
                item.errorCode = partitionError
                return item
            }
            return entry
        }
        return response
    }
}
