/// Every broker config a Kafka 4.0 broker reports in DescribeConfigs: its code default (nil: no
/// default, reported as null), as a real 4.0.0 broker's `kafka-configs --describe --entity-type
/// brokers --all` shows it, and its `ConfigDef.Type` and documentation from `KafkaConfig.configDef`.
/// The table is split by name range into the `BrokerConfigDefaults+*.swift` files; `all` keeps it sorted.
enum BrokerConfigDefaults {
    struct Entry: Sendable {
        let name: String
        let defaultValue: String?
        let type: TopicConfigDef.ConfigType
        let documentation: String?

        /// `KafkaConfig.maybeSensitive`: passwords are never shown.
        var sensitive: Bool { type == .password }

        init(_ name: String, _ defaultValue: String?, _ type: TopicConfigDef.ConfigType, doc: String?) {
            self.name = name
            self.defaultValue = defaultValue
            self.type = type
            self.documentation = doc
        }
    }

    static let all: [Entry] = core + groupAndLog + metadataToReplication + securityAndTransactions

    static let byName: [String: Entry] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// Broker configs that exist only as dynamic configs (`DynamicConfig.Broker`), outside
    /// `KafkaConfig.configDef`: typed, but without documentation in DescribeConfigs.
    static let dynamicOnlyTypes: [String: TopicConfigDef.ConfigType] = [
        "leader.replication.throttled.rate": .long,
        "follower.replication.throttled.rate": .long,
        "replica.alter.log.dirs.io.max.bytes.per.second": .long,
    ]

    /// `KafkaConfig.configType`: the exact name, else the name without a `listener.name.<listener>.`
    /// (and SASL mechanism) prefix; `.unknown` for anything else.
    static func type(of name: String) -> TopicConfigDef.ConfigType {
        if let entry = byName[name] { return entry.type }
        if let type = dynamicOnlyTypes[name] { return type }
        let prefix = "listener.name."
        guard name.hasPrefix(prefix) else { return .unknown }
        let parts = name.dropFirst(prefix.count).split(separator: ".", maxSplits: 2, omittingEmptySubsequences: false)
        guard parts.count >= 2 else { return .unknown }
        let withoutListener = parts.dropFirst().joined(separator: ".")
        if let entry = byName[withoutListener] { return entry.type }
        if parts.count == 3, let entry = byName[String(parts[2])] { return entry.type }
        return .unknown
    }
}
