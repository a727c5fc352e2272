import KafkaStorage
import KafkaClient
import KafkaProtocol

/// The text Kafka's `NodeApiVersions.toString(true)` and `Node.toString()` give, built from a
/// broker's raw ApiVersions answer and this client's own version ranges.
public enum NodeApiVersionsText {
    /// One advertised API: key and version range as the broker sent them.
    public struct Entry: Sendable, Hashable {
        public var apiKey: Int16
        public var minVersion: Int16
        public var maxVersion: Int16
        public init(apiKey: Int16, minVersion: Int16, maxVersion: Int16) {
            self.apiKey = apiKey
            self.minVersion = minVersion
            self.maxVersion = maxVersion
        }
    }

    /// `Node.toString()` as Kafka 4.0 clients print it.
    public static func node(host: String, port: Int, id: Int32, rack: String?, isFenced: Bool = false) -> String {
        "\(host):\(port) (id: \(id) rack: \(rack ?? "null") isFenced: \(isFenced))"
    }

    /// `Node.hashCode()` (host, id, port, rack, isFenced), which decides the tool's output order.
    public static func nodeHash(host: String, port: Int, id: Int32, rack: String?, isFenced: Bool = false) -> Int32 {
        var result: Int32 = 31 &+ JavaHashOrder.hashCode(host)
        result = 31 &* result &+ id
        result = 31 &* result &+ Int32(truncatingIfNeeded: port)
        result = 31 &* result &+ (rack.map(JavaHashOrder.hashCode) ?? 0)
        result = 31 &* result &+ (isFenced ? 1231 : 1237)
        return result
    }

    /// The API keys this client knows (Java's `ApiKeys.hasId`): keys with versions in our schemas.
    static func known(_ id: Int16) -> ApiKey? {
        guard let key = ApiKey(rawValue: id), key.validVersions != nil else { return nil }
        return key
    }

    /// `ApiKeys.clientApis()`: every API served on a broker listener.
    public static var clientApis: [ApiKey] {
        ApiKey.allCases.filter { $0.validVersions != nil && $0.listeners.contains(.broker) }
    }

    /// `NodeApiVersions.toString(true)`: `(`, one TAB-indented line per key in key order, `)`.
    public static func text(_ entries: [Entry]) -> String {
        var lines: [Int16: String] = [:]
        for entry in entries { lines[entry.apiKey] = line(entry) }
        for key in clientApis where lines[key.rawValue] == nil {
            lines[key.rawValue] = "\(key.name)(\(key.rawValue)): UNSUPPORTED"
        }
        let body = lines.keys.sorted().compactMap { lines[$0] }.joined(separator: ",\n\t")
        return "(\n\t" + body + "\n)"
    }

    /// `apiVersionToText`: name, range and how this client could use it.
    static func line(_ entry: Entry) -> String {
        let key = known(entry.apiKey)
        var text = key.map { "\($0.name)(\($0.rawValue)): " } ?? "UNKNOWN(\(entry.apiKey)): "
        text += entry.minVersion == entry.maxVersion ? "\(entry.minVersion)" : "\(entry.minVersion) to \(entry.maxVersion)"
        guard let key, let client = key.clientVersions ?? key.validVersions else { return text }
        if client.upperBound < entry.minVersion {
            text += " [unusable: node too new]"
        } else if entry.maxVersion < client.lowerBound {
            text += " [unusable: node too old]"
        } else {
            text += " [usable: \(min(client.upperBound, entry.maxVersion))]"
        }
        return text
    }

    /// One broker's block as the tool prints it: `<node> -> (…)` and a newline.
    public static func block(node: String, entries: [Entry]) -> String {
        node + " -> " + text(entries) + "\n"
    }

    /// A broker whose ApiVersions lookup failed: `<node> -> ERROR: <exception>` and a newline.
    public static func errorBlock(node: String, error: String) -> String {
        node + " -> ERROR: " + error + "\n"
    }
}
