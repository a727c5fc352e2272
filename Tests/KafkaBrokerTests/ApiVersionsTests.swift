import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// ApiVersions against Kafka 4.0's recorded answers (`frames/raw-apiversions.jsonl`).
@Suite("ApiVersions", .serialized)
struct ApiVersionsTests {
    struct Frame: Decodable {
        let dir: String
        let apiKey: Int16
        let apiVersion: Int16
        let correlationId: Int32
        let hex: String

        /// The frame's bytes; empty (so decoding fails in the test) if the hex is malformed.
        var bytes: [UInt8] { (try? hexBytes(hex)) ?? [] }
    }

    static func recorded() throws -> [Frame] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/raw-apiversions", withExtension: "jsonl"))
        let text = try String(contentsOf: url, encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(Frame.self, from: Data($0.utf8)) }
    }

    /// The body of a recorded response frame (after size and the v0 header).
    static func body(_ frame: Frame) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: frame.bytes)
        buffer.moveReaderIndex(forwardBy: 8)
        return buffer
    }

    @Test func versionAboveMaximumGetsKafkasV0Answer() async throws {
        let frames = try Self.recorded()
        let request = try #require(frames.first { $0.dir == "req" && $0.apiVersion == 5 })
        let expected = try #require(frames.first { $0.dir == "resp" && $0.apiVersion == 5 })
        let broker = try await TestBroker()
        let answer = try await RawConnection.with(port: broker.port) { connection in
            try await connection.send(request.bytes)
            return try await connection.receive()
        }
        var wire = ByteBuffer()
        if let answer {
            wire.writeInteger(Int32(answer.readableBytes))
            wire.writeImmutableBuffer(answer)
        }
        #expect(Array(wire.readableBytesView) == expected.bytes)
        try await broker.stopAndRemove()
    }

    @Test func everyVersionMatchesKafkaWhereItShould() async throws {
        let frames = try Self.recorded()
        let broker = try await TestBroker()
        for version in Int16(0)...4 {
            let request = try #require(frames.first { $0.dir == "req" && $0.apiVersion == version })
            let recorded = try #require(frames.first { $0.dir == "resp" && $0.apiVersion == version })
            let frame = try await RawConnection.with(port: broker.port) { connection in
                try await connection.send(request.bytes)
                return try await connection.receive()
            }
            var ours = try #require(frame)
            #expect(ours.readInteger(as: Int32.self) == request.correlationId)
            let mine = try ApiVersionsResponse.decode(from: &ours, version: version)
            var kafkaBody = Self.body(recorded)
            let kafka = try ApiVersionsResponse.decode(from: &kafkaBody, version: version)
            #expect(mine.errorCode == 0)
            let kafkaRanges = Dictionary(uniqueKeysWithValues: kafka.apiKeys.map { ($0.apiKey, ($0.minVersion, $0.maxVersion)) })
            // Everything we advertise, Kafka 4.0 advertises with the same range.
            for api in mine.apiKeys {
                let range = kafkaRanges[api.apiKey]
                #expect(range?.0 == api.minVersion, "min of key \(api.apiKey)")
                #expect(range?.1 == api.maxVersion, "max of key \(api.apiKey)")
            }
            #expect(mine.apiKeys.map(\.apiKey) == mine.apiKeys.map(\.apiKey).sorted())
            #expect(mine.throttleTimeMs == kafka.throttleTimeMs)
            #expect(mine.supportedFeatures == kafka.supportedFeatures)
            #expect(mine.finalizedFeatures == kafka.finalizedFeatures)
            #expect((mine.finalizedFeaturesEpoch >= 0) == (kafka.finalizedFeaturesEpoch >= 0))
        }
        try await broker.stopAndRemove()
    }

    @Test func advertisesExactlyTheRegisteredHandlers() async throws {
        let broker = try await TestBroker()
        let response = try await RawConnection.with(port: broker.port) { connection in
            try await connection.request(ApiVersionsRequest(), version: 0)
        }
        let registry = RequestHandlerRegistry.standard(broker: broker.services)
        #expect(Set(response.apiKeys.map(\.apiKey)) == Set(registry.entries.keys.map(\.rawValue)))
        #expect(response.apiKeys.contains { $0.apiKey == ApiKey.apiVersions.rawValue && $0.minVersion == 0 && $0.maxVersion == 4 })
        try await broker.stopAndRemove()
    }

    @Test func produceIsAdvertisedFromZero() {
        struct FakeProduce: RequestHandler {
            typealias Request = ProduceRequest
            func handle(_ request: ProduceRequest, context: RequestContext) async throws -> ProduceResponse? { nil }
        }
        var registry = RequestHandlerRegistry()
        registry.register(FakeProduce())
        #expect(registry.advertisedVersions(for: .produce, listener: .broker) == 0...12)
        #expect(registry.entry(for: .produce)?.versions == 3...12)
    }

    @Test func invalidClientSoftwareNameIsInvalidRequest() async throws {
        let broker = try await TestBroker()
        var request = ApiVersionsRequest()
        request.clientSoftwareName = "-bad name"
        request.clientSoftwareVersion = "1.0"
        let response = try await RawConnection.with(port: broker.port) { connection in
            try await connection.request(request, version: 3)
        }
        #expect(response.errorCode == ErrorCode.invalidRequest.rawValue)
        try await broker.stopAndRemove()
    }

    @Test func softwareFieldPattern() {
        #expect(ApiVersionsHandler.isValidSoftwareField("apache-kafka-java"))
        #expect(ApiVersionsHandler.isValidSoftwareField("4.0.0"))
        #expect(!ApiVersionsHandler.isValidSoftwareField(""))
        #expect(!ApiVersionsHandler.isValidSoftwareField("bad-"))
        #expect(!ApiVersionsHandler.isValidSoftwareField("a b"))
    }
}
