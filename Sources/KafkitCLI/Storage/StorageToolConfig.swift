import Foundation
import KafkaStorage

/// The part of a broker `server.properties` the storage tool uses, read and checked the way
/// `KafkaConfig` does for these keys (errors are Kafka's `ConfigException`s, which the tool does
/// not catch).
struct StorageToolConfig {
    enum Role: String { case broker, controller }

    struct Endpoint: Equatable {
        var listenerName: String
        var host: String?
        var port: Int32
    }

    var properties: JavaProperties
    var processRoles: [Role]
    var nodeId: Int32
    var logDirs: [String]
    var metadataLogDir: String
    var quorumVoters: [Int32]
    var quorumBootstrapServers: [String]
    var controllerListenerNames: [String]
    var listeners: [Endpoint]
    var advertisedListeners: [Endpoint]?
    var unstableFeatureVersionsEnabled: Bool

    var isController: Bool { processRoles.contains(.controller) }

    static func load(path: String) throws -> StorageToolConfig {
        guard FileManager.default.fileExists(atPath: path) else {
            throw JavaException("java.nio.file.NoSuchFileException", path)
        }
        let properties: JavaProperties
        do {
            properties = try JavaProperties.load(contentsOf: path)
        } catch let error as JavaPropertiesError {
            throw JavaException.illegalArgument(error.description)
        } catch {
            throw JavaException("java.io.IOException", "\(path): \(error.localizedDescription)")
        }
        return try StorageToolConfig(properties)
    }

    init(_ properties: JavaProperties) throws(JavaException) {
        self.properties = properties
        func list(_ key: String) -> [String]? {
            properties[key].map { value in
                value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            }
        }
        guard let roles = list("process.roles") else {
            throw .config("Missing required configuration \"process.roles\" which has no default value.")
        }
        processRoles = try roles.map { name throws(JavaException) in
            guard let role = Role(rawValue: name) else {
                throw .config("Unknown process role '\(name)' (only 'broker' and 'controller' are allowed roles)")
            }
            return role
        }
        // KafkaConfig.populateSynonyms: `broker.id` stands in for an unset `node.id`;
        // validateValues refuses the two when they differ.
        guard let nodeText = properties["node.id"] ?? properties["broker.id"] else {
            throw .config("Missing required configuration \"node.id\" which has no default value.")
        }
        guard let nodeId = Int32(nodeText.trimmingCharacters(in: .whitespaces)) else {
            throw .config("Invalid value \(nodeText) for configuration node.id: Not a number of type INT")
        }
        if let brokerText = properties["broker.id"], Int32(brokerText.trimmingCharacters(in: .whitespaces)) != nodeId {
            throw .config("You must set `node.id` to the same value as `broker.id`.")
        }
        self.nodeId = nodeId
        logDirs = list("log.dirs") ?? list("log.dir") ?? ["/tmp/kafka-logs"]
        guard let firstLogDir = logDirs.first else {
            throw .config("At least one log directory must be defined via log.dirs or log.dir.")
        }
        metadataLogDir = properties["metadata.log.dir"].map { $0.trimmingCharacters(in: .whitespaces) }.flatMap { $0.isEmpty ? nil : $0 } ?? firstLogDir
        quorumVoters = try Self.parseVoters(list("controller.quorum.voters") ?? [])
        quorumBootstrapServers = list("controller.quorum.bootstrap.servers") ?? []
        controllerListenerNames = (list("controller.listener.names") ?? []).map { $0.uppercased() }
        listeners = try Self.parseListeners(list("listeners") ?? ["PLAINTEXT://:9092"])
        advertisedListeners = try list("advertised.listeners").map(Self.parseListeners)
        unstableFeatureVersionsEnabled = properties["unstable.feature.versions.enable"]?.trimmingCharacters(in: .whitespaces).lowercased() == "true"
        if !processRoles.isEmpty { try validateKRaft() }
    }

    private func validateKRaft() throws(JavaException) {
        if quorumVoters.isEmpty && quorumBootstrapServers.isEmpty {
            throw .config("If using process.roles, either controller.quorum.bootstrap.servers must contain the set of bootstrap controllers or controller.quorum.voters must contain a parseable set of controllers.")
        }
        let listenerNames = listeners.map(\.listenerName)
        if isController {
            if !quorumVoters.isEmpty && !quorumVoters.contains(nodeId) {
                let set = "Set(" + quorumVoters.map(String.init).joined(separator: ", ") + ")"
                throw .illegalArgument("requirement failed: If process.roles contains the 'controller' role, the node id \(nodeId) must be included in the set of voters controller.quorum.voters=\(set)")
            }
            if !controllerListenerNames.contains(where: listenerNames.contains) {
                throw .illegalArgument("requirement failed: controller.listener.names must contain at least one value appearing in the 'listeners' configuration when running the KRaft controller role")
            }
            if !controllerListenerNames.allSatisfy(listenerNames.contains) {
                throw .illegalArgument("requirement failed: controller.listener.names must only contain values appearing in the 'listeners' configuration when running the KRaft controller role")
            }
        } else {
            if controllerListenerNames.isEmpty {
                throw .illegalArgument("requirement failed: controller.listener.names must contain at least one value when running KRaft with just the broker role")
            }
            if controllerListenerNames.contains(where: listenerNames.contains) {
                throw .illegalArgument("requirement failed: controller.listener.names must not contain a value appearing in the 'listeners' configuration when running KRaft with just the broker role")
            }
        }
    }

    /// `KafkaConfig.effectiveAdvertisedControllerListeners`: per controller listener name, the
    /// advertised endpoint if there is one, else the `listeners` endpoint.
    var effectiveAdvertisedControllerListeners: [Endpoint] {
        controllerListenerNames.compactMap { name in
            advertisedListeners?.first { $0.listenerName == name } ?? listeners.first { $0.listenerName == name }
        }
    }

    /// `id@host:port` entries; Kafka's messages for the ones it cannot parse.
    static func parseVoters(_ entries: [String]) throws(JavaException) -> [Int32] {
        try entries.map { entry throws(JavaException) in
            guard let at = entry.firstIndex(of: "@"), let id = Int32(entry[..<at]),
                  let colon = entry.lastIndex(of: ":"), colon > at, Int32(entry[entry.index(after: colon)...]) != nil else {
                throw .config("Invalid value [\(entries.joined(separator: ", "))] for configuration controller.quorum.voters: Unable to parse '\(entry)' as a voter. Valid format is {id}@{host}:{port}")
            }
            return id
        }
    }

    /// `NAME://host:port` entries (`CoreUtils.listenerListToEndPoints`); an empty host is null.
    static func parseListeners(_ entries: [String]) throws(JavaException) -> [Endpoint] {
        try entries.map { entry throws(JavaException) in
            guard let separator = entry.range(of: "://"),
                  let colon = entry[separator.upperBound...].lastIndex(of: ":"),
                  let port = Int32(entry[entry.index(after: colon)...]) else {
                throw .config("Invalid value \(entries.joined(separator: ",")) for configuration listeners: Unable to parse \(entry) to a broker endpoint")
            }
            var host = String(entry[separator.upperBound..<colon])
            if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            return Endpoint(listenerName: String(entry[..<separator.lowerBound]).uppercased(), host: host.isEmpty ? nil : host, port: port)
        }
    }
}
