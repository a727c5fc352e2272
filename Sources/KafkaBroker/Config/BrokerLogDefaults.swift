import KafkaStorage

/// Resolves topic configs against broker settings: topic override → dynamic broker config →
/// static `server.properties` synonym → code default (`LogConfig` + `KafkaConfig.extractLogConfigMap`).
public enum BrokerLogDefaults {
    /// The topic-key view of the broker's own settings (static, plus dynamic broker configs).
    public static func topicDefaults(staticConfig: [String: String], dynamicBroker: [String: String] = [:]) -> [String: String] {
        var result: [String: String] = [:]
        for def in TopicConfigDef.all {
            if let value = resolveFromBroker(def, staticConfig: staticConfig, dynamicBroker: dynamicBroker)?.value {
                result[def.name] = value
            }
        }
        return result
    }

    /// The broker synonym that supplies `def` (dynamic first, then static), with the value in topic units.
    static func resolveFromBroker(_ def: TopicConfigDef, staticConfig: [String: String], dynamicBroker: [String: String])
        -> (key: String, value: String, isDynamic: Bool)?
    {
        for key in def.brokerSynonyms {
            if let value = dynamicBroker[key] { return (key, TopicConfigDef.topicValue(fromBroker: key, value: value), true) }
        }
        for key in def.brokerSynonyms {
            if let value = staticConfig[key] { return (key, TopicConfigDef.topicValue(fromBroker: key, value: value), false) }
        }
        return nil
    }

    /// `log.cleanup.policy`, `compression.type` and `log.message.timestamp.type` carry the same
    /// `ValidList` / `ValidString` in `KafkaConfig` as their topic configs: checked, and reported,
    /// under the broker key.
    static func validateEnumeratedKeys(_ properties: [String: String]) throws(KafkaConfigError) {
        for def in TopicConfigDef.all where def.validValues != nil {
            for key in def.brokerSynonyms {
                guard let value = properties[key] else { continue }
                do {
                    try def.validate(value)
                } catch {
                    guard case let .invalid(_, badValue, reason) = error else { throw error }
                    throw .invalid(key: key, value: badValue, reason: reason)
                }
            }
        }
    }

    /// The broker-level `LogConfig` from `server.properties`.
    static func logConfig(from properties: [String: String]) throws(KafkaConfigError) -> LogConfig {
        try effectiveLogConfig(topicConfigs: [:], staticConfig: properties, dynamicBroker: [:])
    }

    /// The `LogConfig` a partition of a topic with `topicConfigs` uses.
    public static func effectiveLogConfig(topicConfigs: [String: String], staticConfig: [String: String],
                                          dynamicBroker: [String: String]) throws(KafkaConfigError) -> LogConfig {
        var merged = topicDefaults(staticConfig: staticConfig, dynamicBroker: dynamicBroker)
        for (key, value) in topicConfigs { merged[key] = value }
        do {
            return try LogConfig(properties: merged)
        } catch {
            throw .invalid(key: error.key, value: error.value, reason: "Invalid value")
        }
    }
}
