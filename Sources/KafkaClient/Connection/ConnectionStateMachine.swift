import KafkaProtocol
import NIOCore

/// The sans-IO life of one client connection: ApiVersions negotiation, then requests in a FIFO
/// matched to responses by correlation id. Methods return actions; `KafkaChannelHandler` runs
/// them. `Waiter` is whatever the caller wants completed (a promise in production, a tag in tests).
public struct ConnectionStateMachine<Waiter> {
    public struct InFlight {
        public var correlationId: Int32
        public var apiKey: ApiKey
        public var version: Int16
        public var deadline: NIODeadline
        public var waiter: Waiter?
    }

    enum State {
        case initialized
        /// Waiting for the answer to our ApiVersions request at `version`.
        case negotiating(version: Int16)
        case ready(ApiVersionTable)
        case closed(KafkaError)
    }

    public enum Action {
        /// Write an ApiVersions request at `version` with `correlationId`.
        case sendApiVersions(version: Int16, correlationId: Int32)
        /// Negotiation done: the connection is usable.
        case negotiated(ApiVersionTable)
        /// Encode and write the caller's request at `version` with `correlationId`.
        case write(version: Int16, correlationId: Int32)
        /// Hand the response frame (header + body) to the waiter.
        case succeed(Waiter, frame: ByteBuffer, apiKey: ApiKey, version: Int16)
        /// Fail one waiter; the connection stays up.
        case fail(Waiter, KafkaError)
        /// Close the channel and fail every waiter (and negotiation if pending).
        case closeConnection(KafkaError, failing: [Waiter])
        case none
    }

    var state: State = .initialized
    var inFlight: CircularBuffer<InFlight> = []
    var nextCorrelationId: Int32 = 0
    let requestTimeout: TimeAmount

    public init(requestTimeout: TimeAmount) {
        self.requestTimeout = requestTimeout
    }

    public var isReady: Bool {
        if case .ready = state { return true }
        return false
    }

    public var inFlightCount: Int { inFlight.count }

    /// Java's `NetworkClient.nextCorrelationId`: skips the ids SASL reserves, wraps past them.
    mutating func takeCorrelationId() -> Int32 {
        if nextCorrelationId >= Int32.max - 7 { nextCorrelationId = Int32.min }
        defer { nextCorrelationId &+= 1 }
        return nextCorrelationId
    }

    /// The TCP connection is up: start negotiation at the highest ApiVersions version we know.
    public mutating func connected(now: NIODeadline) -> Action {
        guard case .initialized = state else { return .none }
        return startNegotiation(version: ApiKey.apiVersions.clientVersions?.upperBound ?? 0, now: now)
    }

    mutating func startNegotiation(version: Int16, now: NIODeadline) -> Action {
        state = .negotiating(version: version)
        let id = takeCorrelationId()
        inFlight.append(InFlight(correlationId: id, apiKey: .apiVersions, version: version, deadline: now + requestTimeout, waiter: nil))
        return .sendApiVersions(version: version, correlationId: id)
    }

    /// A caller wants to send `apiKey`, speaking `clientVersions`. With `expectsResponse` false
    /// (Produce with acks=0) the request is written but not queued. `timeout` overrides
    /// `request.timeout.ms` (JoinGroup waits for the rebalance, as in Java).
    public mutating func sendRequest(
        apiKey: ApiKey, clientVersions: ClosedRange<Int16>, expectsResponse: Bool = true, timeout: TimeAmount? = nil,
        waiter: Waiter, now: NIODeadline
    ) -> Action {
        switch state {
        case let .ready(table):
            let version: Int16
            do {
                version = try table.version(for: apiKey, client: clientVersions)
            } catch let error as KafkaError {
                return .fail(waiter, error)
            } catch {
                return .fail(waiter, .connectionClosed("\(error)"))
            }
            let id = takeCorrelationId()
            if expectsResponse {
                inFlight.append(InFlight(correlationId: id, apiKey: apiKey, version: version, deadline: now + (timeout ?? requestTimeout), waiter: waiter))
            }
            return .write(version: version, correlationId: id)
        case let .closed(error):
            return .fail(waiter, error)
        case .initialized, .negotiating:
            return .fail(waiter, .connectionClosed("the connection is not ready"))
        }
    }

    /// A complete response frame arrived (header + body, no size prefix).
    public mutating func responseReceived(_ frame: ByteBuffer, now: NIODeadline = .now()) -> Action {
        if case .closed = state { return .none }
        guard let received = frame.getInteger(at: frame.readerIndex, endianness: .big, as: Int32.self) else {
            return close(.connectionClosed("a response frame was shorter than its header"))
        }
        guard let head = inFlight.first else {
            return close(.connectionClosed("received a response (correlation id \(received)) with no request in flight"))
        }
        guard head.correlationId == received else {
            return close(.correlationMismatch(expected: head.correlationId, received: received))
        }
        inFlight.removeFirst()
        guard let waiter = head.waiter else {
            return apiVersionsReceived(frame, version: head.version, now: now)
        }
        return .succeed(waiter, frame: frame, apiKey: head.apiKey, version: head.version)
    }

    /// NetworkClient.handleApiVersionsResponse: retry at the broker's max on UNSUPPORTED_VERSION,
    /// disconnect on any other error.
    mutating func apiVersionsReceived(_ frame: ByteBuffer, version: Int16, now: NIODeadline) -> Action {
        guard case .negotiating = state else {
            return close(.connectionClosed("unexpected ApiVersions response"))
        }
        let response: ApiVersionsResponse
        do {
            let parsed = try KafkaResponseFrame.parse(frame, apiKey: .apiVersions, apiVersion: version)
            response = try ApiVersionsResponse.decodeWithFallback(from: parsed.body, version: version).response
        } catch {
            return close(.connectionClosed("could not parse the ApiVersions response: \(error)"))
        }
        if response.errorCode == ErrorCode.unsupportedVersion.code, version > 0 {
            let brokerMax = response.apiKeys.first { $0.apiKey == ApiKey.apiVersions.rawValue }?.maxVersion ?? 0
            let retry = min(brokerMax, version - 1)
            return startNegotiation(version: max(retry, 0), now: now)
        }
        guard response.errorCode == 0 else {
            return close(.broker(ErrorCode(code: response.errorCode), message: nil, context: "ApiVersions"))
        }
        let table = ApiVersionTable(response)
        state = .ready(table)
        return .negotiated(table)
    }

    /// Called periodically and when a request's deadline passes: Kafka disconnects a connection
    /// whose oldest request timed out, failing everything in flight.
    public mutating func checkTimeouts(now: NIODeadline) -> Action {
        guard let head = inFlight.first, head.deadline <= now else { return .none }
        let what = head.waiter == nil ? "the ApiVersions response" : "a response to \(head.apiKey) v\(head.version)"
        return close(.timeout(what))
    }

    /// The channel went inactive or errored.
    public mutating func closed(_ error: KafkaError) -> Action {
        if case .closed = state { return .none }
        return close(error)
    }

    mutating func close(_ error: KafkaError) -> Action {
        state = .closed(error)
        let waiters = inFlight.compactMap(\.waiter)
        inFlight.removeAll()
        return .closeConnection(error, failing: waiters)
    }
}
