import KafkaProtocol
import Logging
import NIOConcurrencyHelpers
import NIOCore
import NIOPosix
import ServiceLifecycle

/// The listeners of the broker (`kafka.network.SocketServer`): one NIO server channel per
/// endpoint; each connection is served one request at a time, so responses leave in request
/// order. Each connection's task prefers its channel's event loop as executor
/// (`EventLoopTaskExecutor`), so a request is decoded, handled and answered on the thread that
/// read it. On graceful shutdown the listeners stop accepting, in-flight requests finish and
/// their responses are written, then connections close.
public final class SocketServer: Sendable {
    typealias Connection = NIOAsyncChannel<ByteBuffer, ResponseSend>
    // The listener yields plain child channels, wrapped as `Connection`s by the task that serves
    // them: a `NIOAsyncChannel` created in the child initializer and still queued in the accept
    // stream when the listener stops is dropped unfinished, and NIO traps on that
    // (apple/swift-nio#2813). Reads stay off until the wrapper is installed, so nothing is lost.
    typealias Listener = NIOAsyncChannel<any Channel, Never>

    struct BoundListener: @unchecked Sendable {
        // NIOAsyncChannel is Sendable; the wrapper only groups it with its endpoint.
        let endpoint: Endpoint
        let kind: ApiListener
        let channel: Listener
    }

    let endpoints: [(Endpoint, ApiListener)]
    let nodeId: Int32
    let maxRequestSize: Int32
    let idleTimeout: TimeAmount
    let processor: NIOLockedValueBox<RequestProcessor?>
    let group: any EventLoopGroup
    let logger: Logger
    let bound: NIOLockedValueBox<[BoundListener]> = NIOLockedValueBox([])
    let connectionCounter = NIOLockedValueBox<UInt64>(0)

    public init(config: KafkaConfig, group: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton, logger: Logger) {
        endpoints = config.listeners.map { ($0, config.controllerListenerNames.contains($0.listenerName) ? .controller : .broker) }
        nodeId = config.nodeId
        maxRequestSize = config.socketRequestMaxBytes
        idleTimeout = .milliseconds(config.connectionsMaxIdleMs)
        processor = NIOLockedValueBox(nil)
        self.group = group
        self.logger = logger
    }

    /// Binds every listener (connections wait in the backlog until `run`). Returns the bound
    /// endpoints, with real ports where port 0 was configured.
    public func bind() async throws -> [Endpoint] {
        var result: [BoundListener] = []
        for (endpoint, kind) in endpoints {
            let maxSize = maxRequestSize
            let idle = idleTimeout
            let host = endpoint.host.isEmpty ? "0.0.0.0" : endpoint.host
            let channel: Listener = try await ServerBootstrap(group: group)
                .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
                .childChannelOption(.socketOption(.tcp_nodelay), value: 1)
                // Reads of up to 256 KiB (NIO's default stops at 64 KiB): a megabyte produce
                // frame then takes a handful of reads instead of sixteen.
                .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: 256 << 10))
                .childChannelOption(.autoRead, value: false)
                .bind(host: host, port: endpoint.port) { child in
                    child.eventLoop.makeCompletedFuture {
                        // The idle closer also ends a connection accepted but never served.
                        try child.pipeline.syncOperations.addHandler(IdleStateHandler(allTimeout: idle))
                        try child.pipeline.syncOperations.addHandler(IdleConnectionCloser())
                        try child.pipeline.syncOperations.addHandler(ByteToMessageHandler(RequestFrameDecoder(maxFrameSize: maxSize)))
                        try child.pipeline.syncOperations.addHandler(ResponseSendWriter())
                        return child
                    }
                }
            let port = channel.channel.localAddress?.port ?? endpoint.port
            var actual = endpoint
            actual.port = port
            result.append(BoundListener(endpoint: actual, kind: kind, channel: channel))
            logger.info("Awaiting socket connections on \(host):\(port).", metadata: ["logger": "kafka.network.DataPlaneAcceptor"])
        }
        bound.withLockedValue { $0 = result }
        return result.map(\.endpoint)
    }

    /// Closes the bound listeners without serving (startup failed after `bind`).
    public func closeListeners() async {
        let listeners = bound.withLockedValue { list -> [BoundListener] in
            defer { list = [] }
            return list
        }
        for listener in listeners { try? await listener.channel.channel.close() }
    }

    /// Endpoints as bound (empty before `bind`).
    public var boundEndpoints: [Endpoint] { bound.withLockedValue { $0.map(\.endpoint) } }

    /// Installs the request processor; requests are served from `run` on.
    public func enableRequestProcessing(_ processor: RequestProcessor) {
        self.processor.withLockedValue { $0 = processor }
    }

    /// Accepts and serves connections until graceful shutdown or cancellation.
    public func run() async throws {
        guard let processor = processor.withLockedValue({ $0 }) else { return }
        let listeners = bound.withLockedValue { $0 }
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                for listener in listeners {
                    group.addTask {
                        try await listener.channel.executeThenClose { connections in
                            try await withThrowingDiscardingTaskGroup { connectionGroup in
                                for try await child in connections.cancelOnGracefulShutdown() {
                                    // The connection's requests run on its event loop: no thread hop per request.
                                    let executor = EventLoopTaskExecutor(child.eventLoop)
                                    connectionGroup.addTask(executorPreference: executor) {
                                        guard let connection = try? await Self.startReading(child) else {
                                            child.close(promise: nil)
                                            return
                                        }
                                        await self.serve(connection, listener: listener, processor: processor)
                                    }
                                }
                            }
                        }
                    }
                }
            }
        } onGracefulShutdown: {
            self.logger.info("[SocketServer listenerType=BROKER, nodeId=\(self.nodeId)] Stopping socket server request processors", metadata: ["logger": "kafka.network.SocketServer"])
        }
    }

    /// Wraps an accepted child channel for async use, then turns reading on.
    private static func startReading(_ child: any Channel) async throws -> Connection {
        try await child.eventLoop.submit {
            let connection = try Connection(wrappingChannelSynchronously: child)
            try child.syncOptions?.setOption(.autoRead, value: true)
            return connection
        }.get()
    }

    private func serve(_ connection: Connection, listener: BoundListener, processor: RequestProcessor) async {
        let id = connectionCounter.withLockedValue { counter -> UInt64 in
            counter += 1
            return counter
        }
        let peer = connection.channel.remoteAddress.map { "\($0.ipAddress ?? "?"):\($0.port ?? 0)" } ?? "unknown"
        let allocator = connection.channel.allocator
        do {
            try await connection.executeThenClose { inbound, outbound in
                // Not `cancelOnGracefulShutdown()`: its merge runs the iteration in a task of its
                // own on the global pool, two thread hops per request. Graceful shutdown instead
                // ends the input as a peer's half-close would: the frames already read are
                // answered, then the loop ends.
                let channel = connection.channel
                try await withGracefulShutdownHandler {
                    for try await frame in inbound {
                        let response = try await processor.process(
                            frame, listenerName: listener.endpoint.listenerName, listenerKind: listener.kind,
                            peer: peer, connectionId: id, allocator: allocator)
                        if let response { try await outbound.write(response) }
                    }
                } onGracefulShutdown: {
                    channel.pipeline.fireUserInboundEventTriggered(ChannelEvent.inputClosed)
                }
            }
        } catch {
            logger.info("Closing connection \(id) from \(peer) on \(listener.endpoint.listenerName) due to: \(error)", metadata: ["logger": "kafka.network.Processor"])
        }
    }
}

/// Closes a connection that saw no traffic for `connections.max.idle.ms`.
final class IdleConnectionCloser: ChannelInboundHandler, Sendable {
    typealias InboundIn = ByteBuffer
    typealias InboundOut = ByteBuffer

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        if event is IdleStateHandler.IdleStateEvent {
            context.close(promise: nil)
        } else {
            context.fireUserInboundEventTriggered(event)
        }
    }
}
