/// A listener endpoint `NAME://host:port` (`org.apache.kafka.common.Endpoint`). An empty host
/// means every interface.
public struct Endpoint: Sendable, Hashable, CustomStringConvertible {
    public var listenerName: String
    public var host: String
    public var port: Int

    public init(listenerName: String, host: String, port: Int) {
        self.listenerName = listenerName
        self.host = host
        self.port = port
    }

    public var description: String { "\(listenerName)://\(host):\(port)" }

    /// Parses Kafka's comma-separated listener list (`SocketServerConfigs.listenerListToEndPoints`).
    /// IPv6 hosts come in brackets.
    public static func parseList(_ text: String, key: String) throws(KafkaConfigError) -> [Endpoint] {
        let items = text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
        var endpoints: [Endpoint] = []
        for item in items {
            guard let schemeEnd = item.range(of: "://") else {
                throw .invalid(key: key, value: text, reason: "Unable to parse \(item) to a broker endpoint")
            }
            let name = String(item[..<schemeEnd.lowerBound]).uppercased()
            let rest = item[schemeEnd.upperBound...]
            guard let colon = rest.lastIndex(of: ":"), let port = Int(rest[rest.index(after: colon)...]),
                  (0...65535).contains(port), !name.isEmpty else {
                throw .invalid(key: key, value: text, reason: "Unable to parse \(item) to a broker endpoint")
            }
            var host = String(rest[..<colon])
            if host.hasPrefix("[") && host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
            endpoints.append(Endpoint(listenerName: name, host: host, port: port))
        }
        var seen: Set<String> = []
        for endpoint in endpoints where !seen.insert(endpoint.listenerName).inserted {
            throw .invalid(key: key, value: text,
                           reason: "Each listener must have a different name, listeners: \(text)")
        }
        return endpoints
    }
}

extension Substring {
    var trimmingSpaces: String {
        String(self.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed())
    }
}

extension String {
    var trimmingSpaces: String { Substring(self).trimmingSpaces }
}
