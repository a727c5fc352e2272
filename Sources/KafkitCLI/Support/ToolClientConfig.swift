import KafkaClient
import KafkaStorage

/// The client settings every networked tool builds the same way: `--bootstrap-server`, a
/// `--command-config` / `--*.config` Java properties file, and `--*-property k=v` overrides
/// (later sources win, as in Kafka's tools).
public enum ToolClientConfig {
    public static func make(
        bootstrapServer: String?, configFile: String? = nil, properties: [String: String] = [:]
    ) throws -> ClientConfig {
        let merged = try merge(configFile: configFile, properties: properties)
        return try ClientConfig(properties: merged, bootstrapServers: bootstrapServer ?? merged["bootstrap.servers"])
    }

    /// An admin tool's settings: `--bootstrap-server` or `--bootstrap-controller` (KIP-919, set as
    /// `bootstrap.controllers`), with the same file and overrides as `make`.
    public static func makeAdmin(
        bootstrapServer: String?, bootstrapController: String?, configFile: String? = nil, properties: [String: String] = [:]
    ) throws -> ClientConfig {
        try ClientConfig(
            adminProperties: try merge(configFile: configFile, properties: properties),
            bootstrapServers: bootstrapServer, bootstrapControllers: bootstrapController)
    }

    /// The properties file, then the overrides on top.
    static func merge(configFile: String?, properties: [String: String]) throws -> [String: String] {
        var merged: [String: String] = [:]
        if let configFile {
            let file = try JavaProperties.load(contentsOf: configFile)
            for key in file.keys { merged[key] = file[key] }
        }
        for (key, value) in properties { merged[key] = value }
        return merged
    }

    /// Parses `k=v` arguments (split at the first `=`), as Kafka's `CommandLineUtils.parseKeyValueArgs`.
    public static func parseKeyValues(_ arguments: [String]) -> [String: String] {
        var result: [String: String] = [:]
        for argument in arguments {
            guard let equals = argument.firstIndex(of: "=") else { continue }
            result[String(argument[..<equals])] = String(argument[argument.index(after: equals)...])
        }
        return result
    }
}
