import KafkaProtocol

/// DescribeTransactions (key 65): the state, producer and partitions of each transactional id.
struct DescribeTransactionsHandler: RequestHandler {
    let broker: BrokerServices

    func handle(_ request: DescribeTransactionsRequest, context: RequestContext) async throws -> DescribeTransactionsResponse? {
        var response = DescribeTransactionsResponse()
        for transactionalId in request.transactionalIds {
            if let coordinator = broker.transactionCoordinator {
                response.transactionStates.append(await coordinator.describeTransaction(transactionalId))
            } else {
                var state = DescribeTransactionsResponse.TransactionState()
                state.transactionalId = transactionalId
                state.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
                response.transactionStates.append(state)
            }
        }
        return response
    }
}
