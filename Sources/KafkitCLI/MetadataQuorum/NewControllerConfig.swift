import Foundation
import KafkaBroker
import KafkaClient
import KafkaProtocol
import KafkaStorage

/// What `add-controller` reads from the new controller's properties file: its id, the directory
/// id of its metadata log directory and its controller endpoints (`MetadataQuorumCommand`'s
/// `getControllerId`, `getMetadataDirectory`, `getMetadataDirectoryId`,
/// `getControllerAdvertisedListeners`, with their messages).
struct NewControllerConfig {
    let properties: [String: String]

    func controllerId() throws -> Int32 {
        guard let text = properties["node.id"] else {
            throw MetadataQuorumTool.Terse("node.id not found in configuration file. Is this a valid controller configuration file?")
        }
        guard let nodeId = Int32(text) else {
            throw QuorumDescription.Failure(className: "java.lang.NumberFormatException", message: "For input string: \"\(text)\"")
        }
        guard nodeId >= 0 else {
            throw MetadataQuorumTool.Terse("node.id was negative in configuration file. Is this a valid controller configuration file?")
        }
        guard (properties["process.roles"] ?? "").contains("controller") else {
            throw MetadataQuorumTool.Terse("process.roles did not contain 'controller' in configuration file. Is this a valid controller configuration file?")
        }
        return nodeId
    }

    func metadataDirectory() throws -> String {
        if let directory = properties["metadata.log.dir"] { return directory }
        if let dirs = properties["log.dirs"] {
            // Java's `trim().split(",")` always has a first element.
            return String(dirs.trimmingCharacters(in: .whitespaces).split(separator: ",", omittingEmptySubsequences: false).first ?? "")
        }
        throw MetadataQuorumTool.Terse("Neither metadata.log.dir nor log.dirs were found. Is this a valid controller configuration file?")
    }

    static func directoryId(of directory: String) throws -> KafkaUUID {
        guard let meta = MetaPropertiesEnsemble.load([directory]).logDirProps[directory] else {
            throw MetadataQuorumTool.Terse("Unable to read meta.properties from \(directory)")
        }
        guard let id = meta.directoryId else {
            throw MetadataQuorumTool.Terse("No directory id found in \(directory)")
        }
        return id
    }

    /// The endpoints of `controller.listener.names`, advertised listeners overriding listeners.
    func controllerEndpoints() throws -> [RaftVoterEndpoint] {
        var byName: [String: Endpoint] = [:]
        for key in ["listeners", "advertised.listeners"] {
            do {
                for endpoint in try Endpoint.parseList(properties[key] ?? "", key: key) { byName[endpoint.listenerName] = endpoint }
            } catch {
                throw QuorumDescription.Failure(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
            }
        }
        guard let names = properties["controller.listener.names"] else {
            throw MetadataQuorumTool.Terse("controller.listener.names was not found. Is this a valid controller configuration file?")
        }
        var endpoints: [RaftVoterEndpoint] = []
        for rawName in names.split(separator: ",", omittingEmptySubsequences: false) {
            let name = rawName.uppercased()
            guard let endpoint = byName[name] else {
                throw MetadataQuorumTool.Terse("Cannot find information about controller listener name: \(name)")
            }
            let voterEndpoint = RaftVoterEndpoint(name: endpoint.listenerName, host: endpoint.host.isEmpty ? "localhost" : endpoint.host, port: endpoint.port)
            if !endpoints.contains(voterEndpoint) { endpoints.append(voterEndpoint) }
        }
        return endpoints
    }
}
