import KafkaProtocol
import KafkaStorage

/// WriteTxnMarkers (key 27, v1): a transaction coordinator asks this leader to write COMMIT/ABORT
/// markers. On one node our own coordinator writes them directly; this serves other callers.
struct WriteTxnMarkersHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: WriteTxnMarkersRequest, context: RequestContext) async throws -> WriteTxnMarkersResponse? {
        let writer = TransactionMarkerWriter(dataPath: dataPath)
        let image = dataPath.broker.metadata
        let now = PartitionLog.wallClock()
        var response = WriteTxnMarkersResponse()
        for marker in request.markers {
            var result = WriteTxnMarkersResponse.WritableTxnMarkerResult()
            result.producerId = marker.producerId
            for topic in marker.topics {
                var topicResult = WriteTxnMarkersResponse.WritableTxnMarkerTopicResult()
                topicResult.name = topic.name
                for index in topic.partitionIndexes {
                    let partition = TopicPartition(topic: topic.name, partition: index)
                    let code = writer.writeMarker(marker.transactionResult ? .commit : .abort, producerId: marker.producerId,
                                                  producerEpoch: marker.producerEpoch, coordinatorEpoch: marker.coordinatorEpoch,
                                                  partition: partition, image: image, now: now)
                    if code == .noError, topic.name == ReplicaCoordinatorLog.topic, let groups = dataPath.broker.groupCoordinator {
                        await groups.completeTransaction(producerId: marker.producerId, partition: index, committed: marker.transactionResult)
                    }
                    var partitionResult = WriteTxnMarkersResponse.WritableTxnMarkerPartitionResult()
                    partitionResult.partitionIndex = index
                    partitionResult.errorCode = code.rawValue
                    topicResult.partitions.append(partitionResult)
                }
                result.topics.append(topicResult)
            }
            response.markers.append(result)
        }
        return response
    }
}
