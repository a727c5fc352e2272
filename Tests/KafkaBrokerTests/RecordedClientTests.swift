import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// Replays requests real clients sent to Kafka 4.0 (`fixtures/kafka-4.0/frames`) and compares our
/// answers with Kafka's, after normalising what differs by nature (topic ids, cluster id, ports).
@Suite("Recorded client sessions", .serialized)
struct RecordedClientTests {
    /// The reference broker's settings that show in answers (`reference/configs/single.properties`).
    static let referenceOverrides: [String: String] = [
        "num.partitions": "1", "log.retention.hours": "168", "log.segment.bytes": "1073741824",
        "log.retention.check.interval.ms": "300000", "offsets.topic.replication.factor": "1",
        "num.recovery.threads.per.data.dir": "1", "socket.request.max.bytes": "104857600",
    ]

    static func frames(_ name: String) throws -> [ApiVersionsTests.Frame] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/\(name)", withExtension: "jsonl"))
        return try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
    }

    /// The body of a response frame: after size, correlation id and (flexible) tagged fields.
    static func responseBody(_ frame: ApiVersionsTests.Frame, apiKey: ApiKey) -> ByteBuffer {
        var buffer = ByteBuffer(bytes: frame.bytes)
        buffer.moveReaderIndex(forwardBy: 8)
        if apiKey.responseHeaderVersion(apiVersion: frame.apiVersion) == 1 { buffer.moveReaderIndex(forwardBy: 1) }
        return buffer
    }

    static func normalized(_ response: CreateTopicsResponse) -> CreateTopicsResponse {
        var copy = response
        for index in copy.topics.indices { copy.topics[index].topicId = .zero }
        return copy
    }

    /// Kafka lists topics and partitions in the order of a Scala hash set of the response objects;
    /// ours are sorted, so both are compared sorted.
    static func normalized(_ response: MetadataResponse) -> MetadataResponse {
        var copy = response
        copy.clusterId = nil
        for index in copy.brokers.indices { copy.brokers[index].port = 0; copy.brokers[index].host = "" }
        for index in copy.topics.indices {
            copy.topics[index].topicId = .zero
            copy.topics[index].partitions.sort { $0.partitionIndex < $1.partitionIndex }
        }
        copy.topics.sort { ($0.name ?? "") < ($1.name ?? "") }
        return copy
    }

    /// Sends every CreateTopics and named-topic Metadata request of `file` in order and compares.
    func replay(_ file: String) async throws {
        let frames = try Self.frames(file)
        let broker = try await TestBroker(overrides: Self.referenceOverrides)
        var compared = 0
        for request in frames where request.dir == "req" && (request.apiKey == 19 || request.apiKey == 3) {
            guard let recorded = frames.first(where: {
                $0.dir == "resp" && $0.apiKey == request.apiKey && $0.correlationId == request.correlationId
            }) else { continue }
            let key = try #require(ApiKey(rawValue: request.apiKey))
            let answer = try await RawConnection.with(port: broker.port) { connection in
                try await connection.send(request.bytes)
                return try await connection.receive()
            }
            var ours = try #require(answer)
            ours.moveReaderIndex(forwardBy: key.responseHeaderVersion(apiVersion: request.apiVersion) == 1 ? 5 : 4)
            var theirs = Self.responseBody(recorded, apiKey: key)
            if key == .createTopics {
                let mine = try CreateTopicsResponse.decode(from: &ours, version: request.apiVersion)
                let kafka = try CreateTopicsResponse.decode(from: &theirs, version: request.apiVersion)
                #expect(Self.normalized(mine) == Self.normalized(kafka), "\(file) correlation \(request.correlationId)")
                compared += 1
            } else {
                var body = ByteBuffer(bytes: request.bytes)
                let parsed = try KafkaRequestFrame.parse(body.readSlice(length: body.readableBytes).map {
                    var b = $0
                    b.moveReaderIndex(forwardBy: 4)
                    return b
                } ?? ByteBuffer())
                let metadataRequest = try parsed.decodeRequest(as: MetadataRequest.self)
                guard let topics = metadataRequest.topics, !topics.isEmpty else { continue }
                let mine = try MetadataResponse.decode(from: &ours, version: request.apiVersion)
                let kafka = try MetadataResponse.decode(from: &theirs, version: request.apiVersion)
                #expect(Self.normalized(mine) == Self.normalized(kafka), "\(file) correlation \(request.correlationId)")
                compared += 1
            }
        }
        #expect(compared > 0)
        try await broker.stopAndRemove()
    }

    @Test func javaTopicsCreate() async throws { try await replay("java-topics-create") }
    @Test func kafkaPythonAdmin() async throws { try await replay("kafka-python-admin-topics") }
    @Test func librdkafkaAdmin() async throws { try await replay("librdkafka-admin-topics") }
}
