import KafkaProtocol

/// OffsetDelete (key 47): removes committed offsets of topics the group no longer subscribes to.
public struct OffsetDeleteHandler: RequestHandler {
    public typealias Request = OffsetDeleteRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: OffsetDeleteRequest, context: RequestContext) async throws -> OffsetDeleteResponse? {
        let (error, results) = await broker.groupCoordinator?.deleteOffsets(
            groupId: request.groupId, topics: request.topics.map { ($0.name, $0.partitions.map(\.partitionIndex)) })
            ?? (.coordinatorNotAvailable, [])
        var response = OffsetDeleteResponse()
        response.errorCode = error.rawValue
        response.topics = results.map { topic in
            var entry = OffsetDeleteResponse.OffsetDeleteResponseTopic()
            entry.name = topic.topic
            entry.partitions = topic.partitions.map { partition, code in
                var item = OffsetDeleteResponse.OffsetDeleteResponsePartition()
                item.partitionIndex = partition
                item.errorCode = code.rawValue
                return item
            }
            return entry
        }
        return response
    }
}
