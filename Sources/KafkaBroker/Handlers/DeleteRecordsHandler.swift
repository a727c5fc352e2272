import KafkaProtocol
import KafkaStorage

/// DeleteRecords (v0–2): moves each partition's log start offset up to the requested offset
/// (-1: the high watermark) and deletes the segments below it (`ReplicaManager.deleteRecords`).
struct DeleteRecordsHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: DeleteRecordsRequest, context: RequestContext) async throws -> DeleteRecordsResponse? {
        let image = dataPath.broker.metadata
        var response = DeleteRecordsResponse()
        var changed = false
        for topic in request.topics {
            var topicResult = DeleteRecordsResponse.DeleteRecordsTopicResult()
            topicResult.name = topic.name
            for p in topic.partitions {
                var result = DeleteRecordsResponse.DeleteRecordsPartitionResult()
                result.partitionIndex = p.partitionIndex
                result.lowWatermark = -1
                let tp = TopicPartition(topic: topic.name, partition: p.partitionIndex)
                switch dataPath.leaderLog(tp, image: image) {
                case let .failure(code):
                    result.errorCode = code.rawValue
                case let .leader(log, _):
                    guard log.currentConfig.cleanupPolicy.contains(.delete) else {
                        result.errorCode = ErrorCode.policyViolation.rawValue
                        break
                    }
                    let offset = p.offset == -1 ? log.highWatermark : p.offset
                    if offset < 0 {
                        result.errorCode = ErrorCode.offsetOutOfRange.rawValue
                        break
                    }
                    do {
                        result.lowWatermark = try dataPath.appendLock(for: tp).withLock { try log.deleteRecordsBefore(offset) }
                        changed = true
                    } catch let error as PartitionLogError {
                        if case .offsetOutOfRange = error {
                            result.errorCode = ErrorCode.offsetOutOfRange.rawValue
                        } else {
                            result.errorCode = ErrorCode.kafkaStorageError.rawValue
                        }
                    }
                }
                topicResult.partitions.append(result)
            }
            response.topics.append(topicResult)
        }
        if changed { dataPath.replicaManager.writeCheckpoints() }
        return response
    }
}
