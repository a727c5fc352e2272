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
        var response = DescribeClusterResponse()
        response.endpointType = request.endpointType
        response.clusterId = image.clusterId
        let wantsControllers = request.endpointType == Self.controllersEndpoint
        let onController = context.listenerKind == .controller
        guard request.endpointType == Self.brokersEndpoint || wantsControllers else {
            response.errorCode = ErrorCode.unsupportedEndpointType.rawValue
            response.errorMessage = "Unsupported endpoint type \(request.endpointType)"
            return response
        }
        if wantsControllers != onController {
            response.errorCode = ErrorCode.unsupportedEndpointType.rawValue
            response.errorMessage = onController
                ? "The controller can only serve DESCRIBE_CLUSTER requests for controllers."
                : "The broker can only serve DESCRIBE_CLUSTER requests for brokers."
            return response
        }
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
}
