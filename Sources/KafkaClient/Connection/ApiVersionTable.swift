import KafkaProtocol

/// What a broker advertised in ApiVersions: per API key, the version range it accepts.
public struct ApiVersionTable: Sendable, Hashable {
    public var ranges: [ApiKey: ClosedRange<Int16>]
    public var response: ApiVersionsResponse

    public init(_ response: ApiVersionsResponse) {
        self.response = response
        var ranges: [ApiKey: ClosedRange<Int16>] = [:]
        for entry in response.apiKeys {
            guard let key = ApiKey(rawValue: entry.apiKey), entry.minVersion <= entry.maxVersion else { continue }
            ranges[key] = entry.minVersion...entry.maxVersion
        }
        self.ranges = ranges
    }

    public func range(for key: ApiKey) -> ClosedRange<Int16>? { ranges[key] }

    /// `min(clientMax, brokerMax)`, if that is ≥ `max(clientMin, brokerMin)` (README §6.4).
    public func version(for key: ApiKey, client: ClosedRange<Int16>) throws -> Int16 {
        guard let broker = ranges[key] else {
            throw KafkaError.unsupportedVersion(api: key, brokerRange: nil, clientRange: client)
        }
        let version = min(client.upperBound, broker.upperBound)
        guard version >= max(client.lowerBound, broker.lowerBound) else {
            throw KafkaError.unsupportedVersion(api: key, brokerRange: broker, clientRange: client)
        }
        return version
    }

    public func supports(_ key: ApiKey) -> Bool { ranges[key] != nil }
}

extension ApiKey {
    /// The versions this client speaks: the schema's versions, without an unstable latest one.
    public var clientVersions: ClosedRange<Int16>? {
        guard let valid = validVersions else { return nil }
        if latestVersionUnstable {
            guard valid.upperBound > valid.lowerBound else { return nil }
            return valid.lowerBound...(valid.upperBound - 1)
        }
        return valid
    }
}
