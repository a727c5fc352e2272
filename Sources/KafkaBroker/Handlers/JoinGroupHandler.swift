import KafkaProtocol

/// JoinGroup (key 11): parks until the group's join phase completes. Kafka 4.0 serves v2+
/// (KIP-896 dropped v0–v1 although the schema still lists them).
public struct JoinGroupHandler: RequestHandler {
    public typealias Request = JoinGroupRequest
    let broker: BrokerServices

    public var supportedVersions: ClosedRange<Int16> { 2...9 }

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: JoinGroupRequest, context: RequestContext) async throws -> JoinGroupResponse? {
        guard let coordinator = broker.groupCoordinator else {
            var response = JoinGroupResponse()
            response.errorCode = ErrorCode.coordinatorNotAvailable.rawValue
            response.memberId = request.memberId
            return response
        }
        var response = await coordinator.joinGroup(request, client: context.groupClient)
        if context.apiVersion < 7 && response.protocolName == nil { response.protocolName = "" }
        return response
    }
}
