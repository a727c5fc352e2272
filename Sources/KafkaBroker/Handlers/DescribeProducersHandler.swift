import KafkaProtocol

/// DescribeProducers (v0): the producer state of each partition's leader log.
struct DescribeProducersHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: DescribeProducersRequest, context: RequestContext) async throws -> DescribeProducersResponse? {
        let image = dataPath.broker.metadata
        var response = DescribeProducersResponse()
        for topic in request.topics {
            var topicResponse = DescribeProducersResponse.TopicResponse()
            topicResponse.name = topic.name
            for index in topic.partitionIndexes {
                var partition = DescribeProducersResponse.PartitionResponse()
                partition.partitionIndex = index
                switch dataPath.leaderLog(TopicPartition(topic: topic.name, partition: index), image: image) {
                case let .failure(code):
                    partition.errorCode = code.rawValue
                case let .leader(log, _):
                    partition.activeProducers = log.activeProducers.keys.sorted().compactMap { id in
                        guard let entry = log.activeProducers[id] else { return nil }
                        var state = DescribeProducersResponse.ProducerState()
                        state.producerId = entry.producerId
                        state.producerEpoch = Int32(entry.producerEpoch)
                        state.lastSequence = entry.lastSequence
                        state.lastTimestamp = entry.lastTimestamp
                        state.coordinatorEpoch = entry.coordinatorEpoch
                        state.currentTxnStartOffset = entry.currentTxnFirstOffset ?? -1
                        return state
                    }
                }
                topicResponse.partitions.append(partition)
            }
            response.topics.append(topicResponse)
        }
        return response
    }
}
