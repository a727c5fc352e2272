import KafkaProtocol

/// DeleteGroups (key 42): only empty groups can go (NON_EMPTY_GROUP otherwise).
public struct DeleteGroupsHandler: RequestHandler {
    public typealias Request = DeleteGroupsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DeleteGroupsRequest, context: RequestContext) async throws -> DeleteGroupsResponse? {
        var response = DeleteGroupsResponse()
        let coordinator = broker.groupCoordinator
        var seen: Set<String> = []
        for groupId in request.groupsNames where seen.insert(groupId).inserted {
            var result = DeleteGroupsResponse.DeletableGroupResult()
            result.groupId = groupId
            result.errorCode = (await coordinator?.deleteGroup(groupId) ?? .coordinatorNotAvailable).rawValue
            response.results.append(result)
        }
        return response
    }
}
