/// The finalized features besides `metadata.version` (`Features.java` and its `FeatureVersion`
/// enums, Kafka 4.0): each level says from which metadata.version it is the default for a new
/// cluster and which other feature levels it needs.
public struct KafkaFeature: Sendable, Hashable {
    public struct Level: Sendable, Hashable {
        public let level: Int16
        /// The metadata.version from which `storage format` picks this level by default.
        public let bootstrapMetadataVersion: MetadataVersion
        /// Feature name → minimum level, in Kafka's order.
        public let dependencies: [Dependency]
    }

    public struct Dependency: Sendable, Hashable {
        public let feature: String
        public let level: Int16
    }

    public let name: String
    public let levels: [Level]
    public let latestProduction: Int16

    public static let kraftVersion = KafkaFeature(
        name: "kraft.version",
        levels: [
            Level(level: 0, bootstrapMetadataVersion: .minimum, dependencies: []),
            Level(level: 1, bootstrapMetadataVersion: .ibp_3_9_IV0,
                  dependencies: [Dependency(feature: MetadataVersion.featureName, level: MetadataVersion.ibp_3_9_IV0.featureLevel)]),
        ],
        latestProduction: 1
    )

    public static let transactionVersion = KafkaFeature(
        name: "transaction.version",
        levels: [
            Level(level: 0, bootstrapMetadataVersion: .minimum, dependencies: []),
            Level(level: 1, bootstrapMetadataVersion: .ibp_4_0_IV2, dependencies: []),
            Level(level: 2, bootstrapMetadataVersion: .ibp_4_0_IV2, dependencies: []),
        ],
        latestProduction: 2
    )

    public static let groupVersion = KafkaFeature(
        name: "group.version",
        levels: [
            Level(level: 0, bootstrapMetadataVersion: .minimum, dependencies: []),
            Level(level: 1, bootstrapMetadataVersion: .ibp_4_0_IV0, dependencies: []),
        ],
        latestProduction: 1
    )

    public static let eligibleLeaderReplicasVersion = KafkaFeature(
        name: "eligible.leader.replicas.version",
        levels: [
            Level(level: 0, bootstrapMetadataVersion: .minimum, dependencies: []),
            Level(level: 1, bootstrapMetadataVersion: .ibp_4_1_IV0,
                  dependencies: [Dependency(feature: MetadataVersion.featureName, level: MetadataVersion.ibp_4_0_IV1.featureLevel)]),
        ],
        latestProduction: 1
    )

    /// `Features.PRODUCTION_FEATURES`, in Kafka's order (the order `version-mapping` prints).
    public static let production: [KafkaFeature] = [kraftVersion, transactionVersion, groupVersion, eligibleLeaderReplicasVersion]

    public static func named(_ name: String) -> KafkaFeature? { production.first { $0.name == name } }

    /// `Features.defaultValue(metadataVersion)`: the highest level whose bootstrap version is at
    /// most the given one.
    public func defaultLevel(for metadataVersion: MetadataVersion) -> Int16 {
        var result: Int16 = 0
        for level in levels {
            guard level.bootstrapMetadataVersion <= metadataVersion else { break }
            result = level.level
        }
        return result
    }

    /// `Features.fromFeatureLevel(level, allowUnstable)`.
    public func level(_ level: Int16, allowUnstable: Bool) throws(KafkaFeatureError) -> Level {
        guard let found = levels.first(where: { $0.level == level }), allowUnstable || level <= latestProduction else {
            throw .unsupportedLevel(feature: name, level: level)
        }
        return found
    }

    /// `Features.validateVersion`: every dependency of this level is met by `finalized`.
    public func validate(_ level: Level, against finalized: [String: Int16]) throws(KafkaFeatureError) {
        for dependency in level.dependencies {
            guard let have = finalized[dependency.feature], have >= dependency.level else {
                throw .dependencyNotMet(feature: name, level: level.level, dependency: dependency)
            }
        }
    }
}

public enum KafkaFeatureError: Error, Equatable, CustomStringConvertible {
    case unsupportedLevel(feature: String, level: Int16)
    case dependencyNotMet(feature: String, level: Int16, dependency: KafkaFeature.Dependency)

    /// Java's `IllegalArgumentException` messages.
    public var description: String {
        switch self {
        case .unsupportedLevel(let feature, let level):
            return "No feature:\(feature) with feature level \(level)"
        case .dependencyNotMet(let feature, let level, let dependency):
            return "\(feature) could not be set to \(level) because it depends on \(dependency.feature) level \(dependency.level)"
        }
    }
}
