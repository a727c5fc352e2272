import KafkaProtocol

/// SyncGroup (key 14): the leader sends the assignment, every member receives its own.
public struct SyncGroupHandler: RequestHandler {
    public typealias Request = SyncGroupRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: SyncGroupRequest, context: RequestContext) async throws -> SyncGroupResponse? {
        guard let coordinator = broker.groupCoordinator else {
            var response = SyncGroupResponse()
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        return await coordinator.syncGroup(request)
    }
}
