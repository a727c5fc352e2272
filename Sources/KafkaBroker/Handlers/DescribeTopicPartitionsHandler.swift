import KafkaProtocol

/// DescribeTopicPartitions (key 75): paged topic descriptions (`DescribeTopicPartitionsRequestHandler`).
public struct DescribeTopicPartitionsHandler: RequestHandler {
    public typealias Request = DescribeTopicPartitionsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DescribeTopicPartitionsRequest, context: RequestContext) async throws -> DescribeTopicPartitionsResponse? {
        let image = broker.metadata
        let live = Set(image.liveBrokers.map(\.id))
        var response = DescribeTopicPartitionsResponse()
        // All topics when none are named, sorted by name; named ones sorted too, as Kafka does.
        let names = request.topics.isEmpty ? image.topicsByName.keys.sorted() : Set(request.topics.map(\.name)).sorted()
        var remaining = max(Int(request.responsePartitionLimit), 1)
        var started = request.cursor == nil
        for name in names {
            if !started {
                guard let cursor = request.cursor else { break }
                if name < cursor.topicName { continue }
                started = true
            }
            var topic = DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponseTopic()
            topic.name = name
            guard let image = image.topicsByName[name] else {
                topic.errorCode = (TopicNameValidation.problem(with: name) == nil
                    ? ErrorCode.unknownTopicOrPartition : ErrorCode.invalidTopicException).rawValue
                response.topics.append(topic)
                continue
            }
            topic.topicId = image.id
            topic.isInternal = image.isInternal
            topic.topicAuthorizedOperations = MetadataHandler.topicAuthorizedOperations
            let first = (request.cursor?.topicName == name) ? (request.cursor?.partitionIndex ?? 0) : 0
            for id in image.partitionIds where id >= first {
                guard remaining > 0 else {
                    var next = DescribeTopicPartitionsResponse.Cursor()
                    next.topicName = name
                    next.partitionIndex = id
                    response.nextCursor = next
                    response.topics.append(topic)
                    return response
                }
                guard let p = image.partitions[id] else { continue }
                var partition = DescribeTopicPartitionsResponse.DescribeTopicPartitionsResponsePartition()
                partition.partitionIndex = id
                partition.leaderId = p.leader
                partition.leaderEpoch = p.leaderEpoch
                partition.replicaNodes = p.replicas
                partition.isrNodes = p.isr
                partition.eligibleLeaderReplicas = p.elr
                partition.lastKnownElr = p.lastKnownElr
                partition.offlineReplicas = p.replicas.filter { !live.contains($0) }
                topic.partitions.append(partition)
                remaining -= 1
            }
            response.topics.append(topic)
        }
        return response
    }
}
