import KafkaProtocol

/// TxnOffsetCommit (key 28): offsets written as part of the producer's transaction. The group's
/// `__consumer_offsets` partition must be in the transaction (AddOffsetsToTxn first).
struct TxnOffsetCommitHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: TxnOffsetCommitRequest, context: RequestContext) async throws -> TxnOffsetCommitResponse? {
        let results: [(topic: String, partitions: [(Int32, ErrorCode)])]
        func all(_ code: ErrorCode) -> [(topic: String, partitions: [(Int32, ErrorCode)])] {
            request.topics.map { topic in (topic.name, topic.partitions.map { ($0.partitionIndex, code) }) }
        }
        if let groups = broker.groupCoordinator {
            if let error = verify(request, groups: groups) {
                results = all(error)
            } else {
                results = await groups.commitTransactionalOffsets(request)
            }
        } else {
            results = all(.coordinatorNotAvailable)
        }
        var response = TxnOffsetCommitResponse()
        response.topics = results.map { topic in
            var entry = TxnOffsetCommitResponse.TxnOffsetCommitResponseTopic()
            entry.name = topic.topic
            entry.partitions = topic.partitions.map { partition, error in
                var result = TxnOffsetCommitResponse.TxnOffsetCommitResponsePartition()
                result.partitionIndex = partition
                result.errorCode = error.rawValue
                return result
            }
            return entry
        }
        return response
    }

    /// The local KIP-890 check: the producer's ongoing transaction holds the group's partition.
    private func verify(_ request: TxnOffsetCommitRequest, groups: GroupCoordinator) -> ErrorCode? {
        guard let table = broker.component(DataPathServices.self)?.transactionStates else { return nil }
        let partition = TopicPartition(topic: ReplicaCoordinatorLog.topic, partition: groups.config.partition(for: request.groupId))
        return table.verify(transactionalId: request.transactionalId, producerId: request.producerId,
                            producerEpoch: request.producerEpoch, partition: partition)?.0
    }
}
