import KafkaProtocol
import Logging
import NIOCore

/// Turns one request frame into its response frame (`KafkaApis.handle` + `SocketServer`'s header
/// checks). Throwing means: close this connection, as Kafka does for an unknown API key, an
/// unsupported version or a body that does not parse.
public struct RequestProcessor: Sendable {
    public let registry: RequestHandlerRegistry
    let logger: Logger

    public init(registry: RequestHandlerRegistry, logger: Logger) {
        self.registry = registry
        self.logger = logger
    }

    public enum Rejection: Error, CustomStringConvertible {
        case unsupportedVersion(ApiKey, Int16)
        case notServedOnListener(ApiKey, String)

        public var description: String {
            switch self {
            case let .unsupportedVersion(key, version): return "Received request for api \(key.name) with version \(version) which is not supported"
            case let .notServedOnListener(key, listener): return "Received request api key \(key.name) which is not enabled on listener \(listener)"
            }
        }
    }

    /// Processes one frame (size prefix already removed). Nil: send nothing.
    public func process(_ frame: ByteBuffer, listenerName: String, listenerKind: ApiListener, peer: String,
                        connectionId: UInt64, allocator: ByteBufferAllocator) async throws -> ResponseSend? {
        let request = try KafkaRequestFrame.parse(frame)
        let context = RequestContext(apiKey: request.apiKey, apiVersion: request.apiVersion,
                                     correlationId: request.correlationId, clientId: request.clientId,
                                     listenerName: listenerName, listenerKind: listenerKind, peer: peer,
                                     connectionId: connectionId)
        if request.apiKey == .apiVersions,
           let entry = registry.entry(for: .apiVersions), !entry.versions.contains(request.apiVersion) {
            // A version we do not know: answer in v0 with UNSUPPORTED_VERSION and our ApiVersions
            // range, so the client can retry (KIP-511).
            return ResponseSend(try ApiVersionsHandler.unsupportedVersionFrame(correlationId: request.correlationId,
                                                                               supported: entry.versions, allocator: allocator))
        }
        guard let entry = registry.entry(for: request.apiKey), entry.listeners.contains(listenerKind) else {
            throw Rejection.notServedOnListener(request.apiKey, listenerName)
        }
        guard entry.versions.contains(request.apiVersion) else {
            throw Rejection.unsupportedVersion(request.apiKey, request.apiVersion)
        }
        return try await entry.call(request, context, allocator)
    }
}
