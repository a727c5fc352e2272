import KafkaProtocol
import KafkaStorage

/// The checks `KafkaRaftClient.handleAddVoterRequest` / `handleRemoveVoterRequest` make before
/// reconfiguring, in Kafka 4.0's order: cluster id, leadership, a valid voter, the default
/// listener (add only), then `kraft.version`. This node is always the leader of its quorum of
/// one; it does not reconfigure it. A static quorum (`controller.quorum.voters`, kraft.version 0)
/// answers UNSUPPORTED_VERSION exactly as Kafka does.
enum RaftVoterChecks {
    struct Refusal {
        var code: ErrorCode
        var message: String?
    }

    static func clusterIdRefusal(_ given: String?, broker: BrokerServices) -> Refusal? {
        guard let given, given != broker.clusterId else { return nil }
        return Refusal(code: .inconsistentClusterId, message: "The given id \"\(given)\" doesn't match the cluster id \"\(broker.clusterId)\"")
    }

    /// `kraft.version`: 0 for a static voter set, 1 for a quorum formatted with
    /// `--standalone` / `--initial-controllers`.
    static func kraftVersion(_ broker: BrokerServices) -> Int16 {
        broker.config.quorumVoters.isEmpty ? 1 : 0
    }

    /// What a node that reconfigures nothing says once the request passed Kafka's checks.
    static func reconfiguration(_ what: String, broker: BrokerServices) -> Refusal {
        let level = kraftVersion(broker)
        if level == 0 {
            return Refusal(code: .unsupportedVersion, message: "Cluster doesn't support \(what) voter because the kraft.version feature is \(level)")
        }
        return Refusal(code: .requestTimedOut, message: "kafkit does not reconfigure a KRaft quorum; the voter set stays as formatted")
    }

    /// `ListenerName(NAME)`, the listener KRaft speaks on (the first of `controller.listener.names`).
    static func defaultListener(_ broker: BrokerServices) -> String {
        broker.config.controllerListenerNames.first ?? ""
    }
}

/// AddRaftVoter (key 80).
public struct AddRaftVoterHandler: RequestHandler {
    public typealias Request = AddRaftVoterRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: AddRaftVoterRequest, context: RequestContext) async throws -> AddRaftVoterResponse? {
        var response = AddRaftVoterResponse()
        let refusal = RaftVoterChecks.clusterIdRefusal(request.clusterId, broker: broker) ?? check(request)
        response.errorCode = refusal.code.rawValue
        response.errorMessage = refusal.message
        return response
    }

    func check(_ request: AddRaftVoterRequest) -> RaftVoterChecks.Refusal {
        guard request.voterId >= 0, request.voterDirectoryId != .zero else {
            return .init(code: .invalidRequest, message: "Add voter request didn't include a valid voter")
        }
        let listener = RaftVoterChecks.defaultListener(broker)
        // `Endpoints.fromAddVoterRequest`: a HashMap of normalised names to unresolved addresses.
        var byName: [(name: String, address: String)] = []
        for entry in request.listeners {
            let name = entry.name.uppercased()
            byName.removeAll { $0.name == name }
            byName.append((name, "\(entry.host)/<unresolved>:\(entry.port)"))
        }
        guard byName.contains(where: { $0.name == listener }) else {
            let ordered = JavaHashOrder.ordered(byName, hash: { JavaHashOrder.hashCode($0.name) })
            let map = "{" + ordered.map { "ListenerName(\($0.name))=\($0.address)" }.joined(separator: ", ") + "}"
            return .init(
                code: .invalidRequest,
                message: "Add voter request didn't include the endpoint (Endpoints(endpoints=\(map))) for the default listener ListenerName(\(listener))")
        }
        return RaftVoterChecks.reconfiguration("adding", broker: broker)
    }
}

/// RemoveRaftVoter (key 81).
public struct RemoveRaftVoterHandler: RequestHandler {
    public typealias Request = RemoveRaftVoterRequest
    let broker: BrokerServices

    public init(broker: BrokerServices) { self.broker = broker }

    public func handle(_ request: RemoveRaftVoterRequest, context: RequestContext) async throws -> RemoveRaftVoterResponse? {
        var response = RemoveRaftVoterResponse()
        let refusal = RaftVoterChecks.clusterIdRefusal(request.clusterId, broker: broker) ?? check(request)
        response.errorCode = refusal.code.rawValue
        response.errorMessage = refusal.message
        return response
    }

    func check(_ request: RemoveRaftVoterRequest) -> RaftVoterChecks.Refusal {
        guard request.voterId >= 0, request.voterDirectoryId != .zero else {
            return .init(code: .invalidRequest, message: "Remove voter request didn't include a valid voter")
        }
        return RaftVoterChecks.reconfiguration("removing", broker: broker)
    }
}
