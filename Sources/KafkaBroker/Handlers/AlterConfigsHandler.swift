import KafkaProtocol

/// AlterConfigs (key 33): replaces the dynamic configs of topics and brokers.
public struct AlterConfigsHandler: RequestHandler {
    public typealias Request = AlterConfigsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: AlterConfigsRequest, context: RequestContext) async throws -> AlterConfigsResponse? {
        var changes: [(resource: ConfigResource, configs: [String: String?])] = []
        var invalid: [Int: ApiError] = [:]
        for (index, resource) in request.resources.enumerated() {
            guard let type = ConfigResource.ResourceType(rawValue: resource.resourceType), type == .topic || type == .broker else {
                invalid[index] = ApiError(.invalidRequest, "Unexpected resource type \(resource.resourceType)")
                continue
            }
            var configs: [String: String?] = [:]
            for config in resource.configs { configs[config.name] = config.value }
            changes.append((ConfigResource(type: type, name: resource.resourceName), configs))
        }
        var outcome = await broker.controller.alterConfigs(changes, validateOnly: request.validateOnly).makeIterator()
        var response = AlterConfigsResponse()
        for (index, resource) in request.resources.enumerated() {
            let error = invalid[index] ?? outcome.next() ?? ApiError(.unknownServerError)
            var result = AlterConfigsResponse.AlterConfigsResourceResponse()
            result.resourceType = resource.resourceType
            result.resourceName = resource.resourceName
            result.errorCode = error.code.rawValue
            result.errorMessage = error.isSuccess ? nil : error.messageOrDefault
            response.responses.append(result)
        }
        return response
    }
}
