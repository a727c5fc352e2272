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
        parser.description = "The Kafka storage tool."

        let info = parser.addSubcommand("info", help: "Get information about the Kafka log directories on this node.")
        info.addArgument("--config", "-c", action: .store, required: true, help: "The Kafka configuration file to use.")

        let format = parser.addSubcommand("format", help: "Format the Kafka log directories on this node.")
        format.addArgument("--config", "-c", action: .store, required: true, help: "The Kafka configuration file to use.")
        format.addArgument("--cluster-id", "-t", action: .store, required: true, help: "The cluster ID to use.")
        format.addArgument("--add-scram", "-S", action: .append, help: "A SCRAM_CREDENTIAL to add to the __cluster_metadata log e.g. 'SCRAM-SHA-256=[name=alice,password=alice-secret]' 'SCRAM-SHA-512=[name=alice,iterations=8192,salt=\"N3E=\",saltedpassword=\"YCE=\"]'")
        format.addArgument("--ignore-formatted", "-g", action: .storeTrue, help: "When this option is passed, the format command will skip over already formatted directories rather than failing.")
        format.addArgument("--release-version", "-r", action: .store, help: "The release version to use for the initial feature settings. The minimum is 3.0-IV0; the default is \(MetadataVersion.latestProduction)")
        format.addArgument("--feature", "-f", action: .append, help: "The setting to use for a specific feature, in feature=level format. For example: `kraft.version=1`.")
        let quorum = format.addMutuallyExclusiveGroup()
        format.addArgument("--standalone", "-s", action: .storeTrue, help: "Used to initialize a controller as a single-node dynamic quorum.", mutexGroup: quorum)
        format.addArgument("--no-initial-controllers", "-N", action: .storeTrue, help: "Used to initialize a server without a dynamic quorum topology.", mutexGroup: quorum)
        format.addArgument("--initial-controllers", "-I", action: .store, help: "Used to initialize a server with a specific dynamic quorum topology. The argument is a comma-separated list of id@hostname:port:directory. The same values must be used to format all nodes. For example: 0@example.com:8082:JEXY6aqzQY-32P5TStzaFg,1@example.com:8083:MvDxzVmcRsaTz33bUuRU6A,2@example.com:8084:07R5amHmR32VDA6jHkGbTA", mutexGroup: quorum)

        let mapping = parser.addSubcommand("version-mapping", help: "Look up the corresponding features for a given metadata version. Using the command with no --release-version  argument will return the mapping for the latest stable metadata version")
        mapping.addArgument("--release-version", "-r", action: .store, help: "The release version to use for the corresponding feature mapping. The minimum is 3.0-IV0; the default is \(MetadataVersion.latestProduction)")

        let dependencies = parser.addSubcommand("feature-dependencies", help: "Look up dependencies for a given feature version. If the feature is not known or the version not yet defined, an error is thrown. Multiple features can be specified.")
        dependencies.addArgument("--feature", "-f", action: .append, required: true, help: "The features and their versions to look up dependencies for, in feature=version format. For example: `metadata.version=5`.")

        _ = parser.addSubcommand("random-uuid", help: "Print a random UUID.")
        return parser
    }
}
