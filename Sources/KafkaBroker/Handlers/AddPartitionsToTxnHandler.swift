import KafkaProtocol

/// AddPartitionsToTxn (key 24, `KafkaApis.handleAddPartitionsToTxnRequest`): v0–3 is a client
/// adding partitions to its transaction; v4–5 batches transactions and may only verify
/// (`verifyOnly`, what brokers send for KIP-890).
struct AddPartitionsToTxnHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: AddPartitionsToTxnRequest, context: RequestContext) async throws -> AddPartitionsToTxnResponse? {
        var response = AddPartitionsToTxnResponse()
        if context.apiVersion <= 3 {
            response.resultsByTopicV3AndBelow = await add(
                transactionalId: request.v3AndBelowTransactionalId, producerId: request.v3AndBelowProducerId,
                producerEpoch: request.v3AndBelowProducerEpoch, topics: request.v3AndBelowTopics, verifyOnly: false)
            return response
        }
        for transaction in request.transactions {
            var result = AddPartitionsToTxnResponse.AddPartitionsToTxnResult()
            result.transactionalId = transaction.transactionalId
            result.topicResults = await add(transactionalId: transaction.transactionalId, producerId: transaction.producerId,
                                            producerEpoch: transaction.producerEpoch, topics: transaction.topics,
                                            verifyOnly: transaction.verifyOnly)
            response.resultsByTransaction.append(result)
        }
        return response
    }

    /// One transaction: unknown partitions fail the request (the others answer
    /// OPERATION_NOT_ATTEMPTED); otherwise the coordinator's answer for every partition.
    private func add(transactionalId: String, producerId: Int64, producerEpoch: Int16,
                     topics: [AddPartitionsToTxnRequest.AddPartitionsToTxnTopic],
                     verifyOnly: Bool) async -> [AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult] {
        let image = broker.metadata
        let partitions = topics.flatMap { topic in topic.partitions.map { TopicPartition(topic: topic.name, partition: $0) } }
        let unknown = Set(partitions.filter { image.partition(topic: $0.topic, partition: $0.partition) == nil })
        var errors: [TopicPartition: ErrorCode] = [:]
        if !unknown.isEmpty {
            for partition in partitions { errors[partition] = unknown.contains(partition) ? .unknownTopicOrPartition : .operationNotAttempted }
        } else if let coordinator = broker.transactionCoordinator {
            if verifyOnly {
                switch await coordinator.verifyPartitions(transactionalId: transactionalId, producerId: producerId,
                                                          producerEpoch: producerEpoch, partitions: partitions) {
                case let .success(results): errors = results
                case let .failure(error): for partition in partitions { errors[partition] = error.code }
                }
            } else {
                let code = await coordinator.addPartitions(transactionalId: transactionalId, producerId: producerId,
                                                           producerEpoch: producerEpoch, partitions: partitions)
                for partition in partitions { errors[partition] = code }
            }
        } else {
            for partition in partitions { errors[partition] = .coordinatorNotAvailable }
        }
        return topics.map { topic in
            var result = AddPartitionsToTxnResponse.AddPartitionsToTxnTopicResult()
            result.name = topic.name
            result.resultsByPartition = topic.partitions.map { index in
                var partition = AddPartitionsToTxnResponse.AddPartitionsToTxnPartitionResult()
                partition.partitionIndex = index
                partition.partitionErrorCode = (errors[TopicPartition(topic: topic.name, partition: index)] ?? .noError).rawValue
                return partition
            }
            return result
        }
    }
}
