import KafkaProtocol

/// InitProducerId (v0–5, `KafkaApis.handleInitProducerIdRequest`): idempotent producers get a fresh
/// producer id at epoch 0 from the persisted id blocks; transactional ids go to the transaction
/// coordinator (epoch bump, fencing, KIP-360 recovery with the producer id and epoch given).
struct InitProducerIdHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: InitProducerIdRequest, context: RequestContext) async throws -> InitProducerIdResponse? {
        var response = InitProducerIdResponse()
        response.producerId = -1
        response.producerEpoch = -1
        let expected: (producerId: Int64, epoch: Int16)?
        switch (request.producerId, request.producerEpoch) {
        case (-1, -1): expected = nil
        case (-1, _), (_, -1):
            response.errorCode = ErrorCode.invalidRequest.rawValue
            return response
        default: expected = (request.producerId, request.producerEpoch)
        }
        if let transactionalId = request.transactionalId {
            guard let coordinator = dataPath.broker.transactionCoordinator else {
                response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
                return response
            }
            let (error, producerId, producerEpoch) = await coordinator.initProducerId(
                transactionalId: transactionalId, transactionTimeoutMs: request.transactionTimeoutMs, expected: expected)
            response.errorCode = error.rawValue
            response.producerId = producerId
            response.producerEpoch = producerEpoch
            return response
        }
        do {
            response.producerId = try await dataPath.producerIds.generateProducerId()
            response.producerEpoch = 0
        } catch {
            dataPath.broker.logger.error("Failed to allocate a producer id block: \(error)")
            response.errorCode = ErrorCode.coordinatorLoadInProgress.rawValue
        }
        return response
    }
}
