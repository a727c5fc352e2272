import Foundation
import KafkaProtocol

/// Formats log directories for a KRaft node (`org.apache.kafka.metadata.storage.Formatter`,
/// Kafka 4.0): writes `meta.properties` and `bootstrap.checkpoint` into every unformatted
/// directory and, for a dynamic-quorum metadata directory, the voter-set bootstrap snapshot.
/// `kafkit storage format` drives it; the broker can use it to format on first start.
public struct StorageFormatter: Sendable {
    public var nodeId: Int32 = -1
    public var clusterId: String?
    /// Formatted in sorted order, duplicates removed.
    public var directories: [String] = []
    public var metadataLogDirectory: String?
    public var releaseVersion: MetadataVersion?
    /// `--feature name=level` values.
    public var featureLevels: [String: Int16] = [:]
    public var unstableFeatureVersionsEnabled = false
    public var ignoreFormatted = false
    public var scramArguments: [String] = []
    public var controllerListenerName: String?
    public var initialControllers: DynamicVoters?
    public var noInitialControllersFlag = false
    public var supportedFeatures: [KafkaFeature] = KafkaFeature.production
    /// The clock for the batch timestamps and the `meta.properties` date line.
    public var now: @Sendable () -> Date = { Date() }

    public init() {}

    /// What a run did, for callers that want more than the printed lines.
    public struct Result: Sendable {
        public var releaseVersion: MetadataVersion
        public var featureLevels: [String: Int16]
        public var bootstrapMetadata: BootstrapMetadata
        /// Directories formatted, in the order they were written.
        public var formattedDirectories: [String]
    }

    enum DirectoryType {
        case logDirectory, staticMetadataDirectory, dynamicMetadataNonVoterDirectory, dynamicMetadataVoterDirectory

        var description: String {
            switch self {
            case .logDirectory: return "data directory"
            case .staticMetadataDirectory: return "metadata directory"
            case .dynamicMetadataNonVoterDirectory: return "dynamic metadata directory"
            case .dynamicMetadataVoterDirectory: return "dynamic metadata voter directory"
            }
        }

        var isDynamicMetadataDirectory: Bool {
            self == .dynamicMetadataNonVoterDirectory || self == .dynamicMetadataVoterDirectory
        }
    }

    var hasDynamicQuorum: Bool { initialControllers != nil || noInitialControllersFlag }

    /// Runs the format; `print` receives each stdout line. Throws `FormatterError` (message
    /// only) or `JavaException` as Kafka would.
    @discardableResult
    public func run(print: (String) -> Void) throws -> Result {
        guard nodeId >= 0 else { throw JavaException.runtime("You must specify a valid non-negative node ID.") }
        guard let clusterId else { throw FormatterError("You must specify the cluster id.") }
        let directories = Array(Set(self.directories)).sorted(by: javaStringLess)
        guard !directories.isEmpty else { throw FormatterError("You must specify at least one directory to format") }
        guard let controllerListenerName else {
            throw FormatterError("You must specify the name of the initial controller listener.")
        }
        if let metadataLogDirectory, !directories.contains(metadataLogDirectory) {
            throw FormatterError("The specified metadata log directory, \(metadataLogDirectory) was not one of the given directories: [\(directories.joined(separator: ", "))]")
        }
        let release = try effectiveReleaseVersion()
        let levels = try effectiveFeatureLevels(release)
        let bootstrap = try bootstrapMetadata(release, levels)
        let formatted = try format(
            clusterId: clusterId, directories: directories, release: release, levels: levels,
            bootstrap: bootstrap, controllerListenerName: controllerListenerName, print: print)
        return Result(releaseVersion: release, featureLevels: levels, bootstrapMetadata: bootstrap, formattedDirectories: formatted)
    }

    // MARK: versions and features

    func effectiveReleaseVersion() throws -> MetadataVersion {
        if let level = featureLevels[MetadataVersion.featureName] {
            if releaseVersion != nil {
                throw FormatterError("Use --release-version instead of --feature \(MetadataVersion.featureName)=X to avoid ambiguity.")
            }
            do {
                return try verify(MetadataVersion.fromFeatureLevel(level))
            } catch let error as MetadataVersionError {
                throw JavaException.illegalArgument(error.description)
            }
        }
        if let releaseVersion { return try verify(releaseVersion) }
        return unstableFeatureVersionsEnabled ? MetadataVersion.latestTesting : MetadataVersion.latestProduction
    }

    private func verify(_ version: MetadataVersion) throws(FormatterError) -> MetadataVersion {
        if !unstableFeatureVersionsEnabled && !version.isProduction {
            throw FormatterError("\(MetadataVersion.featureName) \(version) is not yet stable.")
        }
        return version
    }

    func effectiveFeatureLevels(_ release: MetadataVersion) throws -> [String: Int16] {
        let supportedNames = supportedFeatures.map(\.name).sorted(by: javaStringLess)
        var levels: [String: Int16] = [:]
        for name in featureLevels.keys.sorted(by: javaStringLess) {
            if name != MetadataVersion.featureName && !supportedNames.contains(name) {
                throw FormatterError("Unsupported feature: \(name). Supported features are: \(supportedNames.joined(separator: ", "))")
            }
            levels[name] = featureLevels[name]
        }
        levels[MetadataVersion.featureName] = release.featureLevel
        for feature in supportedFeatures {
            if feature.name == KafkaFeature.kraftVersion.name {
                levels[feature.name] = try effectiveKRaftVersion(levels[feature.name])
            } else if levels[feature.name] == nil {
                levels[feature.name] = feature.defaultLevel(for: release)
            }
        }
        for name in levels.keys.sorted(by: javaStringLess) where name != MetadataVersion.featureName {
            guard let feature = supportedFeatures.first(where: { $0.name == name }), let level = levels[name] else { continue }
            do {
                let featureLevel = try feature.level(level, allowUnstable: unstableFeatureVersionsEnabled)
                try feature.validate(featureLevel, against: levels)
            } catch {
                throw JavaException.illegalArgument(error.description)
            }
        }
        return levels
    }

    /// kraft.version defaults to 1 with a dynamic quorum flag and 0 without; forcing the other
    /// value is an error.
    private func effectiveKRaftVersion(_ configured: Int16?) throws(FormatterError) -> Int16 {
        if let configured {
            if configured == 0 {
                if hasDynamicQuorum {
                    throw FormatterError("Cannot set kraft.version to 0 if KIP-853 configuration is present. Try removing the --feature flag for kraft.version.")
                }
            } else if !hasDynamicQuorum {
                throw FormatterError("Cannot set kraft.version to \(configured) unless KIP-853 configuration is present. Try removing the --feature flag for kraft.version.")
            }
            return configured
        }
        return hasDynamicQuorum ? 1 : 0
    }

    func bootstrapMetadata(_ release: MetadataVersion, _ levels: [String: Int16]) throws -> BootstrapMetadata {
        var metadata = BootstrapMetadata.fromVersions(release, featureLevels: levels)
        if !scramArguments.isEmpty {
            guard release.isScramSupported else {
                throw FormatterError("SCRAM is only supported in \(MetadataVersion.featureName) \(MetadataVersion.ibp_3_5_IV2) or later.")
            }
            for argument in scramArguments {
                metadata.records.append(.scramCredential(try ScramCredentialArgument.parse(argument)))
            }
        }
        return metadata
    }

    // MARK: directories

    private func format(
        clusterId: String, directories: [String], release: MetadataVersion, levels: [String: Int16],
        bootstrap: BootstrapMetadata, controllerListenerName: String, print: (String) -> Void
    ) throws -> [String] {
        let ensemble = MetaPropertiesEnsemble.load(directories)
        try ensemble.verify(expectedClusterId: clusterId, expectedNodeId: nodeId)
        if !ignoreFormatted, let first = JavaHashOrder.ordered(Array(ensemble.logDirProps.keys), table: .hashMap).first {
            throw FormatterError("Log directory \(first) is already formatted. Use --ignore-formatted to ignore this directory and format the others.")
        }
        if !ensemble.errorLogDirs.isEmpty {
            for directory in JavaHashOrder.ordered(ensemble.errorLogDirectories.sorted(by: javaStringLess), table: .hashMap) {
                print("I/O error trying to read log directory \(directory). Ignoring...")
            }
            if ensemble.emptyLogDirs.isEmpty && ensemble.logDirProps.isEmpty {
                throw FormatterError("No available log directories to format.")
            }
        }
        if ensemble.emptyLogDirs.isEmpty {
            print("All of the log directories are already formatted.")
            return []
        }
        var plans: [String: (type: DirectoryType, properties: MetaProperties)] = [:]
        var usedIds = Set(ensemble.logDirProps.values.compactMap(\.directoryId))
        for directory in ensemble.emptyLogDirs.sorted(by: javaStringLess) {
            let type = directoryType(directory)
            let directoryId: KafkaUUID
            if type == .dynamicMetadataVoterDirectory, let voter = initialControllers?.voter(nodeId: nodeId) {
                directoryId = voter.directoryId
            } else {
                directoryId = Self.generateDirectoryId(avoiding: usedIds)
            }
            usedIds.insert(directoryId)
            plans[directory] = (type, MetaProperties(version: .v1, clusterId: clusterId, nodeId: nodeId, directoryId: directoryId))
        }
        // Kafka writes the new directories while iterating a HashMap.
        let order = JavaHashOrder.ordered(plans.keys.sorted(by: javaStringLess), table: .hashMap)
        for directory in order {
            guard let plan = plans[directory] else { continue }
            print("Formatting \(plan.type.description) \(directory) with \(MetadataVersion.featureName) \(release).")
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw JavaException("java.nio.file.FileSystemException", "\(directory): \(error.localizedDescription)")
            }
            let timestamp = Int64(now().timeIntervalSince1970 * 1000)
            try BootstrapCheckpoint.write(bootstrap, directory: directory, timestamp: timestamp)
            if plan.type.isDynamicMetadataDirectory, let voters = initialControllers {
                try BootstrapCheckpoint.writeVotersSnapshot(
                    directory: directory, voters: voters, kraftVersion: levels[KafkaFeature.kraftVersion.name] ?? 1,
                    controllerListenerName: controllerListenerName, timestamp: timestamp)
            }
            do {
                try plan.properties.write(directory: directory, date: now())
            } catch {
                throw FormatterError("Error while writing meta.properties file \(directory): \(error)")
            }
        }
        return order
    }

    private func directoryType(_ directory: String) -> DirectoryType {
        guard directory == (metadataLogDirectory ?? "") else { return .logDirectory }
        guard let initialControllers else { return .staticMetadataDirectory }
        return initialControllers.voter(nodeId: nodeId) != nil ? .dynamicMetadataVoterDirectory : .dynamicMetadataNonVoterDirectory
    }

    /// `MetaPropertiesEnsemble.Copier.generateValidDirectoryId`: 128 random bits, not starting
    /// with `-`, not reserved (0, 1, 2), not already used.
    static func generateDirectoryId(avoiding used: Set<KafkaUUID>) -> KafkaUUID {
        var generator = SystemRandomNumberGenerator()
        while true {
            let uuid = KafkaUUID(mostSignificantBits: generator.next(), leastSignificantBits: generator.next())
            if uuid.description.hasPrefix("-") || (uuid.mostSignificantBits == 0 && uuid.leastSignificantBits < 100) { continue }
            if !used.contains(uuid) { return uuid }
        }
    }
}
