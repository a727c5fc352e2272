import KafkaProtocol

/// DescribeCluster (key 60): brokers on this listener, cluster id, a live broker as controller id.
public struct DescribeClusterHandler: RequestHandler {
    public typealias Request = DescribeClusterRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    static let brokersEndpoint: Int8 = 1
    static let controllersEndpoint: Int8 = 2

    public func handle(_ request: DescribeClusterRequest, context: RequestContext) async throws -> DescribeClusterResponse? {
        let image = broker.metadata
        let wantsControllers = request.endpointType == Self.controllersEndpoint
        let onController = context.listenerKind == .controller
        // `AuthHelper.computeDescribeClusterResponse`: a refusal is a fresh response carrying only
        // the code (INVALID_REQUEST on v0) and the message; an unknown type is checked first.
        guard request.endpointType == Self.brokersEndpoint || wantsControllers else {
            return Self.refusal(context.apiVersion == 0 ? .invalidRequest : .unsupportedEndpointType,
                                "Unsupported endpoint type \(request.endpointType)")
        }
        if wantsControllers != onController {
            let served = onController ? "CONTROLLER" : "BROKER"
            let wanted = wantsControllers ? "CONTROLLER" : "BROKER"
            return Self.refusal(context.apiVersion == 0 ? .invalidRequest : .mismatchedEndpointType,
                                "The request was sent to an endpoint of type \(served), but we wanted an endpoint of type \(wanted)")
        }
        var response = DescribeClusterResponse()
        response.endpointType = request.endpointType
        response.clusterId = image.clusterId
        if wantsControllers {
            response.controllerId = broker.nodeId
            response.brokers = image.controllers.values.sorted { $0.id < $1.id }.compactMap { controller in
                guard let listener = controller.listeners.first(where: { $0.name == context.listenerName }) ?? controller.listeners.first else { return nil }
                var b = DescribeClusterResponse.DescribeClusterBroker()
                b.brokerId = controller.id
                b.host = listener.host
                b.port = listener.port
                return b
            }
        } else {
            response.controllerId = image.liveBrokers.first?.id ?? -1
            let registrations = image.brokers.values.sorted { $0.id < $1.id }
                .filter { !$0.fenced || (context.apiVersion >= 2 && request.includeFencedBrokers) }
            response.brokers = registrations.compactMap { registration in
                guard let listener = registration.listener(named: context.listenerName) else { return nil }
                var b = DescribeClusterResponse.DescribeClusterBroker()
                b.brokerId = registration.id
                b.host = listener.host
                b.port = listener.port
                b.rack = registration.rack
                b.isFenced = registration.fenced
                return b
            }
        }
        if request.includeClusterAuthorizedOperations {
            response.clusterAuthorizedOperations = MetadataHandler.clusterAuthorizedOperations
        }
        return response
    }

    static func refusal(_ code: ErrorCode, _ message: String) -> DescribeClusterResponse {
        var response = DescribeClusterResponse()
        response.errorCode = code.rawValue
        response.errorMessage = message
        return response
    }
}
