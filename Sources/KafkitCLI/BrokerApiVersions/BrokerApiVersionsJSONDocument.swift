import KafkaClient
import KafkaProtocol

/// `broker-api-versions --output json` (shape in docs/json/broker-api-versions.md).
struct BrokerApiVersionsDocument: Encodable, Sendable {
    var brokers: [Broker]

    struct Broker: Encodable, Sendable {
        var id: Int32
        var host: String
        var port: Int
        var rack: String?
        var isFenced: Bool
        /// Null when the broker's ApiVersions lookup failed (then `error` says why).
        var apis: [Api]?
        var error: JSONOutput.ErrorDocument.Body?
    }

    /// One line of the text's table.
    struct Api: Encodable, Sendable, Equatable {
        /// Null for a key this client does not know (`UNKNOWN(<key>)`).
        var name: String?
        var apiKey: Int16
        /// Null for an API the broker does not offer (`UNSUPPORTED`).
        var minVersion: Int16?
        var maxVersion: Int16?
        /// The version this client would use; null unless `status` is `usable`.
        var usableVersion: Int16?
        /// `usable`, `node too new`, `node too old`, `unsupported` or `unknown`.
        var status: String
    }

    /// The entries of `NodeApiVersionsText.text(entries)`, as data, in API key order.
    static func apis(_ entries: [NodeApiVersionsText.Entry]) -> [Api] {
        var byKey: [Int16: Api] = [:]
        for entry in entries { byKey[entry.apiKey] = api(entry) }
        for key in NodeApiVersionsText.clientApis where byKey[key.rawValue] == nil {
            byKey[key.rawValue] = Api(
                name: key.name, apiKey: key.rawValue, minVersion: nil, maxVersion: nil, usableVersion: nil, status: "unsupported")
        }
        return byKey.keys.sorted().compactMap { byKey[$0] }
    }

    /// `apiVersionToText` as data.
    static func api(_ entry: NodeApiVersionsText.Entry) -> Api {
        var api = Api(
            name: nil, apiKey: entry.apiKey, minVersion: entry.minVersion, maxVersion: entry.maxVersion,
            usableVersion: nil, status: "unknown")
        guard let key = NodeApiVersionsText.known(entry.apiKey) else { return api }
        api.name = key.name
        guard let client = key.clientVersions ?? key.validVersions else { return api }
        if client.upperBound < entry.minVersion {
            api.status = "node too new"
        } else if entry.maxVersion < client.lowerBound {
            api.status = "node too old"
        } else {
            api.status = "usable"
            api.usableVersion = min(client.upperBound, entry.maxVersion)
        }
        return api
    }
}
