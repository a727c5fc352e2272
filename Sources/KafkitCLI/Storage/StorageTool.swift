import Foundation
import KafkaProtocol
import KafkaStorage

/// `kafka-storage` (`kafka.tools.StorageTool`, Kafka 4.0): `info`, `format`, `version-mapping`,
/// `feature-dependencies`, `random-uuid`. Output goes through the console so tests can
/// capture it; the return value is the exit code.
struct StorageTool {
    var console: ToolConsole
    var now: @Sendable () -> Date = { Date() }

    private func stdout(_ text: String) { console.print(text) }
    private func stderr(_ text: String) { console.printError(text) }

    func run(_ arguments: [String]) -> Int32 {
        let parser = Self.makeParser()
        let namespace: ArgParse4jParser.Namespace
        switch parser.parse(arguments) {
        case .help(let text):
            stdout(text)
            return 0
        case .error(let text):
            stderr(text)
            return 1
        case .parsed(let parsed):
            namespace = parsed
        }
        do {
            try execute(namespace)
            return 0
        } catch let failure as FormatterError {
            stderr(failure.message + "\n")
        } catch let exit as InfoProblems {
            _ = exit
        } catch let uncaught as JavaException {
            stderr("Exception in thread \"main\" \(uncaught)\n")
        } catch {
            stderr(JoptToolRunner.uncaughtReport(for: error))
        }
        return 1
    }

    /// `info` found problems: its report is already printed; exit 1.
    struct InfoProblems: Error {}

    private func execute(_ namespace: ArgParse4jParser.Namespace) throws {
        let config = try namespace.string("config").map(StorageToolConfig.load(path:))
        switch namespace.command {
        case "info":
            guard let config else { return }
            let directories = Self.logDirectories(config)
            let report = StorageInfo.report(kraftMode: !config.processRoles.isEmpty, directories: directories)
            stdout(report.text)
            if report.exitCode != 0 { throw InfoProblems() }
        case "format":
            guard let config else { return }
            try runFormat(namespace, config)
        case "version-mapping":
            try StorageFeatureCommands.versionMapping(releaseVersion: namespace.string("release_version"), print: stdout)
        case "feature-dependencies":
            try StorageFeatureCommands.featureDependencies(namespace.list("feature") ?? [], print: stdout)
        case "random-uuid":
            stdout("\(KafkaUUID.random())\n")
        default:
            throw JavaException.runtime("Unknown command \(namespace.command ?? "null")")
        }
    }

    /// `StorageTool.runFormatCommand`.
    private func runFormat(_ namespace: ArgParse4jParser.Namespace, _ config: StorageToolConfig) throws {
        if config.processRoles.isEmpty {
            throw FormatterError("The kafka configuration file appears to be for a legacy cluster. Formatting is only supported for clusters in KRaft mode.")
        }
        var formatter = StorageFormatter()
        formatter.now = now
        formatter.nodeId = config.nodeId
        formatter.clusterId = namespace.string("cluster_id")
        formatter.unstableFeatureVersionsEnabled = config.unstableFeatureVersionsEnabled
        formatter.ignoreFormatted = namespace.bool("ignore_formatted")
        formatter.controllerListenerName = config.controllerListenerNames.first
        formatter.metadataLogDirectory = config.metadataLogDir
        if let release = namespace.string("release_version") ?? config.properties["inter.broker.protocol.version"] {
            do {
                formatter.releaseVersion = try MetadataVersion.fromVersionString(release)
            } catch {
                throw JavaException.illegalArgument(error.description)
            }
        }
        for (name, level) in try Self.featureNamesAndLevels(namespace.list("feature") ?? []) {
            formatter.featureLevels[name] = level
        }
        if let text = namespace.string("initial_controllers") {
            do {
                formatter.initialControllers = try DynamicVoters(parsing: text)
            } catch {
                throw JavaException.illegalArgument(error.message)
            }
        }
        if namespace.bool("standalone") {
            formatter.initialControllers = try Self.standaloneVoters(config)
        }
        if namespace.bool("no_initial_controllers") {
            formatter.noInitialControllersFlag = true
        } else if config.isController && config.quorumVoters.isEmpty && formatter.initialControllers == nil {
            throw FormatterError("Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.")
        }
        formatter.scramArguments = namespace.list("add_scram") ?? []
        formatter.directories = Self.logDirectories(config)
        try formatter.run { line in stdout(line + "\n") }
    }

    /// `--standalone`: this controller alone, at its first advertised controller listener.
    static func standaloneVoters(_ config: StorageToolConfig) throws -> DynamicVoters {
        guard config.isController else { throw FormatterError("You can only use --standalone on a controller.") }
        guard let listener = config.effectiveAdvertisedControllerListeners.first else {
            throw JavaException.runtime("No controller listeners found.")
        }
        let voter = DynamicVoter(nodeId: config.nodeId, host: listener.host ?? "localhost", port: listener.port, directoryId: KafkaUUID.random())
        do {
            return try DynamicVoters([voter])
        } catch {
            throw JavaException.illegalArgument(error.message)
        }
    }

    /// `StorageTool.featureNamesAndLevels`: `name=level` with the level a short.
    static func featureNamesAndLevels(_ features: [String]) throws -> [(String, Int16)] {
        try features.map { input in
            guard let equals = input.firstIndex(of: "=") else {
                throw JavaException.runtime("Can't parse feature=level string \(input): equals sign not found.")
            }
            let name = String(input[..<equals]).trimmingCharacters(in: .whitespaces)
            let levelText = String(input[input.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
            guard let level = Int16(levelText) else {
                throw JavaException.runtime("Can't parse feature=level string \(input): unable to parse \(levelText) as a short.")
            }
            return (name, level)
        }
    }

    /// `configToLogDirectories`: `log.dirs` plus `metadata.log.dir`, sorted, no duplicates.
    static func logDirectories(_ config: StorageToolConfig) -> [String] {
        Array(Set(config.logDirs + [config.metadataLogDir])).sorted(by: javaStringLess)
    }

    static func makeParser() -> ArgParse4jParser {
        let parser = ArgParse4jParser(prog: "kafka-storage")
        parser.description = "Format and inspect the log directories of a KRaft node."

        let info = parser.addSubcommand("info", help: "Show what the log directories of this node hold (meta.properties, problems found).")
        info.addArgument("--config", "-c", action: .store, required: true, help: "The node's server.properties file.")

        let format = parser.addSubcommand("format", help: "Prepare the log directories of this node for a new cluster.")
        format.addArgument("--config", "-c", action: .store, required: true, help: "The node's server.properties file.")
        format.addArgument("--cluster-id", "-t", action: .store, required: true, help: "The id of the cluster, as printed by random-uuid.")
        format.addArgument("--add-scram", "-S", action: .append, help: "A SCRAM credential to store in the metadata log, such as 'SCRAM-SHA-256=[name=alice,password=alice-secret]'; repeat it to add several.")
        format.addArgument("--ignore-formatted", "-g", action: .storeTrue, help: "Skip directories that are already formatted instead of failing.")
        format.addArgument("--release-version", "-r", action: .store, help: "The metadata version the cluster starts with. The lowest is 3.0-IV0; without it, \(MetadataVersion.latestProduction).")
        format.addArgument("--feature", "-f", action: .append, help: "A feature level to start with, as feature=level (e.g. kraft.version=1); repeat it for several.")
        let quorum = format.addMutuallyExclusiveGroup()
        format.addArgument("--standalone", "-s", action: .storeTrue, help: "Start a dynamic quorum with this controller as its only voter.", mutexGroup: quorum)
        format.addArgument("--no-initial-controllers", "-N", action: .storeTrue, help: "Format without a dynamic quorum (the voters come from controller.quorum.voters or later).", mutexGroup: quorum)
        format.addArgument("--initial-controllers", "-I", action: .store, help: "The voters of a new dynamic quorum, as comma-separated id@host:port:directory-id entries, the same on every node.", mutexGroup: quorum)

        let mapping = parser.addSubcommand("version-mapping", help: "Show the feature levels that go with a metadata version (the latest stable one without --release-version).")
        mapping.addArgument("--release-version", "-r", action: .store, help: "The metadata version to show. The lowest is 3.0-IV0; without it, \(MetadataVersion.latestProduction).")

        let dependencies = parser.addSubcommand("feature-dependencies", help: "Show which other features a feature level needs. Give several to check several; an unknown feature or level is an error.")
        dependencies.addArgument("--feature", "-f", action: .append, required: true, help: "A feature and level to look up, as feature=level (e.g. metadata.version=5); repeat it for several.")

        _ = parser.addSubcommand("random-uuid", help: "Print a new random cluster id.")
        return parser
    }
}
