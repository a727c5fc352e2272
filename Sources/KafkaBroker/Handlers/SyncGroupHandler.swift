import KafkaProtocol

/// SyncGroup (key 14): the leader sends the assignment, every member receives its own.
public struct SyncGroupHandler: RequestHandler {
    public typealias Request = SyncGroupRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: SyncGroupRequest, context: RequestContext) async throws -> SyncGroupResponse? {
        await broker.groupCoordinator.syncGroup(request)
    }
}
