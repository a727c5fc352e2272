import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// Hostile input closes that connection only; the broker keeps serving others.
@Suite("Broker bad input", .serialized)
struct BadInputTests {
    /// After the bad connection, a fresh connection still gets ApiVersions answered.
    ///
    /// With a short `connections.max.idle.ms` a loaded test process may not get its request out before
    /// the broker closes the new connection as idle; that close is the broker working, so a few fresh
    /// connections are tried. A broker that stopped serving fails every one of them.
    static func expectStillServing(_ broker: TestBroker, attempts: Int = 1) async throws {
        for attempt in 1...attempts {
            do {
                let response = try await RawConnection.with(port: broker.port) { connection in
                    try await connection.request(ApiVersionsRequest(), version: 0)
                }
                #expect(response.errorCode == 0)
                return
            } catch is RawConnection.ConnectionClosed where attempt < attempts {
                continue
            }
        }
    }

    /// Sends `bytes` and expects the broker to close the connection without answering.
    static func expectClosed(_ broker: TestBroker, after bytes: [UInt8]) async throws {
        let answer = try await RawConnection.with(port: broker.port) { connection -> ByteBuffer? in
            // A write that fails found the connection already closed by the broker: also a close.
            do { try await connection.send(bytes) } catch { return nil }
            return try await connection.receive()
        }
        #expect(answer == nil)
    }

    static func frame(apiKey: Int16, version: Int16, correlationId: Int32 = 7, body: [UInt8] = []) -> [UInt8] {
        var buffer = ByteBuffer()
        buffer.writeKafkaFrame { frame in
            frame.writeInteger(apiKey)
            frame.writeInteger(version)
            frame.writeInteger(correlationId)
            frame.writeInteger(Int16(4))
            frame.writeString("test")
            frame.writeBytes(body)
        }
        return Array(buffer.readableBytesView)
    }

    @Test func randomBytes() async throws {
        let broker = try await TestBroker()
        var generator = SystemRandomNumberGenerator()
        // A plausible small size prefix followed by garbage: the header does not parse.
        var bytes: [UInt8] = [0, 0, 0, 40]
        bytes += (0..<40).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes[4] = 0x7f // api key 0x7fxx: unknown
        try await Self.expectClosed(broker, after: bytes)
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func truncatedFrameIsClosedAfterIdleTimeout() async throws {
        // Long enough that the still-serving check's fresh connection is usually not itself closed as
        // idle before a loaded machine lets the client send its request (it retries when it is).
        let broker = try await TestBroker(overrides: ["connections.max.idle.ms": "3000"])
        // Size says 100 bytes, 10 arrive, then the client goes quiet: connections.max.idle.ms ends it.
        let start = ContinuousClock.now
        try await Self.expectClosed(broker, after: [0, 0, 0, 100] + Array(repeating: 1, count: 10))
        #expect(ContinuousClock.now - start < .seconds(120))
        try await Self.expectStillServing(broker, attempts: 5)
        try await broker.stopAndRemove()
    }

    @Test func truncatedHeaderInsideFrame() async throws {
        let broker = try await TestBroker()
        try await Self.expectClosed(broker, after: [0, 0, 0, 3, 0, 18, 0])
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func sizeAboveSocketRequestMaxBytes() async throws {
        let broker = try await TestBroker(overrides: ["socket.request.max.bytes": "1024"])
        try await Self.expectClosed(broker, after: [0, 0, 0x04, 0x01])
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func negativeSize() async throws {
        let broker = try await TestBroker()
        try await Self.expectClosed(broker, after: [0xff, 0xff, 0xff, 0xf0])
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func unknownApiKey() async throws {
        let broker = try await TestBroker()
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 999, version: 0))
        // Key 4 (LeaderAndIsr) exists but has no valid versions in 4.0.
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 4, version: 0))
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func unsupportedVersion() async throws {
        let broker = try await TestBroker()
        // Metadata v14 does not exist in 4.0; CreateTopics v1 is below 4.0's floor.
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 3, version: 14, body: [0xff, 0xff, 0xff, 0xff]))
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 19, version: 1, body: [0, 0, 0, 0, 0, 0, 0, 0]))
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func notImplementedApiClosesTheConnection() async throws {
        let broker = try await TestBroker()
        // DescribeAcls is a 4.0 API this broker does not implement (and so does not advertise).
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 29, version: 1, body: [0]))
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func bodyThatDoesNotParse() async throws {
        let broker = try await TestBroker()
        // Metadata v1 with a topic array claiming 1000 entries and no data.
        try await Self.expectClosed(broker, after: Self.frame(apiKey: 3, version: 1, body: [0, 0, 0x03, 0xe8]))
        try await Self.expectStillServing(broker)
        try await broker.stopAndRemove()
    }

    @Test func pipelinedRequestsAnswerInOrder() async throws {
        let broker = try await TestBroker()
        let ids = try await RawConnection.with(port: broker.port) { connection -> [Int32] in
            var bytes: [UInt8] = []
            for id in Int32(1)...5 { bytes += Self.frame(apiKey: 18, version: 0, correlationId: id) }
            try await connection.send(bytes)
            var seen: [Int32] = []
            for _ in 1...5 {
                guard var frame = try await connection.receive() else { break }
                seen.append(frame.readInteger(as: Int32.self) ?? -1)
            }
            return seen
        }
        #expect(ids == [1, 2, 3, 4, 5])
        try await broker.stopAndRemove()
    }

    @Test func invalidTopicNames() async throws {
        let broker = try await TestBroker()
        let names = ["", ".", "..", "bad name", "bad/name", String(repeating: "x", count: 250)]
        var request = CreateTopicsRequest()
        request.topics = names.map { name in
            var topic = CreateTopicsRequest.CreatableTopic()
            topic.name = name
            topic.numPartitions = 1
            topic.replicationFactor = 1
            return topic
        }
        let response = try await RawConnection.with(port: broker.port) { connection in
            try await connection.request(request, version: 7)
        }
        #expect(response.topics.count == names.count)
        for result in response.topics {
            #expect(result.errorCode == ErrorCode.invalidTopicException.rawValue, "\(result.name)")
        }
        #expect(response.topics.first { $0.name == "bad name" }?.errorMessage
                == "Topic name \"bad name\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'")
        #expect(response.topics.first { $0.name == "" }?.errorMessage == "Topic name is illegal, it can't be empty")
        #expect(response.topics.first { $0.name == "." }?.errorMessage == "Topic name cannot be \".\" or \"..\"")
        // Metadata for an illegal name: INVALID_TOPIC_EXCEPTION, nothing created.
        var metadata = MetadataRequest()
        var topic = MetadataRequest.MetadataRequestTopic()
        topic.name = "bad name"
        metadata.topics = [topic]
        let answer = try await RawConnection.with(port: broker.port) { connection in
            try await connection.request(metadata, version: 12)
        }
        #expect(answer.topics.first?.errorCode == ErrorCode.invalidTopicException.rawValue)
        #expect(broker.services.metadata.topicsByName.isEmpty)
        try await broker.stopAndRemove()
    }
}

@Suite("Broker connections", .serialized)
struct ConnectionTests {
    @Test func manyConcurrentConnections() async throws {
        let broker = try await TestBroker()
        let port = broker.port
        let answered = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<40 {
                group.addTask {
                    try await RawConnection.with(port: port) { connection in
                        var count = 0
                        for _ in 0..<5 {
                            let versions = try await connection.request(ApiVersionsRequest(), version: 2)
                            let metadata = try await connection.request(MetadataRequest(), version: 12)
                            if versions.errorCode == 0 && metadata.brokers.count == 1 { count += 1 }
                        }
                        return count
                    }
                }
            }
            return try await group.reduce(0, +)
        }
        #expect(answered == 200)
        try await broker.stopAndRemove()
    }

    /// Connections accepted while the listeners stop are closed, not served and not left open
    /// (their clients would wait for `connections.max.idle.ms`); NIO used to trap on such a
    /// connection when it was wrapped for async use before anyone took it (swift-nio#2813).
    @Test(.timeLimit(.minutes(1))) func connectionsArrivingDuringShutdown() async throws {
        for _ in 0..<3 {
            let broker = try await TestBroker()
            let port = broker.port
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<30 {
                    group.addTask {
                        // Connected, answered or refused: all fine while the broker stops.
                        _ = try? await RawConnection.with(port: port) { connection in
                            try await connection.request(ApiVersionsRequest(), version: 2)
                        }
                    }
                }
                group.addTask { try await broker.stop() }
                try await group.waitForAll()
            }
            #expect(FileManager.default.fileExists(atPath: broker.dataDir + "/.kafka_cleanshutdown"))
            try? FileManager.default.removeItem(atPath: broker.dataDir)
        }
    }

    @Test func openConnectionDoesNotBlockGracefulShutdown() async throws {
        let broker = try await TestBroker()
        let port = broker.port
        // A connection that stays open does not keep the broker from stopping.
        let idle = try await RawConnection.connect(port: port)
        try await broker.stop()
        try? await idle.executeThenClose { _, _ in }
        #expect(FileManager.default.fileExists(atPath: broker.dataDir + "/.kafka_cleanshutdown"))
        try? FileManager.default.removeItem(atPath: broker.dataDir)
    }
}
