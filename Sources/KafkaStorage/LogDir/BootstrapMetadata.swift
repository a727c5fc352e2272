/// One record of the bootstrap metadata a new cluster starts from.
public enum BootstrapRecord: Sendable, Hashable {
    /// `FeatureLevelRecord` (metadata record type 12, version 0).
    case featureLevel(name: String, level: Int16)
    /// `UserScramCredentialRecord` (metadata record type 11, version 0).
    case scramCredential(ScramCredential)
}

/// The records `storage format` writes to `bootstrap.checkpoint` (`BootstrapMetadata.java`).
public struct BootstrapMetadata: Sendable, Hashable {
    public var records: [BootstrapRecord]
    public var metadataVersion: MetadataVersion

    public init(records: [BootstrapRecord], metadataVersion: MetadataVersion) {
        self.records = records
        self.metadataVersion = metadataVersion
    }

    /// `BootstrapMetadata.fromVersions`: `metadata.version` first, then the other features by
    /// name, leaving out `kraft.version` (it lives in the KRaft control records) and level 0.
    public static func fromVersions(_ metadataVersion: MetadataVersion, featureLevels: [String: Int16]) -> BootstrapMetadata {
        var records: [BootstrapRecord] = [.featureLevel(name: MetadataVersion.featureName, level: metadataVersion.featureLevel)]
        for name in featureLevels.keys.sorted(by: javaStringLess)
        where name != MetadataVersion.featureName && name != KafkaFeature.kraftVersion.name {
            if let level = featureLevels[name], level > 0 {
                records.append(.featureLevel(name: name, level: level))
            }
        }
        return BootstrapMetadata(records: records, metadataVersion: metadataVersion)
    }

    /// Reads the bootstrap records back: the metadata.version is the level of its
    /// `FeatureLevelRecord` (`BootstrapMetadata.fromRecords`).
    public static func fromRecords(_ records: [BootstrapRecord], source: String) throws(FormatterError) -> BootstrapMetadata {
        for case .featureLevel(let name, let level) in records where name == MetadataVersion.featureName {
            guard let version = try? MetadataVersion.fromFeatureLevel(level) else {
                throw FormatterError("No MetadataVersion with feature level \(level)")
            }
            return BootstrapMetadata(records: records, metadataVersion: version)
        }
        throw FormatterError("No FeatureLevelRecord for metadata.version was found in \(source)")
    }
}

/// Java's `String.compareTo`: UTF-16 code unit order (what `TreeMap` and `sort` use).
public func javaStringLess(_ lhs: String, _ rhs: String) -> Bool {
    lhs.utf16.lexicographicallyPrecedes(rhs.utf16)
}
