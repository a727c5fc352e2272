import KafkaProtocol
import KafkaStorage
import NIOCore

/// Produce (v3–12; advertised from v0 for librdkafka): validates and appends one batch per
/// partition (`KafkaApis.handleProduceRequest` → `ReplicaManager.appendRecords`). With one
/// replica, acks=-1 is satisfied once the batch is in the leader's log. Kafka 4.0 does not create
/// topics on produce.
struct ProduceHandler: RequestHandler {
    let dataPath: DataPathServices

    /// Thrown for acks=0 when a partition failed: the client learns of it by the connection
    /// closing, as Kafka's `closeConnection` does.
    struct AcksZeroFailure: Error, CustomStringConvertible {
        var description: String
    }

    func handle(_ request: ProduceRequest, context: RequestContext) async throws -> ProduceResponse? {
        let image = dataPath.broker.metadata
        let validAcks = request.acks == -1 || request.acks == 0 || request.acks == 1
        var response = ProduceResponse()
        var failures: [String] = []
        // Transactional batches need a transactional id (`hasTransactionalRecords` check).
        let refusal: ErrorCode? = request.transactionalId == nil && Self.hasTransactionalRecords(request)
            ? .transactionalIdAuthorizationFailed : nil
        for topicData in request.topicData {
            var topicResponse = ProduceResponse.TopicProduceResponse()
            topicResponse.name = topicData.name
            for partitionData in topicData.partitionData {
                let partition = TopicPartition(topic: topicData.name, partition: partitionData.index)
                let result: PartitionAppendResult
                if let refusal {
                    result = PartitionAppendResult(error: refusal)
                } else if image.partition(topic: topicData.name, partition: partitionData.index) == nil {
                    result = PartitionAppendResult(error: .unknownTopicOrPartition)
                } else if !validAcks {
                    // Record validation answers before the acks check, as in Kafka.
                    do {
                        _ = try LogValidator.validateProduceRecords(partitionData.records ?? ByteBuffer(), version: context.apiVersion)
                        result = PartitionAppendResult(error: .invalidRequiredAcks)
                    } catch {
                        result = PartitionAppendResult(error: error.code, message: error.message)
                    }
                } else {
                    if context.apiVersion >= 12, let transactionalId = request.transactionalId {
                        await addPartitionForVersion2Client(transactionalId, partition: partition, records: partitionData.records, image: image)
                    }
                    result = dataPath.appendRecords(partition, records: partitionData.records ?? ByteBuffer(),
                                                    version: context.apiVersion, requiredAcks: request.acks,
                                                    internalTopicsAllowed: context.clientId == "__admin_client",
                                                    transactionalId: request.transactionalId, image: image)
                }
                if result.error != .noError { failures.append("\(partition): \(result.error.name)") }
                topicResponse.partitionResponses.append(Self.partitionResponse(partitionData.index, result, version: context.apiVersion))
            }
            response.responses.append(topicResponse)
        }
        if request.acks == 0 {
            if !failures.isEmpty {
                throw AcksZeroFailure(description: "Closing connection due to error during produce request with correlation id \(context.correlationId) from client id \(context.clientId) with ack=0\nTopic and partition to exceptions: \(failures.joined(separator: ", "))")
            }
            return nil
        }
        return response
    }

    /// Produce v12+ under `transaction.version` 2 adds the partition to the transaction itself
    /// (KIP-890 part 2: the client sends no AddPartitionsToTxn). Errors surface through the
    /// verification of the append.
    private func addPartitionForVersion2Client(_ transactionalId: String, partition: TopicPartition, records: ByteBuffer?,
                                               image: MetadataImage) async {
        guard (image.features[KafkaFeature.transactionVersion.name] ?? 0) >= 2, let records,
              let header = try? RecordBatchHeader(peekingAt: records.readerIndex, in: records), header.isTransactional,
              let coordinator = dataPath.broker.transactionCoordinator else { return }
        if let txn = dataPath.transactionStates.metadata(transactionalId), txn.state == .ongoing,
           txn.topicPartitions.contains(partition) { return }
        _ = await coordinator.addPartitions(transactionalId: transactionalId, producerId: header.producerId,
                                            producerEpoch: header.producerEpoch, partitions: [partition], clientTransactionVersion: 2)
    }

    static func hasTransactionalRecords(_ request: ProduceRequest) -> Bool {
        request.topicData.contains { topic in
            topic.partitionData.contains { partition in
                guard let records = partition.records,
                      let header = try? RecordBatchHeader(peekingAt: records.readerIndex, in: records) else { return false }
                return header.isTransactional
            }
        }
    }

    static func partitionResponse(_ index: Int32, _ result: PartitionAppendResult, version: Int16) -> ProduceResponse.PartitionProduceResponse {
        var p = ProduceResponse.PartitionProduceResponse()
        p.index = index
        p.errorCode = result.error.rawValue
        p.baseOffset = result.baseOffset
        p.logAppendTimeMs = result.logAppendTime
        p.logStartOffset = result.logStartOffset
        p.errorMessage = result.errorMessage
        // Record errors exist from v8 on.
        guard version >= 8 else { return p }
        p.recordErrors = result.recordErrors.map { error in
            var e = ProduceResponse.BatchIndexAndErrorMessage()
            e.batchIndex = error.batchIndex
            e.batchIndexErrorMessage = error.message
            return e
        }
        return p
    }
}
