import KafkaProtocol

/// CreatePartitions (key 37), like `ControllerApis.createPartitions`.
public struct CreatePartitionsHandler: RequestHandler {
    public typealias Request = CreatePartitionsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: CreatePartitionsRequest, context: RequestContext) async throws -> CreatePartitionsResponse? {
        var counts: [String: Int] = [:]
        for topic in request.topics { counts[topic.name, default: 0] += 1 }
        var response = CreatePartitionsResponse()
        var answered: Set<String> = []
        for topic in request.topics where answered.insert(topic.name).inserted {
            var result = CreatePartitionsResponse.CreatePartitionsTopicResult()
            result.name = topic.name
            let error: ApiError
            if counts[topic.name, default: 0] > 1 {
                error = ApiError(.invalidRequest, "Duplicate topic name.")
            } else {
                error = await broker.controller.createPartitions(
                    topic: topic.name, count: topic.count, assignments: topic.assignments?.map(\.brokerIds),
                    validateOnly: request.validateOnly)
            }
            result.errorCode = error.code.rawValue
            result.errorMessage = error.isSuccess ? nil : error.messageOrDefault
            response.results.append(result)
        }
        return response
    }
}
