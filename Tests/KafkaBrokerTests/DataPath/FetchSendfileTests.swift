@testable import KafkaBroker
import KafkaProtocol
import Logging
import NIOCore
import Testing

/// Fetch responses leave with their record bytes as file regions (sendfile), and carry the same
/// bytes as the buffer path.
@Suite("DataPath.FetchSendfile", .serialized)
struct FetchSendfileTests {
    static func requestFrame(_ request: FetchRequest, version: Int16) throws -> ByteBuffer {
        var buffer = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(request, version: version, correlationId: 31, clientId: "sendfile-test", into: &buffer)
        buffer.moveReaderIndex(forwardBy: 4)
        return buffer
    }

    @Test("the fetch response goes out with a file region per partition with records, same bytes as the buffer path",
          arguments: [Int16(4), 11, 12, 13, 17])
    func regionsInResponse(version: Int16) async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("sf")
        let topicId = try #require(broker.services.metadata.topic(named: "sf")?.id)
        try await DataPathConnection.with(port: broker.port) { c in
            for round in 0..<3 {
                let values = (0..<50).map { "value-\(round)-\($0)-" + String(repeating: "x", count: 200) }
                _ = try await c.request(DataPath.produce([("sf", 0, try DataPath.batch(values))]), version: 9)
            }
        }
        var registry = RequestHandlerRegistry()
        registry.registerDataHandlers(broker: broker.services)
        let processor = RequestProcessor(registry: registry, logger: Logger(label: "sendfile-test"))
        let request = version >= 13 ? DataPath.fetch("", offset: 0, topicId: topicId) : DataPath.fetch("sf", offset: 0)
        let send = try #require(try await processor.process(
            try Self.requestFrame(request, version: version), listenerName: "PLAINTEXT", listenerKind: .broker,
            peer: "test", connectionId: 1, allocator: ByteBufferAllocator()))
        #expect(send.fileRegionCount == 1)
        let spliced = try send.flattened()
        send.release()

        // The buffer path: the handler's decoded response, encoded by the generated encoder.
        let handler = FetchHandler(dataPath: DataPathServices(broker: broker.services))
        let context = RequestContext(apiKey: .fetch, apiVersion: version, correlationId: 31, clientId: "sendfile-test",
                                     listenerName: "PLAINTEXT", peer: "test", connectionId: 1)
        let response = try #require(try await handler.handle(request, context: context))
        var expected = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(response, version: version, correlationId: 31, into: &expected)
        #expect(Array(spliced.readableBytesView) == Array(expected.readableBytesView))
        #expect(try DataPath.batches(response.responses.first?.partitions.first?.records).count == 3)

        // Over the socket (sendfile on a plain TCP connection) the client gets those bytes too.
        let overSocket = try await DataPathConnection.with(port: broker.port) { c in
            try await c.request(request, version: version)
        }
        #expect(overSocket.responses.first?.partitions.first?.records == response.responses.first?.partitions.first?.records)
        try await broker.stopAndRemove()
    }

    @Test("an empty fetch has no file region")
    func noRecordsNoRegion() async throws {
        let broker = try await DataPathBroker()
        try await broker.createTopic("sf-empty")
        var registry = RequestHandlerRegistry()
        registry.registerDataHandlers(broker: broker.services)
        let processor = RequestProcessor(registry: registry, logger: Logger(label: "sendfile-test"))
        let send = try #require(try await processor.process(
            try Self.requestFrame(DataPath.fetch("sf-empty", offset: 0), version: 12), listenerName: "PLAINTEXT",
            listenerKind: .broker, peer: "test", connectionId: 1, allocator: ByteBufferAllocator()))
        #expect(send.fileRegionCount == 0)
        #expect(send.parts.count == 1)
        try await broker.stopAndRemove()
    }
}
