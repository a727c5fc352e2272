import KafkaProtocol
import NIOCore
import NIOPosix

/// One TCP connection to one broker, negotiated and ready. Requests may be pipelined; responses
/// are matched in order.
public final class KafkaConnection: Sendable {
    public let channel: any Channel
    public let apiVersions: ApiVersionTable
    public let address: BrokerAddress
    public let clientId: String

    init(channel: any Channel, apiVersions: ApiVersionTable, address: BrokerAddress, clientId: String) {
        self.channel = channel
        self.apiVersions = apiVersions
        self.address = address
        self.clientId = clientId
    }

    /// Connects and negotiates ApiVersions.
    public static func connect(
        to address: BrokerAddress, config: ClientConfig,
        eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton
    ) async throws -> KafkaConnection {
        let eventLoop = eventLoopGroup.next()
        let negotiated = eventLoop.makePromise(of: ApiVersionTable.self)
        let clientId = config.clientId
        let bootstrap = ClientBootstrap(group: eventLoop)
            .connectTimeout(.milliseconds(config.socketConnectionSetupTimeoutMs))
            .channelOption(.socketOption(.tcp_nodelay), value: 1)
            .channelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    try channel.pipeline.syncOperations.addHandler(KafkaChannelHandler(
                        requestTimeout: .milliseconds(config.requestTimeoutMs), clientId: clientId,
                        softwareName: config.clientSoftwareName, softwareVersion: config.clientSoftwareVersion,
                        negotiated: negotiated))
                }
            }
        let channel: any Channel
        do {
            // A numeric address needs no resolver: NIO's would start a thread for getaddrinfo,
            // which costs a short tool run more than the connect itself.
            if let numeric = try? SocketAddress(ipAddress: address.host, port: address.port) {
                channel = try await bootstrap.connect(to: numeric).get()
            } else {
                channel = try await bootstrap.connect(host: address.host, port: address.port).get()
            }
        } catch {
            negotiated.fail(KafkaError.connectionClosed("\(error)"))
            throw KafkaError.connectionClosed("Connection to \(address) failed: \(error)")
        }
        do {
            let table = try await negotiated.futureResult.get()
            return KafkaConnection(channel: channel, apiVersions: table, address: address, clientId: clientId)
        } catch {
            try? await channel.close()
            throw error
        }
    }

    public var isActive: Bool { channel.isActive }

    /// Sends `request` at `min(ourMax, brokerMax)` and decodes the response.
    public func send<Request: KafkaRequest>(_ request: Request) async throws -> Request.Response {
        let frame = try await sendRaw(request, expectsResponse: true)
        let parsed = try KafkaResponseFrame.parse(frame.frame, apiKey: Request.apiKey, apiVersion: frame.version)
        return try parsed.decodeResponse(as: Request.Response.self, version: frame.version)
    }

    /// Sends a request that gets no response (Produce with acks=0).
    public func sendWithoutResponse<Request: KafkaRequest>(_ request: Request) async throws {
        _ = try await sendRaw(request, expectsResponse: false)
    }

    /// The version `send` would use for `Request`.
    public func version<Request: KafkaRequest>(for type: Request.Type, clientVersions: ClosedRange<Int16>? = nil) throws -> Int16 {
        try apiVersions.version(for: Request.apiKey, client: clientVersions ?? Request.validVersions)
    }

    /// Sends `request` restricted to `versions` (callers that need a version range, e.g. Produce v3+).
    public func send<Request: KafkaRequest>(_ request: Request, versions: ClosedRange<Int16>, timeout: TimeAmount? = nil) async throws -> Request.Response {
        let frame = try await sendRaw(request, expectsResponse: true, versions: versions, timeout: timeout)
        let parsed = try KafkaResponseFrame.parse(frame.frame, apiKey: Request.apiKey, apiVersion: frame.version)
        return try parsed.decodeResponse(as: Request.Response.self, version: frame.version)
    }

    func sendRaw<Request: KafkaRequest>(
        _ request: Request, expectsResponse: Bool, versions: ClosedRange<Int16>? = nil, timeout: TimeAmount? = nil
    ) async throws -> ResponseFrame {
        try await enqueue(request, expectsResponse: expectsResponse, versions: versions, timeout: timeout).get()
    }

    /// Writes the request now (in call order) and returns the future of its response; for
    /// pipelining callers that must keep the order of their writes.
    public func enqueue<Request: KafkaRequest>(
        _ request: Request, expectsResponse: Bool = true, versions: ClosedRange<Int16>? = nil, timeout: TimeAmount? = nil
    ) -> EventLoopFuture<ResponseFrame> {
        let promise = channel.eventLoop.makePromise(of: ResponseFrame.self)
        let clientId = self.clientId
        let clientVersions = versions ?? Request.apiKey.clientVersions ?? Request.validVersions
        let outbound = OutboundRequest(
            apiKey: Request.apiKey, clientVersions: clientVersions, expectsResponse: expectsResponse, timeout: timeout,
            encode: { version, correlationId, buffer in
                try KafkaFrameEncoder.writeRequest(request, version: version, correlationId: correlationId, clientId: clientId, into: &buffer)
            },
            promise: promise)
        channel.writeAndFlush(outbound).whenFailure { error in
            promise.fail(KafkaError.connectionClosed("\(error)"))
        }
        return promise.futureResult
    }

    public func close() async {
        try? await channel.close()
    }
}
