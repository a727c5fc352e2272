import KafkaProtocol

/// ListTransactions (key 66): the transactional ids of this coordinator, filtered by state,
/// producer id and (v1) by how long they have been running.
struct ListTransactionsHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: ListTransactionsRequest, context: RequestContext) async throws -> ListTransactionsResponse? {
        var response = ListTransactionsResponse()
        guard let coordinator = broker.transactionCoordinator else {
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        let (transactions, unknown) = await coordinator.listTransactions(
            stateFilters: request.stateFilters, producerIdFilters: request.producerIdFilters,
            durationFilterMs: context.apiVersion >= 1 ? request.durationFilter : -1)
        response.unknownStateFilters = unknown
        response.transactionStates = transactions.map { txn in
            var state = ListTransactionsResponse.TransactionState()
            state.transactionalId = txn.transactionalId
            state.producerId = txn.producerId
            state.transactionState = txn.state.name
            return state
        }
        return response
    }
}
