import KafkaProtocol
import KafkaStorage

/// DescribeConfigs (key 32) for topics and brokers (`ConfigHelper.describeConfigs`).
public struct DescribeConfigsHandler: RequestHandler {
    public typealias Request = DescribeConfigsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DescribeConfigsRequest, context: RequestContext) async throws -> DescribeConfigsResponse? {
        let image = broker.metadata
        let describer = ConfigDescriber(config: broker.config)
        var response = DescribeConfigsResponse()
        for resource in request.resources {
            var result = DescribeConfigsResponse.DescribeConfigsResult()
            result.resourceType = resource.resourceType
            result.resourceName = resource.resourceName
            // Kafka answers success with an empty message, not null.
            result.errorMessage = ""
            let described: [DescribedConfig]
            switch ConfigResource.ResourceType(rawValue: resource.resourceType) {
            case .topic:
                if let problem = TopicNameValidation.problem(with: resource.resourceName) {
                    result.errorCode = ErrorCode.invalidTopicException.rawValue
                    result.errorMessage = problem
                    response.results.append(result)
                    continue
                }
                guard image.topicsByName[resource.resourceName] != nil else {
                    result.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                    result.errorMessage = "The topic '\(resource.resourceName)' does not exist."
                    response.results.append(result)
                    continue
                }
                described = Self.hashOrdered(describer.describeTopic(resource.resourceName, image: image))
            case .broker:
                if resource.resourceName.isEmpty {
                    // The cluster-wide default: only dynamic defaults exist there.
                    let defaults = image.dynamicConfigs(ConfigResource(type: .broker, name: ""))
                    described = Self.hashOrdered(defaults.sorted { $0.key < $1.key }.map { key, value in
                        // `KafkaConfig.maybeSensitive`: a password or a name of unknown type is hidden.
                        let type = BrokerConfigDefaults.type(of: key)
                        let sensitive = type == .password || type == .unknown
                        return DescribedConfig(name: key, value: sensitive ? nil : value, source: .dynamicDefaultBrokerConfig,
                                               isSensitive: sensitive, readOnly: false, type: type,
                                               synonyms: [.init(name: key, value: value, source: .dynamicDefaultBrokerConfig)],
                                               documentation: BrokerConfigDefaults.byName[key]?.documentation)
                    })
                } else if resource.resourceName == String(broker.nodeId) {
                    described = Self.hashOrdered(describer.describeBroker(image: image))
                } else {
                    result.errorCode = ErrorCode.invalidRequest.rawValue
                    result.errorMessage = "Unexpected broker id, expected \(broker.nodeId) or empty string, but received \(resource.resourceName)"
                    response.results.append(result)
                    continue
                }
            default:
                result.errorCode = ErrorCode.invalidRequest.rawValue
                result.errorMessage = "Unsupported resource type: \(resource.resourceType)"
                response.results.append(result)
                continue
            }
            let keys = resource.configurationKeys.map(Set.init)
            result.configs = described.filter { keys?.contains($0.name) ?? true }.map { config in
                var entry = DescribeConfigsResponse.DescribeConfigsResourceResult()
                entry.name = config.name
                entry.value = config.value
                entry.readOnly = config.readOnly
                entry.configSource = config.source.rawValue
                entry.isSensitive = config.isSensitive
                if request.includeSynonyms {
                    entry.synonyms = config.synonyms.map { synonym in
                        var s = DescribeConfigsResponse.DescribeConfigsSynonym()
                        s.name = synonym.name
                        s.value = config.isSensitive ? nil : synonym.value
                        s.source = synonym.source.rawValue
                        return s
                    }
                }
                entry.configType = config.type.rawValue
                entry.documentation = request.includeDocumentation ? config.documentation : nil
                return entry
            }
            response.results.append(result)
        }
        return response
    }

    /// Kafka iterates a `HashMap` of config names.
    static func hashOrdered(_ configs: [DescribedConfig]) -> [DescribedConfig] {
        let byName = Dictionary(configs.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        return JavaHashOrder.ordered(configs.map(\.name), table: .hashMap).compactMap { byName[$0] }
    }
}
