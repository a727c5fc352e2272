import KafkaProtocol

/// Who sent a request and how (`kafka.network.RequestContext`).
public struct RequestContext: Sendable {
    public var apiKey: ApiKey
    public var apiVersion: Int16
    public var correlationId: Int32
    public var clientId: String
    /// The listener the connection came in on (e.g. "PLAINTEXT", "CONTROLLER").
    public var listenerName: String
    /// Whether that listener is a broker or a controller listener.
    public var listenerKind: ApiListener
    /// `host:port` of the client, as NIO reports it.
    public var peer: String
    /// A per-process connection number, for logs.
    public var connectionId: UInt64

    public init(apiKey: ApiKey, apiVersion: Int16, correlationId: Int32, clientId: String,
                listenerName: String, listenerKind: ApiListener = .broker, peer: String, connectionId: UInt64) {
        self.apiKey = apiKey
        self.apiVersion = apiVersion
        self.correlationId = correlationId
        self.clientId = clientId
        self.listenerName = listenerName
        self.listenerKind = listenerKind
        self.peer = peer
        self.connectionId = connectionId
    }
}
