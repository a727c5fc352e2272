import KafkaProtocol

/// Heartbeat (key 12).
public struct HeartbeatHandler: RequestHandler {
    public typealias Request = HeartbeatRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: HeartbeatRequest, context: RequestContext) async throws -> HeartbeatResponse? {
        var response = HeartbeatResponse()
        response.errorCode = (await broker.groupCoordinator?.heartbeat(request) ?? .coordinatorNotAvailable).rawValue
        return response
    }
}
