import KafkaProtocol

/// OffsetForLeaderEpoch (v2–4): for each partition, the largest epoch ≤ the requested one and
/// the offset where it ends, from the leader epoch cache (consumers use it to detect truncation).
struct OffsetForLeaderEpochHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: OffsetForLeaderEpochRequest, context: RequestContext) async throws -> OffsetForLeaderEpochResponse? {
        let image = dataPath.broker.metadata
        var response = OffsetForLeaderEpochResponse()
        for topic in request.topics {
            var topicResult = OffsetForLeaderEpochResponse.OffsetForLeaderTopicResult()
            topicResult.topic = topic.topic
            for p in topic.partitions {
                var result = OffsetForLeaderEpochResponse.EpochEndOffset()
                result.partition = p.partition
                switch dataPath.leaderLog(TopicPartition(topic: topic.topic, partition: p.partition), image: image) {
                case let .failure(code):
                    result.errorCode = code.rawValue
                case let .leader(log, registration):
                    if let fenced = DataPathServices.checkLeaderEpoch(requested: p.currentLeaderEpoch, registration: registration) {
                        result.errorCode = fenced.rawValue
                    } else {
                        let entry = log.endOffset(forEpoch: p.leaderEpoch)
                        result.leaderEpoch = entry.epoch
                        result.endOffset = entry.startOffset
                    }
                }
                topicResult.partitions.append(result)
            }
            response.topics.append(topicResult)
        }
        return response
    }
}
