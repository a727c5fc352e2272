import KafkaProtocol

/// LeaveGroup (key 13): one member before v3, a batch of members (by id or instance id) from v3.
public struct LeaveGroupHandler: RequestHandler {
    public typealias Request = LeaveGroupRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: LeaveGroupRequest, context: RequestContext) async throws -> LeaveGroupResponse? {
        var response = LeaveGroupResponse()
        guard let coordinator = broker.groupCoordinator else {
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            return response
        }
        if context.apiVersion < 3 {
            let (error, results) = await coordinator.leaveGroup(groupId: request.groupId, members: [(request.memberId, nil)])
            response.errorCode = (error == .noError ? results.first?.error ?? .noError : error).rawValue
            return response
        }
        let (error, results) = await coordinator.leaveGroup(
            groupId: request.groupId, members: request.members.map { ($0.memberId, $0.groupInstanceId) })
        response.errorCode = error.rawValue
        response.members = results.map { result in
            var member = LeaveGroupResponse.MemberResponse()
            member.memberId = result.memberId
            member.groupInstanceId = result.groupInstanceId
            member.errorCode = result.error.rawValue
            return member
        }
        return response
    }
}
