import Foundation
import KafkaBroker
import Logging
import ServiceLifecycle

/// A broker on 127.0.0.1:0 in this process, with its data in a fresh temp dir. Shared by every
/// test target (test targets cannot import each other).
public final class TestBroker: Sendable {
    public let server: KafkaServer
    public let services: BrokerServices
    public let group: ServiceGroup
    public let task: Task<Void, any Error>
    public let dataDir: String

    public var port: Int { services.advertisedListeners.first?.port ?? 0 }
    /// The bound port of the controller listener (`controller.listener.names`), for KIP-919 clients.
    public var controllerPort: Int { services.controllerListeners.first?.port ?? 0 }

    public static func makeTempDir() -> String {
        let path = NSTemporaryDirectory() + "kafkit-broker-test-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    public static func properties(dataDir: String, overrides: [String: String] = [:]) -> [String: String] {
        var props: [String: String] = [:]
        for (key, value) in KafkaConfig.embeddedDefaults { props[key] = value }
        props["listeners"] = "PLAINTEXT://127.0.0.1:0,CONTROLLER://127.0.0.1:0"
        props["advertised.listeners"] = "PLAINTEXT://127.0.0.1:0"
        props["log.dirs"] = dataDir
        for (key, value) in overrides { props[key] = value }
        return props
    }

    public init(dataDir: String? = nil, overrides: [String: String] = [:]) async throws {
        let dir = dataDir ?? Self.makeTempDir()
        self.dataDir = dir
        let config = try KafkaConfig(properties: Self.properties(dataDir: dir, overrides: overrides))
        var logger = Logger(label: "test-broker")
        logger.logLevel = .warning
        let server = KafkaServer(config: config, formatIfNeeded: true, logger: logger)
        let group = ServiceGroup(configuration: .init(services: [.init(service: server)], logger: logger))
        self.server = server
        self.group = group
        task = Task { try await group.run() }
        services = try await server.waitUntilStarted()
    }

    /// Graceful shutdown, as on SIGTERM; waits until the server has stopped.
    public func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }

    public func stopAndRemove() async throws {
        try await stop()
        try? FileManager.default.removeItem(atPath: dataDir)
    }
}
