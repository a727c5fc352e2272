import KafkaProtocol
import KafkaStorage

/// Metadata (key 3): brokers on the request's listener, cluster id, controller, topics with
/// partitions (`KafkaApis.handleTopicMetadataRequest`). Unknown topics are auto-created when the
/// request allows it and `auto.create.topics.enable` is on, and answered LEADER_NOT_AVAILABLE
/// that time, like Kafka's `AutoTopicCreationManager`.
public struct MetadataHandler: RequestHandler {
    public typealias Request = MetadataRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    /// `AclOperation` bits for "everything" on a topic and on the cluster (no authorizer).
    static let topicAuthorizedOperations: Int32 = 3576
    static let clusterAuthorizedOperations: Int32 = 8096

    public func handle(_ request: MetadataRequest, context: RequestContext) async throws -> MetadataResponse? {
        let version = context.apiVersion
        var image = broker.metadata
        var response = MetadataResponse()
        var topics: [MetadataResponse.MetadataResponseTopic] = []
        // v0: an empty list means all topics; v1+: null means all topics.
        let requested = request.topics
        let allTopics = requested == nil || (version == 0 && requested?.isEmpty == true)
        if allTopics {
            // Kafka splits the image's topic names with Scala's `partition` (authorized or not),
            // which builds a `mutable.HashSet`: the answer comes in that set's order.
            let names = JavaHashOrder.ordered(image.topicsByName.keys.sorted(), table: .scalaMutableHashSet)
            topics = names.compactMap { image.topicsByName[$0].map { describe($0, image: image, request: request) } }
        } else {
            let allowAutoCreate = (version < 4 || request.allowAutoTopicCreation) && broker.config.autoCreateTopicsEnable
            for entry in requested ?? [] {
                if entry.topicId != .zero {
                    if let topic = image.topic(id: entry.topicId) {
                        topics.append(describe(topic, image: image, request: request))
                    } else {
                        var unknown = MetadataResponse.MetadataResponseTopic()
                        unknown.errorCode = ErrorCode.unknownTopicId.rawValue
                        unknown.name = nil
                        unknown.topicId = entry.topicId
                        topics.append(unknown)
                    }
                    continue
                }
                guard let name = entry.name else {
                    var invalid = MetadataResponse.MetadataResponseTopic()
                    invalid.errorCode = ErrorCode.invalidRequest.rawValue
                    invalid.name = nil
                    topics.append(invalid)
                    continue
                }
                if let topic = image.topicsByName[name] {
                    topics.append(describe(topic, image: image, request: request))
                    continue
                }
                var missing = MetadataResponse.MetadataResponseTopic()
                missing.name = name
                missing.isInternal = InternalTopics.isInternal(name)
                if TopicNameValidation.problem(with: name) != nil {
                    missing.errorCode = ErrorCode.invalidTopicException.rawValue
                } else if allowAutoCreate {
                    let error = await autoCreate(name)
                    missing.errorCode = (error.isSuccess || error.code == .topicAlreadyExists
                        ? ErrorCode.leaderNotAvailable : error.code).rawValue
                } else {
                    missing.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
                }
                topics.append(missing)
            }
            image = broker.metadata
        }
        response.topics = topics
        response.brokers = image.liveBrokers.compactMap { registration in
            guard let listener = registration.listener(named: context.listenerName)
                    ?? (context.listenerKind == .controller ? registration.listeners.first : nil) else { return nil }
            var b = MetadataResponse.MetadataResponseBroker()
            b.nodeId = registration.id
            b.host = listener.host
            b.port = listener.port
            b.rack = registration.rack
            return b
        }
        response.clusterId = image.clusterId
        // KRaft brokers report a live broker as the "controller" (clients cannot reach controllers).
        response.controllerId = image.liveBrokers.first?.id ?? -1
        if version >= 8 && version <= 10 && request.includeClusterAuthorizedOperations {
            response.clusterAuthorizedOperations = Self.clusterAuthorizedOperations
        }
        return response
    }

    private func autoCreate(_ name: String) async -> ApiError {
        let controller = broker.controller
        switch name {
        case InternalTopics.consumerOffsets: return await controller.ensureConsumerOffsetsTopic()
        case InternalTopics.transactionState: return await controller.ensureTransactionStateTopic()
        default:
            let result = await controller.createTopics([TopicCreation(name: name)], validateOnly: false)
            return result.first?.error ?? ApiError(.unknownServerError)
        }
    }

    func describe(_ topic: TopicImage, image: MetadataImage, request: MetadataRequest) -> MetadataResponse.MetadataResponseTopic {
        var t = MetadataResponse.MetadataResponseTopic()
        t.name = topic.name
        t.topicId = topic.id
        t.isInternal = topic.isInternal
        if request.includeTopicAuthorizedOperations { t.topicAuthorizedOperations = Self.topicAuthorizedOperations }
        let live = Set(image.liveBrokers.map(\.id))
        t.partitions = topic.partitionIds.compactMap { id in
            guard let p = topic.partitions[id] else { return nil }
            var partition = MetadataResponse.MetadataResponsePartition()
            partition.partitionIndex = id
            partition.leaderId = p.leader
            partition.leaderEpoch = p.leaderEpoch
            partition.replicaNodes = p.replicas
            partition.isrNodes = p.isr
            partition.offlineReplicas = p.replicas.filter { !live.contains($0) }
            if p.leader == -1 || !live.contains(p.leader) {
                partition.errorCode = ErrorCode.leaderNotAvailable.rawValue
            } else if !partition.offlineReplicas.isEmpty {
                partition.errorCode = ErrorCode.replicaNotAvailable.rawValue
            }
            return partition
        }
        return t
    }
}
