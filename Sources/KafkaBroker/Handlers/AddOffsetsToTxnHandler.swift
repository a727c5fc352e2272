import KafkaProtocol

/// AddOffsetsToTxn (key 25): adds the group's `__consumer_offsets` partition to the transaction,
/// so TxnOffsetCommit may write there and the markers reach it.
struct AddOffsetsToTxnHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: AddOffsetsToTxnRequest, context: RequestContext) async throws -> AddOffsetsToTxnResponse? {
        var response = AddOffsetsToTxnResponse()
        guard let coordinator = broker.transactionCoordinator else {
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        let groupConfig = broker.groupCoordinator?.config ?? GroupCoordinatorConfig()
        let partition = TopicPartition(topic: ReplicaCoordinatorLog.topic, partition: groupConfig.partition(for: request.groupId))
        response.errorCode = await coordinator.addPartitions(
            transactionalId: request.transactionalId, producerId: request.producerId, producerEpoch: request.producerEpoch,
            partitions: [partition]).rawValue
        return response
    }
}
