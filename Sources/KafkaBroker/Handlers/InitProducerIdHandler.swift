import KafkaProtocol

/// InitProducerId (v0–5) for idempotent producers: a fresh producer id at epoch 0 from the
/// persisted id blocks. Transactional ids need the transaction coordinator.
struct InitProducerIdHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: InitProducerIdRequest, context: RequestContext) async throws -> InitProducerIdResponse? {
        var response = InitProducerIdResponse()
        if let transactionalId = request.transactionalId {
            response.errorCode = (transactionalId.isEmpty ? ErrorCode.invalidRequest : ErrorCode.coordinatorNotAvailable).rawValue
            response.producerId = -1
            response.producerEpoch = -1
            return response
        }
        do {
            response.producerId = try await dataPath.producerIds.generateProducerId()
            response.producerEpoch = 0
        } catch {
            dataPath.broker.logger.error("Failed to allocate a producer id block: \(error)")
            response.errorCode = ErrorCode.coordinatorLoadInProgress.rawValue
            response.producerId = -1
            response.producerEpoch = -1
        }
        return response
    }
}
