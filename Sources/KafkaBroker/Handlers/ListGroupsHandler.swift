import KafkaProtocol

/// ListGroups (key 16): states filter from v4, types filter from v5.
public struct ListGroupsHandler: RequestHandler {
    public typealias Request = ListGroupsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: ListGroupsRequest, context: RequestContext) async throws -> ListGroupsResponse? {
        let states = context.apiVersion >= 4 ? request.statesFilter : []
        let types = context.apiVersion >= 5 ? request.typesFilter : []
        var response = ListGroupsResponse()
        guard let coordinator = broker.groupCoordinator else {
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        response.groups = await coordinator.listGroups(states: states, types: types).map { group in
            var entry = ListGroupsResponse.ListedGroup()
            entry.groupId = group.groupId
            entry.protocolType = group.protocolType
            entry.groupState = group.state
            entry.groupType = group.type
            return entry
        }
        return response
    }
}
