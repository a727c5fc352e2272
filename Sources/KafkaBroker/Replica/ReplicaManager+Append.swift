import KafkaProtocol
import KafkaStorage
import NIOCore

/// One partition's answer to a produce (`PartitionResponse`).
public struct PartitionAppendResult: Sendable {
    public var error: ErrorCode = .noError
    public var errorMessage: String?
    public var baseOffset: Int64 = -1
    public var logAppendTime: Int64 = -1
    public var logStartOffset: Int64 = -1
    public var recordErrors: [(batchIndex: Int32, message: String?)] = []

    init(error: ErrorCode, message: String? = nil, recordErrors: [(batchIndex: Int32, message: String?)] = []) {
        self.error = error
        self.errorMessage = message
        self.recordErrors = recordErrors
    }

    init(baseOffset: Int64, logAppendTime: Int64, logStartOffset: Int64) {
        self.baseOffset = baseOffset
        self.logAppendTime = logAppendTime
        self.logStartOffset = logStartOffset
    }
}

extension DataPathServices {
    /// `ReplicaManager.appendRecords` for one partition of a client produce
    /// (`appendToLocalLog` → `Partition.appendRecordsToLeader` → `UnifiedLog.appendAsLeader`).
    /// Wakes the fetches waiting on the partition when something was written.
    /// A transactional batch whose producer has no transaction open in the partition yet is checked
    /// against the coordinator's state (KIP-890 verification) under the append lock.
    func appendRecords(_ partition: TopicPartition, records requestRecords: ByteBuffer, version: Int16, requiredAcks: Int16,
                       internalTopicsAllowed: Bool, transactionalId: String? = nil, image: MetadataImage) -> PartitionAppendResult {
        if InternalTopics.isInternal(partition.topic) && !internalTopicsAllowed {
            return PartitionAppendResult(error: .invalidTopicException, message: "Cannot append to internal topic \(partition.topic)")
        }
        let header: RecordBatchHeader
        let records: ByteBuffer
        do { (header, records) = try LogValidator.validateProduceRecords(requestRecords, version: version) } catch {
            return PartitionAppendResult(error: error.code, message: error.message)
        }
        let log: PartitionLog
        let registration: PartitionRegistration
        switch leaderLog(partition, image: image) {
        case let .failure(code): return PartitionAppendResult(error: code)
        case let .leader(leaderLog, leaderRegistration): (log, registration) = (leaderLog, leaderRegistration)
        }
        let result: PartitionAppendResult = appendLock(for: partition).withLock {
            do {
                let config = log.currentConfig
                if requiredAcks == -1 && registration.isr.count < config.minInSyncReplicas {
                    throw AppendRejection(.notEnoughReplicas,
                        "The size of the current ISR Set(\(registration.isr.map(String.init).joined(separator: ", "))) is insufficient to satisfy the min.isr requirement of \(config.minInSyncReplicas) for partition \(partition)")
                }
                let now = PartitionLog.wallClock()
                let validated = try LogValidator.validate(records, header: header, partition: partition, config: config, now: now)
                if validated.header.isTransactional, let transactionalId {
                    try verifyTransaction(transactionalId, header: validated.header, log: log, partition: partition)
                }
                let outcome = try ProducerSequenceCheck.check(
                    validated.header, entry: validated.header.producerId >= 0 ? log.producerStateEntry(for: validated.header.producerId) : nil,
                    offset: log.logEndOffset, partition: partition)
                if case let .duplicate(batch) = outcome {
                    return PartitionAppendResult(baseOffset: batch.firstOffset,
                                                 logAppendTime: config.messageTimestampType == .logAppendTime ? batch.timestamp : -1,
                                                 logStartOffset: log.logStartOffset)
                }
                let info = try log.appendAsLeader(validated.records, leaderEpoch: registration.leaderEpoch, crcVerified: true)
                if registration.isr.allSatisfy({ $0 == broker.nodeId }) { log.updateHighWatermark(log.logEndOffset) }
                // `flush.messages`: fsync once that many messages are unflushed (default: never, the OS does).
                if config.flushMessages != Int64.max && log.logEndOffset - log.recoveryPoint >= config.flushMessages {
                    try log.flush()
                }
                return PartitionAppendResult(baseOffset: info.firstOffset, logAppendTime: validated.logAppendTime,
                                             logStartOffset: info.logStartOffset)
            } catch let rejection as AppendRejection {
                return PartitionAppendResult(error: rejection.code, message: rejection.message, recordErrors: rejection.recordErrors)
            } catch let error as PartitionLogError {
                return Self.result(for: error)
            } catch {
                broker.logger.error("Error processing append operation on partition \(partition): \(error)")
                return PartitionAppendResult(error: .kafkaStorageError, message: "\(error)")
            }
        }
        if result.error == .noError { fetchWaiters.notify(partition) }
        return result
    }

    private func verifyTransaction(_ transactionalId: String, header: RecordBatchHeader, log: PartitionLog,
                                   partition: TopicPartition) throws(AppendRejection) {
        if let entry = log.producerStateEntry(for: header.producerId), entry.currentTxnFirstOffset != nil,
           entry.producerEpoch == header.producerEpoch {
            return
        }
        if let (code, message) = transactionStates.verify(transactionalId: transactionalId, producerId: header.producerId,
                                                          producerEpoch: header.producerEpoch, partition: partition) {
            throw AppendRejection(code, message)
        }
    }

    static func result(for error: PartitionLogError) -> PartitionAppendResult {
        switch error {
        case .corruptRecord: return PartitionAppendResult(error: .corruptMessage, message: error.description)
        case .recordTooLarge: return PartitionAppendResult(error: .messageTooLarge, message: error.description)
        case .recordBatchTooLarge: return PartitionAppendResult(error: .recordListTooLarge, message: error.description)
        case .unexpectedAppendOffset: return PartitionAppendResult(error: .invalidRecord, message: error.description)
        case .offsetOutOfRange: return PartitionAppendResult(error: .offsetOutOfRange, message: error.description)
        case .inconsistentTopicId: return PartitionAppendResult(error: .inconsistentTopicId, message: error.description)
        case .invalidDirectoryName, .closed: return PartitionAppendResult(error: .notLeaderOrFollower, message: error.description)
        }
    }
}
