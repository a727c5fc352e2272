import KafkaProtocol

/// FindCoordinator (key 10, `KafkaApis.handleFindCoordinatorRequest`): the leader of the
/// group's `__consumer_offsets` partition (or the transactional id's `__transaction_state`
/// partition). A missing internal topic is created and the answer is COORDINATOR_NOT_AVAILABLE
/// until it exists.
public struct FindCoordinatorHandler: RequestHandler {
    public typealias Request = FindCoordinatorRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: FindCoordinatorRequest, context: RequestContext) async throws -> FindCoordinatorResponse? {
        var response = FindCoordinatorResponse()
        if context.apiVersion >= 4 {
            for key in request.coordinatorKeys {
                let (error, node) = await coordinator(key: key, keyType: request.keyType, context: context)
                var entry = FindCoordinatorResponse.Coordinator()
                entry.key = key
                entry.errorCode = error.rawValue
                entry.errorMessage = error == .noError ? "" : error.message
                entry.nodeId = node?.id ?? -1
                entry.host = node?.host ?? ""
                entry.port = node?.port ?? -1
                response.coordinators.append(entry)
            }
            return response
        }
        let (error, node) = await coordinator(key: request.key, keyType: request.keyType, context: context)
        response.errorCode = error.rawValue
        response.errorMessage = error == .noError ? error.name : error.message
        response.nodeId = node?.id ?? -1
        response.host = node?.host ?? ""
        response.port = node?.port ?? -1
        return response
    }

    private func coordinator(key: String, keyType: Int8, context: RequestContext) async
        -> (ErrorCode, (id: Int32, host: String, port: Int32)?) {
        let topic: String
        let partition: Int32
        let coordinatorConfig = broker.groupCoordinator?.config ?? GroupCoordinatorConfig()
        switch keyType {
        case 0:
            topic = ReplicaCoordinatorLog.topic
            partition = coordinatorConfig.partition(for: key)
        case 1:
            topic = "__transaction_state"
            let count = max(broker.config.transactionStateLogNumPartitions, 1)
            let hash = javaStringHashCode(key)
            partition = (hash == Int32.min ? 0 : abs(hash)) % count
        default:
            return (.invalidRequest, nil)
        }
        let image = broker.metadata
        guard let topicImage = image.topic(named: topic) else {
            await createInternalTopic(topic)
            return (.coordinatorNotAvailable, nil)
        }
        guard let registration = topicImage.partitions[partition], registration.leader >= 0,
              let node = image.brokers[registration.leader],
              let endpoint = node.listeners.first(where: { $0.name == context.listenerName }) else {
            return (.coordinatorNotAvailable, nil)
        }
        return (.noError, (node.id, endpoint.host, endpoint.port))
    }

    /// `AutoTopicCreationManager`: internal topics with Kafka's partition counts and configs; the
    /// replication factor is capped by the live brokers so a single node can host them.
    private func createInternalTopic(_ topic: String) async {
        let liveBrokers = Int16(clamping: max(broker.metadata.liveBrokers.count, 1))
        let creation: TopicCreation
        if topic == ReplicaCoordinatorLog.topic {
            let config = broker.groupCoordinator?.config ?? GroupCoordinatorConfig()
            creation = TopicCreation(name: topic, numPartitions: config.offsetsTopicNumPartitions,
                                     replicationFactor: min(config.offsetsTopicReplicationFactor, liveBrokers),
                                     configs: config.offsetsTopicConfigs)
        } else {
            let config = broker.config
            creation = TopicCreation(
                name: topic, numPartitions: config.transactionStateLogNumPartitions,
                replicationFactor: min(config.transactionStateLogReplicationFactor, liveBrokers),
                configs: [("compression.type", "uncompressed"), ("cleanup.policy", "compact"),
                          ("min.insync.replicas", String(min(config.transactionStateLogMinIsr, Int(liveBrokers)))),
                          ("segment.bytes", String(config.transactionStateLogSegmentBytes)),
                          ("unclean.leader.election.enable", "false")])
        }
        let results = await broker.controller.createTopics([creation], validateOnly: false)
        for result in results where !result.error.isSuccess && result.error.code != .topicAlreadyExists {
            broker.logger.warning("Could not create internal topic \(topic): \(result.error)")
        }
    }
}
