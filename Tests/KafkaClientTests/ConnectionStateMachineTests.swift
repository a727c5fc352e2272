@testable import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@Suite("ConnectionStateMachine")
struct ConnectionStateMachineTests {
    typealias Machine = ConnectionStateMachine<String>

    static func frame<R: KafkaResponse>(_ response: R, version: Int16, correlationId: Int32) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(response, version: version, correlationId: correlationId, into: &buffer)
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer
    }

    static func apiVersions(_ entries: [(ApiKey, Int16, Int16)], error: ErrorCode = .noError) -> ApiVersionsResponse {
        var response = ApiVersionsResponse()
        response.errorCode = error.code
        response.apiKeys = entries.map {
            var entry = ApiVersionsResponse.ApiVersion()
            entry.apiKey = $0.0.rawValue
            entry.minVersion = $0.1
            entry.maxVersion = $0.2
            return entry
        }
        return response
    }

    static func ready(_ entries: [(ApiKey, Int16, Int16)]) throws -> Machine {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(version, id) = machine.connected(now: .now()) else {
            Issue.record("expected ApiVersions")
            return machine
        }
        let action = machine.responseReceived(try frame(apiVersions(entries), version: version, correlationId: id))
        guard case .negotiated = action else {
            Issue.record("expected negotiated, got \(action)")
            return machine
        }
        return machine
    }

    @Test func negotiatesAtHighestVersionFirst() throws {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(version, id) = machine.connected(now: .now()) else {
            Issue.record("expected ApiVersions"); return
        }
        #expect(version == ApiVersionsRequest.validVersions.upperBound)
        #expect(id == 0)
        let action = machine.responseReceived(try Self.frame(Self.apiVersions([(.apiVersions, 0, 4), (.metadata, 0, 12)]), version: version, correlationId: id))
        guard case let .negotiated(table) = action else { Issue.record("\(action)"); return }
        #expect(table.range(for: .metadata) == 0...12)
        #expect(machine.isReady)
    }

    /// README §6.3: a broker that does not know our version answers v0 with UNSUPPORTED_VERSION
    /// and its own ApiVersions range; we retry at its max on the same connection.
    @Test func unsupportedVersionFallsBackToBrokerMax() throws {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(_, id) = machine.connected(now: .now()) else { Issue.record("no request"); return }
        let v0Answer = Self.apiVersions([(.apiVersions, 0, 2)], error: .unsupportedVersion)
        let action = machine.responseReceived(try Self.frame(v0Answer, version: 0, correlationId: id))
        guard case let .sendApiVersions(retryVersion, retryId) = action else { Issue.record("\(action)"); return }
        #expect(retryVersion == 2)
        #expect(retryId == id + 1)
        let final = machine.responseReceived(try Self.frame(Self.apiVersions([(.apiVersions, 0, 2), (.produce, 3, 8)]), version: 2, correlationId: retryId))
        guard case .negotiated = final else { Issue.record("\(final)"); return }
    }

    @Test func unsupportedVersionWithoutEntryRetriesAtV0() throws {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(_, id) = machine.connected(now: .now()) else { Issue.record("no request"); return }
        let action = machine.responseReceived(try Self.frame(Self.apiVersions([], error: .unsupportedVersion), version: 0, correlationId: id))
        guard case let .sendApiVersions(version, _) = action else { Issue.record("\(action)"); return }
        #expect(version == 0)
    }

    @Test func otherNegotiationErrorsClose() throws {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(version, id) = machine.connected(now: .now()) else { Issue.record("no request"); return }
        let action = machine.responseReceived(try Self.frame(Self.apiVersions([], error: .invalidRequest), version: version, correlationId: id))
        guard case let .closeConnection(error, waiters) = action else { Issue.record("\(action)"); return }
        #expect(error.errorCode == .invalidRequest)
        #expect(waiters.isEmpty)
    }

    @Test func garbageNegotiationAnswerCloses() {
        var machine = Machine(requestTimeout: .seconds(30))
        guard case let .sendApiVersions(_, id) = machine.connected(now: .now()) else { Issue.record("no request"); return }
        var garbage = ByteBuffer()
        garbage.writeInteger(id)
        garbage.writeBytes([0xff, 0xff, 0xff])
        guard case .closeConnection = machine.responseReceived(garbage) else { Issue.record("expected close"); return }
    }

    @Test func picksMinOfClientAndBrokerMax() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.metadata, 0, 9)])
        guard case let .write(version, _) = machine.sendRequest(apiKey: .metadata, clientVersions: 0...13, waiter: "m", now: .now()) else {
            Issue.record("expected write"); return
        }
        #expect(version == 9)
    }

    @Test func noCommonVersionFailsTheRequestOnly() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.produce, 0, 2)])
        let action = machine.sendRequest(apiKey: .produce, clientVersions: 3...11, waiter: "p", now: .now())
        guard case let .fail(waiter, error) = action else { Issue.record("\(action)"); return }
        #expect(waiter == "p")
        guard case .unsupportedVersion(.produce, 0...2, 3...11) = error else { Issue.record("\(error)"); return }
        #expect(machine.isReady)
        let missing = machine.sendRequest(apiKey: .fetch, clientVersions: 4...17, waiter: "f", now: .now())
        guard case .fail(_, .unsupportedVersion(.fetch, nil, _)) = missing else { Issue.record("\(missing)"); return }
    }

    @Test func responsesCompleteInFifoOrder() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.metadata, 0, 12)])
        var ids: [Int32] = []
        for name in ["a", "b"] {
            guard case let .write(_, id) = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: name, now: .now()) else {
                Issue.record("expected write"); return
            }
            ids.append(id)
        }
        #expect(machine.inFlightCount == 2)
        let first = machine.responseReceived(try Self.frame(MetadataResponse(), version: 12, correlationId: ids[0]))
        guard case let .succeed(waiter, _, apiKey, version) = first else { Issue.record("\(first)"); return }
        #expect(waiter == "a")
        #expect(apiKey == .metadata)
        #expect(version == 12)
        let second = machine.responseReceived(try Self.frame(MetadataResponse(), version: 12, correlationId: ids[1]))
        guard case .succeed("b", _, _, _) = second else { Issue.record("\(second)"); return }
    }

    @Test func correlationMismatchClosesAndFailsAll() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.metadata, 0, 12)])
        var ids: [Int32] = []
        for name in ["a", "b"] {
            guard case let .write(_, id) = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: name, now: .now()) else { return }
            ids.append(id)
        }
        let action = machine.responseReceived(try Self.frame(MetadataResponse(), version: 12, correlationId: ids[1]))
        guard case let .closeConnection(error, waiters) = action else { Issue.record("\(action)"); return }
        #expect(error == .correlationMismatch(expected: ids[0], received: ids[1]))
        #expect(waiters == ["a", "b"])
        let after = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: "c", now: .now())
        guard case .fail("c", _) = after else { Issue.record("\(after)"); return }
    }

    @Test func unexpectedResponseCloses() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4)])
        let action = machine.responseReceived(try Self.frame(MetadataResponse(), version: 12, correlationId: 99))
        guard case .closeConnection = action else { Issue.record("\(action)"); return }
    }

    @Test func shortFrameCloses() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4)])
        let action = machine.responseReceived(ByteBuffer(bytes: [0, 1]))
        guard case .closeConnection = action else { Issue.record("\(action)"); return }
    }

    @Test func timeoutClosesAndFailsEverything() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.metadata, 0, 12)])
        let start = NIODeadline.now()
        _ = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: "a", now: start)
        _ = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: "b", now: start + .seconds(10))
        guard case .none = machine.checkTimeouts(now: start + .seconds(29)) else { Issue.record("early timeout"); return }
        let action = machine.checkTimeouts(now: start + .seconds(31))
        guard case let .closeConnection(.timeout, waiters) = action else { Issue.record("\(action)"); return }
        #expect(waiters == ["a", "b"])
    }

    @Test func negotiationTimesOut() {
        var machine = Machine(requestTimeout: .seconds(1))
        let start = NIODeadline.now()
        _ = machine.connected(now: start)
        guard case .closeConnection(.timeout, _) = machine.checkTimeouts(now: start + .seconds(2)) else { Issue.record("no timeout"); return }
    }

    @Test func requestsWithoutResponseAreNotQueued() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.produce, 0, 11)])
        guard case .write = machine.sendRequest(apiKey: .produce, clientVersions: 3...11, expectsResponse: false, waiter: "p", now: .now()) else {
            Issue.record("expected write"); return
        }
        #expect(machine.inFlightCount == 0)
    }

    @Test func closedFailsPending() throws {
        var machine = try Self.ready([(.apiVersions, 0, 4), (.metadata, 0, 12)])
        _ = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: "a", now: .now())
        guard case let .closeConnection(_, waiters) = machine.closed(.connectionClosed("eof")) else { Issue.record("no close"); return }
        #expect(waiters == ["a"])
        guard case .none = machine.closed(.connectionClosed("again")) else { Issue.record("double close"); return }
    }

    @Test func requestBeforeReadyFails() {
        var machine = Machine(requestTimeout: .seconds(1))
        guard case .fail("x", _) = machine.sendRequest(apiKey: .metadata, clientVersions: 0...12, waiter: "x", now: .now()) else {
            Issue.record("expected failure"); return
        }
    }

    @Test func correlationIdsSkipSaslReservedRange() {
        var machine = Machine(requestTimeout: .seconds(1))
        machine.nextCorrelationId = Int32.max - 8
        #expect(machine.takeCorrelationId() == Int32.max - 8)
        #expect(machine.takeCorrelationId() == Int32.min)
    }
}
