/// `metadata.version` (`MetadataVersion.java`, Kafka 4.0): the cluster-wide feature level that
/// gates metadata record formats. 4.0 knows 3.3-IV3 (level 7) through 4.1-IV0 (level 26, not yet
/// production); 4.0-IV3 (25) is the latest production version and the `storage format` default.
public struct MetadataVersion: Sendable, Hashable, Comparable, CustomStringConvertible {
    public static let featureName = "metadata.version"

    public let featureLevel: Int16
    /// The release, e.g. `4.0`.
    public let release: String
    /// The internal version, e.g. `IV3`.
    public let subVersion: String
    /// Whether metadata records changed since the previous version (downgrades across it lose data).
    public let didMetadataChange: Bool

    /// `4.0-IV3`.
    public var version: String { "\(release)-\(subVersion)" }
    public var description: String { version }

    public static func < (lhs: MetadataVersion, rhs: MetadataVersion) -> Bool { lhs.featureLevel < rhs.featureLevel }

    private init(_ level: Int16, _ release: String, _ subVersion: String, _ didMetadataChange: Bool) {
        featureLevel = level
        self.release = release
        self.subVersion = subVersion
        self.didMetadataChange = didMetadataChange
    }

    public static let ibp_3_3_IV3 = MetadataVersion(7, "3.3", "IV3", true)
    public static let ibp_3_4_IV0 = MetadataVersion(8, "3.4", "IV0", true)
    public static let ibp_3_5_IV0 = MetadataVersion(9, "3.5", "IV0", false)
    public static let ibp_3_5_IV1 = MetadataVersion(10, "3.5", "IV1", false)
    public static let ibp_3_5_IV2 = MetadataVersion(11, "3.5", "IV2", true)
    public static let ibp_3_6_IV0 = MetadataVersion(12, "3.6", "IV0", false)
    public static let ibp_3_6_IV1 = MetadataVersion(13, "3.6", "IV1", true)
    public static let ibp_3_6_IV2 = MetadataVersion(14, "3.6", "IV2", true)
    public static let ibp_3_7_IV0 = MetadataVersion(15, "3.7", "IV0", true)
    public static let ibp_3_7_IV1 = MetadataVersion(16, "3.7", "IV1", false)
    public static let ibp_3_7_IV2 = MetadataVersion(17, "3.7", "IV2", true)
    public static let ibp_3_7_IV3 = MetadataVersion(18, "3.7", "IV3", false)
    public static let ibp_3_7_IV4 = MetadataVersion(19, "3.7", "IV4", false)
    public static let ibp_3_8_IV0 = MetadataVersion(20, "3.8", "IV0", false)
    public static let ibp_3_9_IV0 = MetadataVersion(21, "3.9", "IV0", false)
    public static let ibp_4_0_IV0 = MetadataVersion(22, "4.0", "IV0", false)
    public static let ibp_4_0_IV1 = MetadataVersion(23, "4.0", "IV1", true)
    public static let ibp_4_0_IV2 = MetadataVersion(24, "4.0", "IV2", false)
    public static let ibp_4_0_IV3 = MetadataVersion(25, "4.0", "IV3", false)
    public static let ibp_4_1_IV0 = MetadataVersion(26, "4.1", "IV0", false)

    /// Every version, oldest first.
    public static let all: [MetadataVersion] = [
        ibp_3_3_IV3, ibp_3_4_IV0, ibp_3_5_IV0, ibp_3_5_IV1, ibp_3_5_IV2, ibp_3_6_IV0, ibp_3_6_IV1,
        ibp_3_6_IV2, ibp_3_7_IV0, ibp_3_7_IV1, ibp_3_7_IV2, ibp_3_7_IV3, ibp_3_7_IV4, ibp_3_8_IV0,
        ibp_3_9_IV0, ibp_4_0_IV0, ibp_4_0_IV1, ibp_4_0_IV2, ibp_4_0_IV3, ibp_4_1_IV0,
    ]

    public static let minimum = ibp_3_3_IV3
    /// The oldest version a bootstrap file may carry (`MINIMUM_BOOTSTRAP_VERSION`).
    public static let minimumBootstrap = ibp_3_3_IV3
    public static let latestProduction = ibp_4_0_IV3
    public static var latestTesting: MetadataVersion { all[all.count - 1] }

    public var isProduction: Bool { self <= Self.latestProduction }
    public var isScramSupported: Bool { self >= Self.ibp_3_5_IV2 }
    public var isDirectoryAssignmentSupported: Bool { self >= Self.ibp_3_7_IV2 }
    public var isElrSupported: Bool { self >= Self.ibp_4_0_IV1 }

    /// `MetadataVersion.fromVersionString`: `4.0-IV3`, or a release (`4.0`, also `4.0.1`) for
    /// its newest internal version.
    public static func fromVersionString(_ text: String) throws(MetadataVersionError) -> MetadataVersion {
        let segments = text.split(separator: ".", omittingEmptySubsequences: false)
        let key = segments.count <= 2 ? text : segments.prefix(2).joined(separator: ".")
        if let exact = all.first(where: { $0.version == key }) { return exact }
        if let newest = all.last(where: { $0.release == key }) { return newest }
        throw .invalidVersionString(text)
    }

    /// `MetadataVersion.fromFeatureLevel`.
    public static func fromFeatureLevel(_ level: Int16) throws(MetadataVersionError) -> MetadataVersion {
        guard let version = all.first(where: { $0.featureLevel == level }) else { throw .unknownFeatureLevel(level) }
        return version
    }
}

public enum MetadataVersionError: Error, Equatable, CustomStringConvertible {
    case invalidVersionString(String)
    case unknownFeatureLevel(Int16)

    /// Java's `IllegalArgumentException` messages.
    public var description: String {
        switch self {
        case .invalidVersionString(let text):
            return "Version \(text) is not a valid version. The minimum version is \(MetadataVersion.minimum) and the maximum version is \(MetadataVersion.latestTesting)"
        case .unknownFeatureLevel(let level):
            return "No MetadataVersion with feature level \(level). Valid feature levels are from \(MetadataVersion.minimum.featureLevel) to \(MetadataVersion.latestTesting.featureLevel)."
        }
    }
}
