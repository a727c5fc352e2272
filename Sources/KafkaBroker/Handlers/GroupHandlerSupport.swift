import KafkaProtocol

extension RequestContext {
    /// The client address as Kafka's `InetAddress.toString()` prints it ("/127.0.0.1").
    var clientHost: String {
        guard let colon = peer.lastIndex(of: ":") else { return "/" + peer }
        return "/" + peer[..<colon]
    }

    var groupClient: GroupClient { GroupClient(clientId: clientId, clientHost: clientHost, apiVersion: apiVersion) }
}

extension RequestHandlerRegistry {
    /// The classic group coordinator's APIs.
    mutating func registerGroupHandlers(broker: BrokerServices) {
        register(FindCoordinatorHandler(broker: broker))
        register(JoinGroupHandler(broker: broker))
        register(SyncGroupHandler(broker: broker))
        register(HeartbeatHandler(broker: broker))
        register(LeaveGroupHandler(broker: broker))
        register(OffsetCommitHandler(broker: broker))
        register(OffsetFetchHandler(broker: broker))
        register(ListGroupsHandler(broker: broker))
        register(DescribeGroupsHandler(broker: broker))
        register(DeleteGroupsHandler(broker: broker))
        register(OffsetDeleteHandler(broker: broker))
    }
}
