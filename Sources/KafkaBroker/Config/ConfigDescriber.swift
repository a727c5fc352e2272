/// Describes topic and broker configs with values, sources and synonyms (`ConfigHelper`).
public struct DescribedConfig: Sendable, Hashable {
    /// `DescribeConfigsResponse.ConfigSource` numbering.
    public enum Source: Int8, Sendable, Hashable {
        case unknown = 0
        case dynamicTopicConfig = 1
        case dynamicBrokerConfig = 2
        case dynamicDefaultBrokerConfig = 3
        case staticBrokerConfig = 4
        case defaultConfig = 5
        case dynamicBrokerLoggerConfig = 6
        case clientMetricsConfig = 7
        case groupConfig = 8
    }

    public struct Synonym: Sendable, Hashable {
        public var name: String
        public var value: String?
        public var source: Source
    }

    public var name: String
    public var value: String?
    public var source: Source
    public var isSensitive: Bool
    public var readOnly: Bool
    public var type: TopicConfigDef.ConfigType
    public var synonyms: [Synonym]
    public var documentation: String?

    /// `isDefault` for DescribeConfigs v0.
    public var isDefault: Bool { source == .defaultConfig }
}

public struct ConfigDescriber: Sendable {
    let staticConfig: [String: String]
    let nodeId: Int32

    public init(config: KafkaConfig) {
        staticConfig = config.originals
        nodeId = config.nodeId
    }

    /// Every topic config of `topic`. DescribeConfigs reports synonyms (and the source) through
    /// each config's primary broker key only; the controller's CreateTopics answer takes the
    /// source from every broker synonym (`allBrokerSynonyms`), so `log.retention.hours` in
    /// server.properties makes `retention.ms` a STATIC_BROKER_CONFIG there.
    public func describeTopic(_ topic: String, image: MetadataImage, allBrokerSynonyms: Bool = false) -> [DescribedConfig] {
        let overrides = image.dynamicConfigs(ConfigResource(type: .topic, name: topic))
        let nodeDynamic = image.dynamicConfigs(ConfigResource(type: .broker, name: String(nodeId)))
        let defaultDynamic = image.dynamicConfigs(ConfigResource(type: .broker, name: ""))
        return TopicConfigDef.all.map { def in
            var synonyms: [DescribedConfig.Synonym] = []
            if let value = overrides[def.name] { synonyms.append(.init(name: def.name, value: value, source: .dynamicTopicConfig)) }
            if let primary = def.brokerSynonyms.first {
                synonyms.append(contentsOf: brokerSynonyms(primary, nodeDynamic: nodeDynamic, defaultDynamic: defaultDynamic))
            }
            let merged = nodeDynamic.merging(defaultDynamic) { node, _ in node }
            let value = overrides[def.name]
                ?? BrokerLogDefaults.resolveFromBroker(def, staticConfig: staticConfig, dynamicBroker: merged)?.value
                ?? def.brokerSynonyms.first.flatMap { BrokerConfigDefaults.byName[$0]?.defaultValue }
                    .map { TopicConfigDef.topicValue(fromBroker: def.brokerSynonyms.first ?? "", value: $0) }
                ?? def.defaultValue
            var source = synonyms.first?.source ?? .defaultConfig
            if allBrokerSynonyms && source == .defaultConfig {
                let all = def.brokerSynonyms.flatMap { brokerSynonyms($0, nodeDynamic: nodeDynamic, defaultDynamic: defaultDynamic) }
                source = all.first { $0.source != .defaultConfig }?.source ?? .defaultConfig
            }
            return DescribedConfig(name: def.name, value: value, source: source,
                                   isSensitive: false, readOnly: false, type: def.type, synonyms: synonyms,
                                   documentation: def.documentation)
        }
    }

    /// Every broker config (sorted by name) as broker `nodeId` reports it. Dynamic-only configs
    /// (the replication quotas) appear once they are set, as in Kafka, where they join the
    /// broker's `originals`.
    public func describeBroker(image: MetadataImage) -> [DescribedConfig] {
        let nodeDynamic = image.dynamicConfigs(ConfigResource(type: .broker, name: String(nodeId)))
        let defaultDynamic = image.dynamicConfigs(ConfigResource(type: .broker, name: ""))
        var described = BrokerConfigDefaults.all.map { entry in
            let synonyms = brokerSynonyms(entry.name, nodeDynamic: nodeDynamic, defaultDynamic: defaultDynamic)
            let value = entry.sensitive ? nil : synonyms.first?.value
            return DescribedConfig(name: entry.name, value: value, source: synonyms.first?.source ?? .defaultConfig,
                                   isSensitive: entry.sensitive, readOnly: !DynamicBrokerConfigs.isDynamic(entry.name),
                                   type: entry.type, synonyms: synonyms, documentation: entry.documentation)
        }
        for (name, type) in BrokerConfigDefaults.dynamicOnlyTypes.sorted(by: { $0.key < $1.key }) {
            let synonyms = brokerSynonyms(name, nodeDynamic: nodeDynamic, defaultDynamic: defaultDynamic)
            guard let first = synonyms.first else { continue }
            described.append(DescribedConfig(name: name, value: first.value, source: first.source, isSensitive: false,
                                             readOnly: false, type: type, synonyms: synonyms, documentation: nil))
        }
        return described.sorted { $0.name < $1.name }
    }

    /// The sources of a broker key, most specific first (`DynamicBrokerConfig` + static + default).
    func brokerSynonyms(_ key: String, nodeDynamic: [String: String], defaultDynamic: [String: String]) -> [DescribedConfig.Synonym] {
        var synonyms: [DescribedConfig.Synonym] = []
        if let value = nodeDynamic[key] { synonyms.append(.init(name: key, value: value, source: .dynamicBrokerConfig)) }
        if let value = defaultDynamic[key] { synonyms.append(.init(name: key, value: value, source: .dynamicDefaultBrokerConfig)) }
        if let value = staticConfig[key] { synonyms.append(.init(name: key, value: value, source: .staticBrokerConfig)) }
        if let value = BrokerConfigDefaults.byName[key]?.defaultValue {
            synonyms.append(.init(name: key, value: value, source: .defaultConfig))
        }
        return synonyms
    }
}

/// The broker configs that may be changed at runtime (`DynamicBrokerConfig.AllDynamicConfigs`, the
/// log-related and a few network ones, plus the replication quotas of `DynamicConfig.Broker` that
/// `kafka-reassign-partitions --throttle` sets).
enum DynamicBrokerConfigs {
    static func isDynamic(_ name: String) -> Bool {
        if TopicConfigDef.all.contains(where: { $0.brokerSynonyms.contains(name) }) { return true }
        if BrokerConfigDefaults.dynamicOnlyTypes[name] != nil { return true }
        return dynamicNames.contains(name)
    }

    static let dynamicNames: Set<String> = [
        "advertised.listeners", "listeners", "listener.security.protocol.map", "num.io.threads", "num.network.threads",
        "num.replica.fetchers", "num.recovery.threads.per.data.dir", "background.threads", "log.cleaner.threads",
        "log.cleaner.dedupe.buffer.size", "log.cleaner.io.buffer.size", "log.cleaner.io.buffer.load.factor",
        "log.cleaner.io.max.bytes.per.second", "log.cleaner.backoff.ms", "max.connections", "max.connections.per.ip",
        "max.connections.per.ip.overrides", "max.connection.creation.rate", "message.max.bytes",
        "log.retention.check.interval.ms",
    ]
}
