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
            topics = await describeNamed(request.topics ?? [], image: image, request: request, allowAutoCreate: allowAutoCreate)
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

    /// The named (or, v12+, id-given) topics in Kafka's order: `handleTopicMetadataRequest` makes a
    /// Scala `immutable.Set` of the requested names (`metadataRequest.topics.asScala.toSet`, or of the
    /// ids, `topicIds.asScala.toSet.filterNot(_ == ZERO_UUID)`, whose names come from `flatMap`) and
    /// answers unknown ids first, then `getTopicMetadata`: the existing topics in that set's order
    /// (`KRaftMetadataCache.getTopicMetadata` is `topics.toSeq.flatMap`), then the missing ones
    /// (`topics.diff(found)`). With auto-creation `AutoTopicCreationManager.createTopics` answers the
    /// invalid names first, then the creatable ones in the order of its `mutable.Map` (a Scala
    /// `mutable.HashMap`), all UNKNOWN_TOPIC_OR_PARTITION: the CreateTopics request it sends to the
    /// controller is not awaited. (Kafka 4.0: core/src/main/scala/kafka/server/KafkaApis.scala,
    /// AutoTopicCreationManager.scala.)
    private func describeNamed(
        _ entries: [MetadataRequest.MetadataRequestTopic], image: MetadataImage, request: MetadataRequest, allowAutoCreate: Bool
    ) async -> [MetadataResponse.MetadataResponseTopic] {
        var topics: [MetadataResponse.MetadataResponseTopic] = []
        if entries.contains(where: { $0.topicId != .zero }) {
            let ids = ScalaImmutableSet(Self.distinct(entries.map(\.topicId)), hash: Self.uuidHash).filter { $0 != .zero }
            for id in ids.elements where image.topic(id: id) == nil {
                var unknown = MetadataResponse.MetadataResponseTopic()
                unknown.errorCode = ErrorCode.unknownTopicId.rawValue
                unknown.name = nil
                unknown.topicId = id
                topics.append(unknown)
            }
            let names = ids.map({ image.topic(id: $0)?.name }, hash: JavaHashOrder.hashCode)
            return topics + names.elements.compactMap { image.topicsByName[$0].map { describe($0, image: image, request: request) } }
        }
        let names = ScalaImmutableSet(Self.distinct(entries.compactMap(\.name)))
        topics = names.elements.compactMap { image.topicsByName[$0].map { describe($0, image: image, request: request) } }
        let missing = names.filter { image.topicsByName[$0] == nil }.elements
        func answer(_ name: String, _ error: ErrorCode) -> MetadataResponse.MetadataResponseTopic {
            var topic = MetadataResponse.MetadataResponseTopic()
            topic.name = name
            topic.isInternal = InternalTopics.isInternal(name)
            topic.errorCode = error.rawValue
            // KafkaApis sets the operations on every entry of `getTopicMetadata`'s answer, missing ones too.
            if request.includeTopicAuthorizedOperations { topic.topicAuthorizedOperations = Self.topicAuthorizedOperations }
            return topic
        }
        let invalid = missing.filter { TopicNameValidation.problem(with: $0) != nil }
        if allowAutoCreate {
            topics += invalid.map { answer($0, .invalidTopicException) }
            let creatable = JavaHashOrder.ordered(missing.filter { TopicNameValidation.problem(with: $0) == nil }, table: .scalaMutableHashSet)
            for name in creatable {
                _ = await autoCreate(name)
                topics.append(answer(name, .unknownTopicOrPartition))
            }
        } else {
            topics += missing.map { answer($0, invalid.contains($0) ? .invalidTopicException : .unknownTopicOrPartition) }
        }
        // A null name (v12+ without an id) is no topic: answered INVALID_REQUEST, after the others.
        for entry in entries where entry.name == nil {
            var unnamed = MetadataResponse.MetadataResponseTopic()
            unnamed.errorCode = ErrorCode.invalidRequest.rawValue
            unnamed.name = nil
            topics.append(unnamed)
        }
        return topics
    }

    /// First occurrences, in request order (what a Scala set builder keeps).
    static func distinct<T: Hashable>(_ items: [T]) -> [T] {
        var seen = Set<T>()
        return items.filter { seen.insert($0).inserted }
    }

    /// `org.apache.kafka.common.Uuid.hashCode`.
    static func uuidHash(_ id: KafkaUUID) -> Int32 {
        let xor = id.mostSignificantBits ^ id.leastSignificantBits
        return Int32(truncatingIfNeeded: xor >> 32) ^ Int32(truncatingIfNeeded: xor)
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
