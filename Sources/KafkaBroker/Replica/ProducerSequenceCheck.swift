import KafkaProtocol
import KafkaStorage

/// The idempotence checks of a leader append (`ProducerAppendInfo.checkProducerEpoch` /
/// `checkSequence` and `UnifiedLog.analyzeAndValidateProducerState`'s duplicate lookup).
enum ProducerSequenceCheck {
    enum Outcome: Equatable {
        /// Write the batch.
        case append
        /// A retry of one of the producer's last five batches: answer with its offsets, write nothing.
        case duplicate(ProducerStateEntry.BatchMetadata)
    }

    /// `offset` is where the batch would go (the log end offset), for the messages.
    static func check(_ header: RecordBatchHeader, entry: ProducerStateEntry?, offset: Int64,
                      partition: TopicPartition) throws(AppendRejection) -> Outcome {
        let producerId = header.producerId
        guard producerId >= 0 else { return .append }
        let lastSequence = ProducerStateEntry.incrementSequence(header.baseSequence, header.lastOffsetDelta)
        if let entry, let duplicate = entry.findDuplicateBatch(epoch: header.producerEpoch, firstSequence: header.baseSequence,
                                                               lastSequence: lastSequence) {
            return .duplicate(duplicate)
        }
        let currentEpoch = entry?.producerEpoch ?? -1
        if let entry, header.producerEpoch < entry.producerEpoch {
            throw AppendRejection(.invalidProducerEpoch,
                "Epoch of producer \(producerId) at offset \(offset) in \(partition) is \(header.producerEpoch), which is smaller than the last seen epoch \(entry.producerEpoch)")
        }
        if header.producerEpoch != currentEpoch {
            if header.baseSequence != 0 && currentEpoch != -1 {
                throw AppendRejection(.outOfOrderSequenceNumber,
                    "Invalid sequence number for new epoch of producer \(producerId)at offset \(offset) in partition \(partition): \(header.producerEpoch) (request epoch), \(header.baseSequence) (seq. number), \(currentEpoch) (current producer epoch)")
            }
        } else {
            // A producer whose state is gone (retention, DeleteRecords) may continue at any sequence.
            let currentLast = entry?.lastSequence ?? -1
            if currentEpoch != -1 && !inSequence(last: currentLast, next: header.baseSequence) {
                throw AppendRejection(.outOfOrderSequenceNumber,
                    "Out of order sequence number for producer \(producerId) at offset \(offset) in partition \(partition): \(header.baseSequence) (incoming seq. number), \(currentLast) (current end sequence number)")
            }
        }
        return .append
    }

    static func inSequence(last: Int32, next: Int32) -> Bool {
        next == last &+ 1 || (next == 0 && last == Int32.max)
    }
}
