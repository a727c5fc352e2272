import KafkaStorage

/// `kafka-storage version-mapping` and `feature-dependencies`.
enum StorageFeatureCommands {
    /// `metadata.version=<level> (<the version as typed>)`, then each production feature's
    /// default level for that version.
    static func versionMapping(releaseVersion: String?, print: (String) -> Void) throws {
        let release = releaseVersion ?? MetadataVersion.latestProduction.version
        guard let version = try? MetadataVersion.fromVersionString(release) else {
            throw FormatterError("Unknown release version '\(release)'. Supported versions are: \(MetadataVersion.minimumBootstrap.version) to \(MetadataVersion.latestProduction.version)")
        }
        print("\(MetadataVersion.featureName)=\(version.featureLevel) (\(release))\n")
        for feature in KafkaFeature.production {
            print("\(feature.name)=\(feature.defaultLevel(for: version))\n")
        }
    }

    /// For each `name=level`: its dependencies, or that it has none.
    static func featureDependencies(_ arguments: [String], print: (String) -> Void) throws {
        for argument in arguments {
            // Scala's `val Array(name, version) = arg.split("=")`: anything but two parts is a MatchError.
            var parts = argument.split(separator: "=", omittingEmptySubsequences: false).map(String.init)
            while parts.count > 1, parts.last == "" { parts.removeLast() }
            guard parts.count == 2 else {
                throw JavaException("scala.MatchError", "[Ljava.lang.String;@\(String(UInt32(truncatingIfNeeded: argument.hashValue), radix: 16)) (of class [Ljava.lang.String;)")
            }
            let (name, levelText) = (parts[0], parts[1])
            guard let level = Int16(levelText) else {
                throw FormatterError("Invalid version format: \(levelText) for feature \(name)")
            }
            if name == MetadataVersion.featureName {
                guard let version = try? MetadataVersion.fromFeatureLevel(level) else {
                    throw FormatterError("Unknown metadata.version \(level)")
                }
                print("\(name)=\(level) (\(version.version)) has no dependencies.\n")
                continue
            }
            guard let feature = KafkaFeature.named(name) else { throw FormatterError("Unknown feature: \(name)") }
            guard let featureLevel = try? feature.level(level, allowUnstable: true) else {
                throw FormatterError("Feature level \(level) is not supported for feature \(name)")
            }
            if featureLevel.dependencies.isEmpty {
                print("\(name)=\(level) has no dependencies.\n")
                continue
            }
            print("\(name)=\(level) requires:\n")
            for dependency in featureLevel.dependencies {
                if dependency.feature == MetadataVersion.featureName, let version = try? MetadataVersion.fromFeatureLevel(dependency.level) {
                    print("    \(dependency.feature)=\(dependency.level) (\(version.version))\n")
                } else {
                    print("    \(dependency.feature)=\(dependency.level)\n")
                }
            }
        }
    }
}
