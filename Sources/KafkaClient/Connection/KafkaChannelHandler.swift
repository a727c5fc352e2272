import KafkaProtocol
import NIOCore

/// A response frame with the API version it answers.
public struct ResponseFrame: Sendable {
    public var frame: ByteBuffer
    public var apiKey: ApiKey
    public var version: Int16
}

/// What `KafkaConnection` writes into the pipeline: an encoder closure, so the handler can pick
/// the version and correlation id before the request is serialized.
struct OutboundRequest: Sendable {
    var apiKey: ApiKey
    var clientVersions: ClosedRange<Int16>
    var expectsResponse: Bool
    var timeout: TimeAmount?
    var encode: @Sendable (_ version: Int16, _ correlationId: Int32, _ buffer: inout ByteBuffer) throws -> Void
    /// Completed with the response, or with an empty frame for requests without a response.
    var promise: EventLoopPromise<ResponseFrame>
}

/// Runs `ConnectionStateMachine` actions on the event loop. Thin by design: all decisions are in
/// the state machine.
final class KafkaChannelHandler: ChannelDuplexHandler {
    typealias InboundIn = ByteBuffer
    typealias OutboundIn = OutboundRequest
    typealias OutboundOut = ByteBuffer

    private var stateMachine: ConnectionStateMachine<EventLoopPromise<ResponseFrame>>
    private let negotiated: EventLoopPromise<ApiVersionTable>
    private let clientId: String?
    private let softwareName: String
    private let softwareVersion: String
    private var context: ChannelHandlerContext?
    private var timeoutTask: RepeatedTask?

    init(requestTimeout: TimeAmount, clientId: String?, softwareName: String, softwareVersion: String,
         negotiated: EventLoopPromise<ApiVersionTable>) {
        self.stateMachine = ConnectionStateMachine(requestTimeout: requestTimeout)
        self.negotiated = negotiated
        self.clientId = clientId
        self.softwareName = softwareName
        self.softwareVersion = softwareVersion
    }

    func handlerAdded(context: ChannelHandlerContext) {
        self.context = context
        if context.channel.isActive { start(context: context) }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timeoutTask?.cancel()
        self.context = nil
    }

    func channelActive(context: ChannelHandlerContext) {
        start(context: context)
        context.fireChannelActive()
    }

    private func start(context: ChannelHandlerContext) {
        guard timeoutTask == nil else { return }
        // Deadlines are checked often enough that a timeout fires within ~100 ms of being due.
        let loopBound = NIOLoopBound(self, eventLoop: context.eventLoop)
        timeoutTask = context.eventLoop.scheduleRepeatedTask(initialDelay: .milliseconds(100), delay: .milliseconds(100)) { _ in
            let handler = loopBound.value
            handler.run(handler.stateMachine.checkTimeouts(now: .now()))
        }
        run(stateMachine.connected(now: .now()))
    }

    func channelInactive(context: ChannelHandlerContext) {
        run(stateMachine.closed(.connectionClosed("the broker closed the connection")))
        timeoutTask?.cancel()
        context.fireChannelInactive()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        run(stateMachine.closed(.connectionClosed("\(error)")))
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        let frame = unwrapInboundIn(data)
        run(stateMachine.responseReceived(frame, now: .now()))
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let request = unwrapOutboundIn(data)
        promise?.succeed()
        let action = stateMachine.sendRequest(
            apiKey: request.apiKey, clientVersions: request.clientVersions,
            expectsResponse: request.expectsResponse, timeout: request.timeout, waiter: request.promise, now: .now())
        guard case let .write(version, correlationId) = action else {
            run(action)
            return
        }
        var buffer = context.channel.allocator.buffer(capacity: 256)
        do {
            try request.encode(version, correlationId, &buffer)
        } catch {
            // The request is already in the FIFO: a hole in the stream would desynchronize it.
            run(stateMachine.closed(.connectionClosed("could not encode \(request.apiKey) v\(version): \(error)")))
            request.promise.fail(error)
            return
        }
        context.write(wrapOutboundOut(buffer), promise: nil)
        if !request.expectsResponse {
            request.promise.succeed(ResponseFrame(frame: ByteBuffer(), apiKey: request.apiKey, version: version))
        }
    }

    private func run(_ action: ConnectionStateMachine<EventLoopPromise<ResponseFrame>>.Action) {
        switch action {
        case let .sendApiVersions(version, correlationId):
            guard let context else { return }
            var request = ApiVersionsRequest()
            request.clientSoftwareName = softwareName
            request.clientSoftwareVersion = softwareVersion
            var buffer = context.channel.allocator.buffer(capacity: 64)
            do {
                try KafkaFrameEncoder.writeRequest(request, version: version, correlationId: correlationId, clientId: clientId, into: &buffer)
            } catch {
                run(stateMachine.closed(.connectionClosed("could not encode ApiVersions: \(error)")))
                return
            }
            context.writeAndFlush(wrapOutboundOut(buffer), promise: nil)
        case let .negotiated(table):
            negotiated.succeed(table)
        case .write:
            break
        case let .succeed(waiter, frame, apiKey, version):
            waiter.succeed(ResponseFrame(frame: frame, apiKey: apiKey, version: version))
        case let .fail(waiter, error):
            waiter.fail(error)
        case let .closeConnection(error, waiters):
            negotiated.fail(error)
            for waiter in waiters { waiter.fail(error) }
            timeoutTask?.cancel()
            context?.close(promise: nil)
        case .none:
            break
        }
    }
}
