/// Client settings, read from Java-style properties (`--command-config` files and `--property`
/// overrides) the CLI has parsed into a dictionary. Unknown keys are kept in `properties` so the
/// producer and consumer can read their own.
public struct ClientConfig: Sendable {
    public var properties: [String: String]
    public var bootstrapServers: [BrokerAddress]
    public var clientId: String
    public var requestTimeoutMs: Int64
    public var defaultApiTimeoutMs: Int64
    public var retryBackoffMs: Int64
    public var retryBackoffMaxMs: Int64
    public var retries: Int
    public var metadataMaxAgeMs: Int64
    public var connectionsMaxIdleMs: Int64
    public var socketConnectionSetupTimeoutMs: Int64
    public var clientSoftwareName: String
    public var clientSoftwareVersion: String
    /// KIP-919: `bootstrapServers` are controllers (`bootstrap.controllers`), found with
    /// DescribeCluster and asked directly; see `ClientConfig(adminProperties:)`.
    public var usingBootstrapControllers = false

    public static let defaultSoftwareName = "kafkit"
    public static let defaultSoftwareVersion = "4.0.0"

    /// `properties` holds Kafka's config keys; `bootstrap.servers` may also come from
    /// `--bootstrap-server` via `bootstrapServers` (which wins when non-nil).
    public init(properties: [String: String] = [:], bootstrapServers: String? = nil) throws {
        self.properties = properties
        let servers = bootstrapServers ?? properties["bootstrap.servers"] ?? ""
        self.bootstrapServers = try BrokerAddress.parseList(servers)
        clientId = properties["client.id"] ?? ""
        requestTimeoutMs = try Self.long(properties, "request.timeout.ms", 30_000)
        defaultApiTimeoutMs = try Self.long(properties, "default.api.timeout.ms", 60_000)
        retryBackoffMs = try Self.long(properties, "retry.backoff.ms", 100)
        retryBackoffMaxMs = try Self.long(properties, "retry.backoff.max.ms", 1_000)
        retries = Int(try Self.long(properties, "retries", Int64(Int32.max)))
        metadataMaxAgeMs = try Self.long(properties, "metadata.max.age.ms", 300_000)
        connectionsMaxIdleMs = try Self.long(properties, "connections.max.idle.ms", 540_000)
        socketConnectionSetupTimeoutMs = try Self.long(properties, "socket.connection.setup.timeout.ms", 10_000)
        // Only PLAINTEXT listeners are spoken; anything else must fail loudly, not connect in clear.
        let security = properties["security.protocol"]?.trimmingWhitespace.uppercased() ?? "PLAINTEXT"
        guard security == "PLAINTEXT" else {
            throw KafkaError.invalidConfig(key: "security.protocol", value: security, reason: "only PLAINTEXT is supported by this client")
        }
        clientSoftwareName = Self.defaultSoftwareName
        clientSoftwareVersion = Self.defaultSoftwareVersion
    }

    /// A property as a Java long, or `defaultValue` when absent.
    public func long(_ key: String, default defaultValue: Int64) throws -> Int64 {
        try Self.long(properties, key, defaultValue)
    }

    public func int(_ key: String, default defaultValue: Int) throws -> Int {
        Int(try Self.long(properties, key, Int64(defaultValue)))
    }

    public func bool(_ key: String, default defaultValue: Bool) throws -> Bool {
        guard let raw = properties[key]?.trimmingWhitespace else { return defaultValue }
        switch raw.lowercased() {
        case "true": return true
        case "false": return false
        default: throw KafkaError.invalidConfig(key: key, value: raw, reason: "Expected value to be either true or false")
        }
    }

    public func string(_ key: String, default defaultValue: String) -> String {
        properties[key]?.trimmingWhitespace ?? defaultValue
    }

    static func long(_ properties: [String: String], _ key: String, _ defaultValue: Int64) throws -> Int64 {
        guard let raw = properties[key]?.trimmingWhitespace else { return defaultValue }
        guard let value = Int64(raw) else {
            throw KafkaError.invalidConfig(key: key, value: raw, reason: "Not a number of type LONG")
        }
        return value
    }
}

extension String {
    var trimmingWhitespace: String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars.removeFirst() }
        while let last = scalars.last, last.isWhitespace { scalars.removeLast() }
        return String(scalars)
    }
}

/// `host:port` of a broker (bootstrap entry or metadata node).
public struct BrokerAddress: Sendable, Hashable, CustomStringConvertible {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    public var description: String { host.contains(":") ? "[\(host)]:\(port)" : "\(host):\(port)" }

    /// Parses `host:port,host:port` (IPv6 as `[::1]:9092`), as `ClientUtils.parseAndValidateAddresses`.
    public static func parseList(_ text: String) throws -> [BrokerAddress] {
        var result: [BrokerAddress] = []
        for part in text.split(separator: ",") {
            let entry = String(part).trimmingWhitespace
            if entry.isEmpty { continue }
            result.append(try parse(entry))
        }
        return result
    }

    public static func parse(_ entry: String) throws -> BrokerAddress {
        let invalid = KafkaError.invalidConfig(key: "bootstrap.servers", value: entry, reason: "Invalid url in bootstrap.servers: \(entry)")
        guard let colon = entry.lastIndex(of: ":") else { throw invalid }
        var host = String(entry[..<colon])
        let portText = entry[entry.index(after: colon)...]
        guard let port = Int(portText), (0...65535).contains(port) else { throw invalid }
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        guard !host.isEmpty else { throw invalid }
        return BrokerAddress(host: host, port: port)
    }
}
