import KafkaProtocol
import NIOCore

/// The APIs the broker implements, keyed by `ApiKey`. ApiVersions advertises exactly these.
public struct RequestHandlerRegistry: Sendable {
    /// A registered API: its version range and a type-erased call that decodes the body, runs the
    /// handler and encodes the response frame (`RequestHandler.respond`).
    public struct Entry: Sendable {
        public let apiKey: ApiKey
        public let versions: ClosedRange<Int16>
        public let listeners: [ApiListener]
        let call: @Sendable (KafkaRequestFrame, RequestContext, ByteBufferAllocator) async throws -> ResponseSend?
    }

    public private(set) var entries: [ApiKey: Entry] = [:]

    public init() {}

    /// Adds (or replaces) the handler of `H.Request.apiKey`.
    public mutating func register<H: RequestHandler>(_ handler: H) {
        let key = H.Request.apiKey
        let valid = H.Request.validVersions
        let wanted = handler.supportedVersions
        let lower = max(valid.lowerBound, wanted.lowerBound)
        let upper = min(valid.upperBound, wanted.upperBound)
        guard lower <= upper else { return }
        entries[key] = Entry(apiKey: key, versions: lower...upper, listeners: handler.listeners) { frame, context, allocator in
            // Like Kafka's `AbstractRequest.parseRequest`, bytes after the body are ignored
            // (librdkafka sends some).
            var body = frame.body
            let request = try H.Request.decode(from: &body, version: frame.apiVersion)
            return try await handler.respond(to: request, context: context, allocator: allocator)
        }
    }

    public func entry(for key: ApiKey) -> Entry? { entries[key] }

    /// The advertised range of `key` on a listener of `kind` (`ApiVersionsResponse.filterApis`):
    /// Produce is advertised from version 0 for librdkafka (KAFKA-18659).
    public func advertisedVersions(for key: ApiKey, listener kind: ApiListener) -> ClosedRange<Int16>? {
        guard let entry = entries[key], entry.listeners.contains(kind) else { return nil }
        if key == .produce { return 0...entry.versions.upperBound }
        return entry.versions
    }

    /// Every advertised API in key order.
    public func advertised(listener kind: ApiListener) -> [(key: ApiKey, versions: ClosedRange<Int16>)] {
        ApiKey.allCases.compactMap { key in advertisedVersions(for: key, listener: kind).map { (key, $0) } }
    }
}
