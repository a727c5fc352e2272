import KafkaProtocol
import KafkaStorage

/// DescribeQuorum (key 55): the metadata quorum — this node, the only voter and the leader. Like
/// Kafka's, the error messages are empty strings, not null, and the leader's own fetch and
/// caught-up times are the current time.
public struct DescribeQuorumHandler: RequestHandler {
    public typealias Request = DescribeQuorumRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DescribeQuorumRequest, context: RequestContext) async throws -> DescribeQuorumResponse? {
        var response = DescribeQuorumResponse()
        var topic = DescribeQuorumResponse.TopicData()
        topic.topicName = MetadataLog.topicName
        var partition = DescribeQuorumResponse.PartitionData()
        partition.partitionIndex = 0
        let valid = request.topics.count == 1 && request.topics[0].topicName == MetadataLog.topicName
            && request.topics[0].partitions.count == 1 && request.topics[0].partitions[0].partitionIndex == 0
        guard valid else {
            partition.errorCode = ErrorCode.unknownTopicOrPartition.rawValue
            partition.leaderId = -1
            partition.leaderEpoch = -1
            partition.highWatermark = -1
            topic.partitions = [partition]
            response.topics = [topic]
            return response
        }
        let state = await broker.controller.quorumState()
        let now = PartitionLog.wallClock()
        partition.leaderId = broker.nodeId
        partition.leaderEpoch = state.epoch
        partition.highWatermark = state.endOffset
        var voter = DescribeQuorumResponse.ReplicaState()
        voter.replicaId = broker.nodeId
        voter.logEndOffset = state.endOffset
        voter.lastFetchTimestamp = now
        voter.lastCaughtUpTimestamp = now
        partition.currentVoters = [voter]
        topic.partitions = [partition]
        response.topics = [topic]
        if context.apiVersion >= 2 {
            var node = DescribeQuorumResponse.Node()
            node.nodeId = broker.nodeId
            node.listeners = broker.controllerListeners.map { endpoint in
                var listener = DescribeQuorumResponse.Listener()
                listener.name = endpoint.listenerName
                listener.host = endpoint.host
                listener.port = UInt16(clamping: endpoint.port)
                return listener
            }
            response.nodes = [node]
        }
        return response
    }
}
