import KafkaProtocol

/// JoinGroup (key 11): parks until the group's join phase completes.
public struct JoinGroupHandler: RequestHandler {
    public typealias Request = JoinGroupRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: JoinGroupRequest, context: RequestContext) async throws -> JoinGroupResponse? {
        var response = await broker.groupCoordinator.joinGroup(request, client: context.groupClient)
        if context.apiVersion < 7 && response.protocolName == nil { response.protocolName = "" }
        return response
    }
}
