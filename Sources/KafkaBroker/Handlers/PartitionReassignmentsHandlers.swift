import KafkaProtocol

/// AlterPartitionReassignments (key 45).
public struct AlterPartitionReassignmentsHandler: RequestHandler {
    public typealias Request = AlterPartitionReassignmentsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: AlterPartitionReassignmentsRequest, context: RequestContext) async throws -> AlterPartitionReassignmentsResponse? {
        var response = AlterPartitionReassignmentsResponse()
        response.errorMessage = nil
        for topic in request.topics {
            var topicResponse = AlterPartitionReassignmentsResponse.ReassignableTopicResponse()
            topicResponse.name = topic.name
            for partition in topic.partitions {
                let error = await broker.controller.reassignPartition(
                    TopicPartition(topic: topic.name, partition: partition.partitionIndex), replicas: partition.replicas)
                var result = AlterPartitionReassignmentsResponse.ReassignablePartitionResponse()
                result.partitionIndex = partition.partitionIndex
                result.errorCode = error.code.rawValue
                result.errorMessage = error.isSuccess ? nil : error.messageOrDefault
                topicResponse.partitions.append(result)
            }
            response.responses.append(topicResponse)
        }
        return response
    }
}

/// ListPartitionReassignments (key 46): reassignments complete at once here, so none is ongoing.
public struct ListPartitionReassignmentsHandler: RequestHandler {
    public typealias Request = ListPartitionReassignmentsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: ListPartitionReassignmentsRequest, context: RequestContext) async throws -> ListPartitionReassignmentsResponse? {
        var response = ListPartitionReassignmentsResponse()
        response.errorMessage = nil
        let image = broker.metadata
        let wanted = request.topics.map { topics in topics.map { ($0.name, $0.partitionIndexes) } }
            ?? image.topicsByName.keys.sorted().map { ($0, image.topicsByName[$0]?.partitionIds ?? []) }
        for (name, partitions) in wanted {
            guard let topic = image.topicsByName[name] else { continue }
            let ongoing = partitions.compactMap { id -> ListPartitionReassignmentsResponse.OngoingPartitionReassignment? in
                guard let p = topic.partitions[id], !p.addingReplicas.isEmpty || !p.removingReplicas.isEmpty else { return nil }
                var entry = ListPartitionReassignmentsResponse.OngoingPartitionReassignment()
                entry.partitionIndex = id
                entry.replicas = p.replicas
                entry.addingReplicas = p.addingReplicas
                entry.removingReplicas = p.removingReplicas
                return entry
            }
            guard !ongoing.isEmpty else { continue }
            var entry = ListPartitionReassignmentsResponse.OngoingTopicReassignment()
            entry.name = name
            entry.partitions = ongoing
            response.topics.append(entry)
        }
        return response
    }
}
