import Foundation
import KafkaBroker
import KafkaProtocol
import Logging
import NIOCore
import NIOPosix
import ServiceLifecycle

/// A broker on 127.0.0.1:0 in this process with its data in a fresh temp dir, for the data-path
/// tests.
final class DataPathBroker: Sendable {
    let services: BrokerServices
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let dataDir: String

    var port: Int { services.advertisedListeners.first?.port ?? 0 }

    init(dataDir: String? = nil, overrides: [String: String] = [:]) async throws {
        let dir = dataDir ?? (NSTemporaryDirectory() + "kafkit-datapath-" + UUID().uuidString)
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        self.dataDir = dir
        var props: [String: String] = [:]
        for (key, value) in KafkaConfig.embeddedDefaults { props[key] = value }
        props["listeners"] = "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0"
        props["advertised.listeners"] = "PLAINTEXT://127.0.0.1:0"
        props["log.dirs"] = dir
        for (key, value) in overrides { props[key] = value }
        let config = try KafkaConfig(properties: props)
        var logger = Logger(label: "datapath-test-broker")
        logger.logLevel = ProcessInfo.processInfo.environment["KAFKIT_TEST_LOG"] == "info" ? .info : .warning
        let server = KafkaServer(config: config, formatIfNeeded: true, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: logger))
        self.group = group
        task = Task { try await group.run() }
        services = try await server.waitUntilStarted()
    }

    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    func stopAndRemove() async throws {
        try await stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }

    /// Creates a topic through the CreateTopics API.
    func createTopic(_ name: String, partitions: Int32 = 1, configs: [String: String] = [:]) async throws {
        try await DataPathConnection.with(port: port) { connection in
            var request = CreateTopicsRequest()
            var topic = CreateTopicsRequest.CreatableTopic()
            topic.name = name
            topic.numPartitions = partitions
            topic.replicationFactor = 1
            topic.configs = configs.sorted { $0.key < $1.key }.map { key, value in
                var config = CreateTopicsRequest.CreatableTopicConfig()
                config.name = key
                config.value = value
                return config
            }
            request.topics = [topic]
            request.timeoutMs = 10_000
            let response = try await connection.request(request, version: 7)
            guard response.topics.first?.errorCode == 0 else { throw TopicCreationFailed(code: response.topics.first?.errorCode ?? -1) }
        }
    }

    struct TopicCreationFailed: Error { var code: Int16 }
}

/// A plain TCP client that sends request frames and reads whole response frames.
struct DataPathConnection {
    typealias Channel = NIOAsyncChannel<ByteBuffer, ByteBuffer>

    static func with<T: Sendable>(port: Int, _ body: (inout DataPathConnection) async throws -> T) async throws -> T {
        let channel = try await ClientBootstrap(group: MultiThreadedEventLoopGroup.singleton)
            .connect(host: "127.0.0.1", port: port) { channel in
                channel.eventLoop.makeCompletedFuture {
                    try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(KafkaFrameDecoder()))
                    return try Channel(wrappingChannelSynchronously: channel)
                }
            }
        return try await channel.executeThenClose { inbound, outbound in
            var connection = DataPathConnection(iterator: inbound.makeAsyncIterator(), outbound: outbound)
            return try await body(&connection)
        }
    }

    var iterator: NIOAsyncChannelInboundStream<ByteBuffer>.AsyncIterator
    let outbound: NIOAsyncChannelOutboundWriter<ByteBuffer>
    var nextCorrelationId: Int32 = 1

    /// Sends a request without waiting for an answer (acks=0); returns its correlation id.
    @discardableResult
    mutating func send<Request: KafkaRequest>(_ request: Request, version: Int16) async throws -> Int32 {
        let correlationId = nextCorrelationId
        nextCorrelationId += 1
        var buffer = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(request, version: version, correlationId: correlationId, clientId: "datapath-test", into: &buffer)
        try await outbound.write(buffer)
        return correlationId
    }

    /// The next response frame, or nil when the broker closed the connection.
    mutating func receive() async throws -> ByteBuffer? {
        do { return try await iterator.next() } catch { return nil }
    }

    mutating func request<Request: KafkaRequest>(_ request: Request, version: Int16) async throws -> Request.Response {
        let correlationId = try await send(request, version: version)
        guard let frame = try await receive() else { throw ConnectionClosed() }
        let response = try KafkaResponseFrame.parse(frame, apiKey: Request.apiKey, apiVersion: version)
        guard response.correlationId == correlationId else { throw ConnectionClosed() }
        return try response.decodeResponse(as: Request.Response.self, version: version)
    }

    struct ConnectionClosed: Error {}
}
