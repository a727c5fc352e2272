import KafkaProtocol

/// ElectLeaders (key 43): preferred or unclean election through the controller.
public struct ElectLeadersHandler: RequestHandler {
    public typealias Request = ElectLeadersRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: ElectLeadersRequest, context: RequestContext) async throws -> ElectLeadersResponse? {
        var response = ElectLeadersResponse()
        // v0 has no election type: it is always preferred.
        let type: Int8 = context.apiVersion >= 1 ? request.electionType : 0
        guard type == 0 || type == 1 else {
            response.errorCode = ErrorCode.invalidRequest.rawValue
            return response
        }
        let partitions = request.topicPartitions.map { topics in
            topics.flatMap { t in t.partitions.map { TopicPartition(topic: t.topic, partition: $0) } }
        }
        let results = await broker.controller.electLeaders(electionType: type, partitions: partitions)
        var order: [String] = []
        var byTopic: [String: [ElectLeadersResponse.PartitionResult]] = [:]
        for (tp, error) in results {
            if byTopic[tp.topic] == nil { order.append(tp.topic) }
            var result = ElectLeadersResponse.PartitionResult()
            result.partitionId = tp.partition
            result.errorCode = error.code.rawValue
            result.errorMessage = error.message
            byTopic[tp.topic, default: []].append(result)
        }
        response.replicaElectionResults = order.map { topic in
            var entry = ElectLeadersResponse.ReplicaElectionResult()
            entry.topic = topic
            entry.partitionResult = byTopic[topic] ?? []
            return entry
        }
        return response
    }
}
