import KafkaProtocol

/// OffsetCommit (key 8, v2–v9).
public struct OffsetCommitHandler: RequestHandler {
    public typealias Request = OffsetCommitRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: OffsetCommitRequest, context: RequestContext) async throws -> OffsetCommitResponse? {
        let results: [(topic: String, partitions: [(Int32, ErrorCode)])]
        if let coordinator = broker.groupCoordinator {
            results = await coordinator.commitOffsets(request, apiVersion: context.apiVersion)
        } else {
            results = request.topics.map { topic in (topic.name, topic.partitions.map { ($0.partitionIndex, .coordinatorNotAvailable) }) }
        }
        var response = OffsetCommitResponse()
        response.topics = results.map { topic in
            var entry = OffsetCommitResponse.OffsetCommitResponseTopic()
            entry.name = topic.topic
            entry.partitions = topic.partitions.map { partition, error in
                var result = OffsetCommitResponse.OffsetCommitResponsePartition()
                result.partitionIndex = partition
                result.errorCode = error.rawValue
                return result
            }
            return entry
        }
        return response
    }
}
