import KafkaProtocol

/// IncrementalAlterConfigs (key 44): SET / DELETE / APPEND / SUBTRACT on topic and broker configs.
public struct IncrementalAlterConfigsHandler: RequestHandler {
    public typealias Request = IncrementalAlterConfigsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: IncrementalAlterConfigsRequest, context: RequestContext) async throws -> IncrementalAlterConfigsResponse? {
        var changes: [(resource: ConfigResource, changes: [ConfigChange])] = []
        var invalid: [Int: ApiError] = [:]
        for (index, resource) in request.resources.enumerated() {
            guard let type = ConfigResource.ResourceType(rawValue: resource.resourceType), type == .topic || type == .broker else {
                invalid[index] = ApiError(.invalidRequest, "Unexpected resource type \(resource.resourceType)")
                continue
            }
            var names: Set<String> = []
            var list: [ConfigChange] = []
            for config in resource.configs {
                guard names.insert(config.name).inserted else {
                    invalid[index] = ApiError(.invalidRequest, "Error due to duplicate config keys")
                    break
                }
                guard let operation = ConfigChange.Operation(rawValue: config.configOperation) else {
                    invalid[index] = ApiError(.invalidRequest, "Unknown alter config operation \(config.configOperation)")
                    break
                }
                list.append(ConfigChange(name: config.name, operation: operation, value: config.value))
            }
            if invalid[index] == nil { changes.append((ConfigResource(type: type, name: resource.resourceName), list)) }
        }
        var outcome = await broker.controller.incrementalAlterConfigs(changes, validateOnly: request.validateOnly).makeIterator()
        var response = IncrementalAlterConfigsResponse()
        for (index, resource) in request.resources.enumerated() {
            let error = invalid[index] ?? outcome.next() ?? ApiError(.unknownServerError)
            var result = IncrementalAlterConfigsResponse.AlterConfigsResourceResponse()
            result.resourceType = resource.resourceType
            result.resourceName = resource.resourceName
            result.errorCode = error.code.rawValue
            result.errorMessage = error.isSuccess ? nil : error.messageOrDefault
            response.responses.append(result)
        }
        return response
    }
}
