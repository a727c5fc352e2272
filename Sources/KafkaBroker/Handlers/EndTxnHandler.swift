import KafkaProtocol

/// EndTxn (key 26): commits or aborts the transaction. v5+ is a transaction version 2 client:
/// the epoch is bumped by every completion and the answer carries the producer id and epoch.
struct EndTxnHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: EndTxnRequest, context: RequestContext) async throws -> EndTxnResponse? {
        var response = EndTxnResponse()
        response.producerId = -1
        response.producerEpoch = -1
        guard let coordinator = broker.transactionCoordinator else {
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        let (error, producerId, producerEpoch) = await coordinator.endTransaction(
            transactionalId: request.transactionalId, producerId: request.producerId, producerEpoch: request.producerEpoch,
            committed: request.committed, clientTransactionVersion: context.apiVersion >= 5 ? 2 : 0)
        response.errorCode = error.rawValue
        if context.apiVersion >= 5 {
            response.producerId = producerId
            response.producerEpoch = producerEpoch
        }
        return response
    }
}
