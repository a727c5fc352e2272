import KafkaProtocol
import NIOCore
import NIOPosix

/// A plain TCP client for tests: writes raw bytes or request frames, reads whole response frames.
struct RawConnection {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func connect(port: Int) async throws -> Channel {
        try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
    }

    /// Runs `body` on a fresh connection and closes it.
    static func with<T: Sendable>(port: Int, _ body: (inout RawConnection) async throws -> T) async throws -> T {
        let channel = try await connect(port: port)
        return try await channel.executeThenClose { inbound, outbound in
            var connection = RawConnection(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var nextCorrelationId: Int32 = 1

    mutating func send(_ bytes: [UInt8]) async throws {
        try await outbound.write(ByteBuffer(bytes: bytes))
    }

    mutating func send(_ buffer: ByteBuffer) async throws {
        try await outbound.write(buffer)
    }

    /// The next response frame (without size prefix), or nil when the broker closed the connection.
    mutating func receive() async throws -> ByteBuffer? {
        do { return try await iterator.next() } catch { return nil }
    }

    /// Sends a request and decodes its response.
    mutating func request<Request: KafkaRequest>(_ request: Request, version: Int16) async throws -> Request.Response {
        let correlationId = nextCorrelationId
        nextCorrelationId += 1
        var buffer = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(request, version: version, correlationId: correlationId, clientId: "kafkit-test", into: &buffer)
        try await outbound.write(buffer)
        guard let frame = try await receive() else { throw ConnectionClosed() }
        let response = try KafkaResponseFrame.parse(frame, apiKey: Request.apiKey, apiVersion: version)
        guard response.correlationId == correlationId else { throw UnexpectedCorrelation(expected: correlationId, got: response.correlationId) }
        return try response.decodeResponse(as: Request.Response.self, version: version)
    }

    struct ConnectionClosed: Error {}
    struct UnexpectedCorrelation: Error {
        let expected: Int32
        let got: Int32
    }
}
