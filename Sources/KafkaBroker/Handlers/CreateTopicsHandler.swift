import KafkaProtocol

/// CreateTopics (key 19), answered by the controller (`ControllerApis.createTopics`).
public struct CreateTopicsHandler: RequestHandler {
    public typealias Request = CreateTopicsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: CreateTopicsRequest, context: RequestContext) async throws -> CreateTopicsResponse? {
        var counts: [String: Int] = [:]
        for topic in request.topics { counts[topic.name, default: 0] += 1 }
        let unique = request.topics.filter { counts[$0.name] == 1 }
        let creations = unique.map { topic in
            TopicCreation(name: topic.name, numPartitions: topic.numPartitions, replicationFactor: topic.replicationFactor,
                          assignments: topic.assignments.map { ($0.partitionIndex, $0.brokerIds) },
                          configs: topic.configs.map { ($0.name, $0.value) })
        }
        let results = await broker.controller.createTopics(creations, validateOnly: request.validateOnly)
        var byName: [String: TopicCreationResult] = [:]
        for result in results { byName[result.name] = result }
        let describer = ConfigDescriber(config: broker.config)
        let image = broker.metadata
        var response = CreateTopicsResponse()
        var seenDuplicates: Set<String> = []
        for topic in request.topics {
            var entry = CreateTopicsResponse.CreatableTopicResult()
            entry.name = topic.name
            guard let result = byName[topic.name], counts[topic.name] == 1 else {
                guard seenDuplicates.insert(topic.name).inserted else { continue }
                entry.errorCode = ErrorCode.invalidRequest.rawValue
                entry.errorMessage = "Duplicate topic name."
                response.topics.append(entry)
                continue
            }
            entry.errorCode = result.error.code.rawValue
            if result.error.isSuccess {
                entry.errorMessage = nil
                entry.topicId = request.validateOnly ? .zero : result.topicId
                entry.numPartitions = result.numPartitions
                entry.replicationFactor = result.replicationFactor
                if context.apiVersion >= 5 {
                    entry.configs = configs(for: result, describer: describer, image: image, validateOnly: request.validateOnly)
                }
            } else {
                entry.errorMessage = result.error.messageOrDefault
            }
            response.topics.append(entry)
        }
        return response
    }

    private func configs(for result: TopicCreationResult, describer: ConfigDescriber, image: MetadataImage,
                         validateOnly: Bool) -> [CreateTopicsResponse.CreatableTopicConfigs] {
        var view = image
        if validateOnly || view.topicsByName[result.name] == nil {
            // The topic is not in the image (validate-only): describe it as if its configs were set.
            for (name, value) in result.configs {
                var record = ConfigRecord()
                record.resourceType = ConfigResource.ResourceType.topic.rawValue
                record.resourceName = result.name
                record.name = name
                record.value = value
                view.apply(record, offset: view.offset)
            }
        }
        // The controller answers with the configs sorted by name (unlike DescribeConfigs).
        return describer.describeTopic(result.name, image: view, allBrokerSynonyms: true).sorted { $0.name < $1.name }.map { config in
            var entry = CreateTopicsResponse.CreatableTopicConfigs()
            entry.name = config.name
            entry.value = config.value
            entry.readOnly = config.readOnly
            entry.configSource = config.source.rawValue
            entry.isSensitive = config.isSensitive
            return entry
        }
    }
}
