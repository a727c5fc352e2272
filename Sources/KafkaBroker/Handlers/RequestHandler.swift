import KafkaProtocol
import NIOCore

/// One API of the broker. Each lives in its own file under `Handlers/` and is registered in
/// `RequestHandlerRegistry.standard(broker:)`. The handler gets the decoded request and returns the
/// response; a handler that must wait (a delayed fetch, a join barrier) simply suspends.
public protocol RequestHandler: Sendable {
    associatedtype Request: KafkaRequest

    /// Versions served; intersected with Kafka 4.0's accepted range (`Request.validVersions`) when
    /// advertised and when checking requests. Defaults to every valid version.
    var supportedVersions: ClosedRange<Int16> { get }

    /// Which listener kinds serve this API (defaults to the schema's `listeners`).
    var listeners: [ApiListener] { get }

    /// Handles one request. Return nil to send no response (Produce with acks=0). Throwing closes
    /// the connection, as an unexpected exception in Kafka's request handler would not; so
    /// handlers answer errors in the response and throw only for malformed requests.
    func handle(_ request: Request, context: RequestContext) async throws -> Request.Response?

    /// Handles one request and encodes the response frame. The default encodes `handle`'s answer
    /// into one buffer; Fetch sends its record bytes from the segment files instead.
    func respond(to request: Request, context: RequestContext, allocator: ByteBufferAllocator) async throws -> ResponseSend?
}

extension RequestHandler {
    public var supportedVersions: ClosedRange<Int16> { Request.validVersions }
    public var listeners: [ApiListener] { Request.apiKey.listeners }

    public func respond(to request: Request, context: RequestContext, allocator: ByteBufferAllocator) async throws -> ResponseSend? {
        guard let response = try await handle(request, context: context) else { return nil }
        var buffer = allocator.buffer(capacity: 256)
        try KafkaFrameEncoder.writeResponse(response, version: context.apiVersion,
                                            correlationId: context.correlationId, into: &buffer)
        return ResponseSend(buffer)
    }
}
