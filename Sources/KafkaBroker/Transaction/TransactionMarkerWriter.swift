import KafkaProtocol
import KafkaStorage

/// Writes COMMIT/ABORT control batches into the partitions of a transaction: on one node the
/// coordinator appends them to the local leader logs through the produce path's append lock
/// (what `WriteTxnMarkers` does on each leader), moving the producer state, the last stable
/// offset and, for aborts, the `.txnindex`, and waking parked fetches.
struct TransactionMarkerWriter: Sendable {
    let dataPath: DataPathServices

    /// Per partition: NONE, or the error that kept the marker out (a deleted topic answers
    /// UNKNOWN_TOPIC_OR_PARTITION, which Kafka's coordinator treats as done).
    func writeMarkers(_ result: TransactionResult, producerId: Int64, producerEpoch: Int16, coordinatorEpoch: Int32,
                      partitions: [TopicPartition], now: Int64) -> [TopicPartition: ErrorCode] {
        let image = dataPath.broker.metadata
        var errors: [TopicPartition: ErrorCode] = [:]
        for partition in partitions {
            errors[partition] = writeMarker(result, producerId: producerId, producerEpoch: producerEpoch,
                                            coordinatorEpoch: coordinatorEpoch, partition: partition, image: image, now: now)
        }
        return errors
    }

    func writeMarker(_ result: TransactionResult, producerId: Int64, producerEpoch: Int16, coordinatorEpoch: Int32,
                     partition: TopicPartition, image: MetadataImage, now: Int64) -> ErrorCode {
        switch dataPath.leaderLog(partition, image: image) {
        case let .failure(code): return code
        case let .leader(log, registration):
            let code: ErrorCode = dataPath.appendLock(for: partition).withLock {
                do {
                    let marker = try RecordBatchBuilder.endTransactionMarkerBatch(
                        commit: result == .commit, producerId: producerId, producerEpoch: producerEpoch,
                        coordinatorEpoch: coordinatorEpoch, timestamp: now)
                    try log.appendAsLeader(marker.encoded(), leaderEpoch: registration.leaderEpoch)
                    if registration.isr.allSatisfy({ $0 == dataPath.broker.nodeId }) { log.updateHighWatermark(log.logEndOffset) }
                    return .noError
                } catch let error as PartitionLogError {
                    return DataPathServices.result(for: error).error
                } catch {
                    dataPath.broker.logger.error("Error writing the transaction marker to \(partition): \(error)")
                    return .kafkaStorageError
                }
            }
            if code == .noError { dataPath.fetchWaiters.notify(partition) }
            return code
        }
    }
}
