import KafkaProtocol

/// DescribeGroups (key 15): a group that does not exist is "Dead" with no members; from v6 it
/// also carries GROUP_ID_NOT_FOUND (KIP-1043).
public struct DescribeGroupsHandler: RequestHandler {
    public typealias Request = DescribeGroupsRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: DescribeGroupsRequest, context: RequestContext) async throws -> DescribeGroupsResponse? {
        var response = DescribeGroupsResponse()
        let coordinator = broker.groupCoordinator
        for groupId in request.groups {
            let (error, described) = await coordinator?.describeGroup(groupId) ?? (.coordinatorNotAvailable, nil)
            if var described {
                if request.includeAuthorizedOperations && context.apiVersion >= 3 {
                    // Without an authorizer every group operation is allowed: READ, DELETE, DESCRIBE,
                    // DESCRIBE_CONFIGS, ALTER_CONFIGS (0xd48, as Kafka 4.0 answers).
                    described.authorizedOperations = (1 << 3) | (1 << 6) | (1 << 8) | (1 << 10) | (1 << 11)
                }
                response.groups.append(described)
                continue
            }
            var entry = DescribeGroupsResponse.DescribedGroup()
            entry.groupId = groupId
            entry.groupState = error == .noError ? ClassicGroupState.dead.rawValue : ""
            if error != .noError {
                entry.errorCode = error.rawValue
            } else if context.apiVersion >= 6 {
                entry.errorCode = ErrorCode.groupIdNotFound.rawValue
                entry.errorMessage = "Group \(groupId) not found."
            }
            response.groups.append(entry)
        }
        return response
    }
}
