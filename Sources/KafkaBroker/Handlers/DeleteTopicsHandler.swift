import KafkaProtocol

/// DeleteTopics (key 20), by name (v1-v5) or by name or id (v6), like `ControllerApis.deleteTopics`.
public struct DeleteTopicsHandler: RequestHandler {
    public typealias Request = DeleteTopicsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DeleteTopicsRequest, context: RequestContext) async throws -> DeleteTopicsResponse? {
        let image = broker.metadata
        // (name, id) as requested; v0-5 give names only.
        let wanted: [(name: String?, id: KafkaUUID)] = context.apiVersion >= 6
            ? request.topics.map { ($0.name, $0.topicId) }
            : request.topicNames.map { ($0, KafkaUUID.zero) }
        var nameCounts: [String: Int] = [:]
        var idCounts: [KafkaUUID: Int] = [:]
        for entry in wanted {
            if entry.id != .zero { idCounts[entry.id, default: 0] += 1 } else if let name = entry.name { nameCounts[name, default: 0] += 1 }
        }
        var results: [DeleteTopicsResponse.DeletableTopicResult] = []
        var toDelete: [(index: Int, id: KafkaUUID)] = []
        for entry in wanted {
            var result = DeleteTopicsResponse.DeletableTopicResult()
            result.name = entry.name
            result.topicId = entry.id
            if entry.id != .zero {
                if entry.name != nil {
                    result.errorCode = ErrorCode.invalidRequest.rawValue
                    result.errorMessage = "Invalid topic name and id combination."
                } else if idCounts[entry.id, default: 0] > 1 {
                    result.errorCode = ErrorCode.invalidRequest.rawValue
                    result.errorMessage = "Duplicate topic id."
                } else if let topic = image.topic(id: entry.id) {
                    result.name = topic.name
                    toDelete.append((results.count, topic.id))
                } else {
                    result.errorCode = ErrorCode.unknownTopicId.rawValue
                    result.errorMessage = ErrorCode.unknownTopicId.message
                }
            } else if let name = entry.name {
                if nameCounts[name, default: 0] > 1 {
                    result.errorCode = ErrorCode.invalidRequest.rawValue
                    result.errorMessage = "Duplicate topic name."
                } else if let topic = image.topicsByName[name] {
                    result.topicId = topic.id
                    toDelete.append((results.count, topic.id))
                } else {
                    result.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    result.errorMessage = ErrorCode.unknownTopicOrPartition.message
                }
            } else {
                result.errorCode = ErrorCode.invalidRequest.rawValue
                result.errorMessage = "Neither topic name nor id were specified."
            }
            results.append(result)
        }
        let outcome = await broker.controller.deleteTopics(ids: toDelete.map(\.id))
        for (index, id) in toDelete {
            let error = outcome[id] ?? ApiError(.unknownServerError)
            results[index].errorCode = error.code.rawValue
            results[index].errorMessage = error.isSuccess ? nil : error.messageOrDefault
        }
        // Duplicate entries are answered once (Kafka's result set has one entry per name/id).
        var seen: Set<String> = []
        results = results.filter { r in
            let key = (r.name ?? "") + "/" + r.topicId.description
            return seen.insert(key).inserted
        }
        var response = DeleteTopicsResponse()
        response.responses = results
        return response
    }
}
