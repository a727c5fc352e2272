import Foundation
import KafkaClient
import KafkaProtocol
import KafkaStorage

/// `kafka-metadata-quorum` (`org.apache.kafka.tools.MetadataQuorumCommand`, Kafka 4.0):
/// `describe --status|--replication`, `add-controller`, `remove-controller`, parsed the argparse4j
/// way. Exit 0 on success and `-h`; 1 for parse errors (usage + message), terse errors (message
/// only) and any other failure (message, then the exception's trace line).
struct MetadataQuorumTool {
    static let prog = "kafka-metadata-quorum"

    /// Kafka's `TerseException`: only the message is printed.
    struct Terse: Error, Equatable {
        var message: String
        init(_ message: String) { self.message = message }
    }

    var console: ToolConsole
    /// Wall-clock milliseconds, for `--human-readable`.
    var nowMs: @Sendable () -> Int64 = { Int64(Date().timeIntervalSince1970 * 1000) }

    struct Parsers {
        let main: ArgParse4jParser
        let describe: ArgParse4jParser
    }

    static func makeParsers() -> Parsers {
        let parser = ArgParse4jParser(prog: prog)
        parser.description = "Shows the state of the KRaft metadata quorum and adds or removes controllers."
        let connection = parser.addMutuallyExclusiveGroup(required: true)
        parser.addArgument(
            "--bootstrap-server", action: .store,
            help: "Brokers to connect to, as a comma-separated host:port list.", mutexGroup: connection)
        parser.addArgument(
            "--bootstrap-controller", action: .store,
            help: "Controllers to connect to directly, as a comma-separated host:port list.", mutexGroup: connection)
        parser.addArgument(
            "--command-config", action: .store,
            help: "A properties file with admin client settings. For add-controller it is also the configuration of the controller being added.")
        let describe = parser.addSubcommand("describe", help: "Show the metadata quorum")
        describe.addArgument("--status", action: .storeTrue, help: "Summarise the quorum: leader, epoch, high watermark, lag, voters and observers.")
        describe.addArgument("--replication", action: .storeTrue, help: "One line per replica with its log end offset, lag and fetch times.")
        describe.addArgument("--human-readable", action: .storeTrue, help: "With --replication: show fetch times as how long ago they were.")
        describe.addArgument(
            "--output", action: .store,
            help: "kafkit: 'text' (Kafka's layout, the default) or 'json' (one document on stdout; see docs/json-output.md).")
        let add = parser.addSubcommand("add-controller", help: "Add a controller to the KRaft quorum")
        add.addArgument("--dry-run", action: .storeTrue, help: "Show what would be done without doing it.")
        let remove = parser.addSubcommand("remove-controller", help: "Remove a controller from the KRaft quorum")
        remove.addArgument("--controller-id", "-i", action: .store, required: true, help: "The node id of the controller to remove.", type: .integer)
        remove.addArgument("--controller-directory-id", "-d", action: .store, required: true, help: "The metadata directory id of the controller to remove.")
        remove.addArgument("--dry-run", action: .storeTrue, help: "Show what would be done without doing it.")
        return Parsers(main: parser, describe: describe)
    }

    func run(_ arguments: [String]) async -> Int32 {
        let parsers = Self.makeParsers()
        let namespace: ArgParse4jParser.Namespace
        switch parsers.main.parse(arguments) {
        case .help(let text):
            console.print(text)
            return 0
        case .error(let text):
            console.printError(text)
            return 1
        case .parsed(let parsed):
            namespace = parsed
        }
        var format = ToolOutputFormat.text
        if namespace.command == "describe", let given = namespace.string("output") {
            guard let chosen = ToolOutputFormat(rawValue: given.lowercased()) else {
                console.printError(parsers.describe.usageError("argument --output: invalid choice: '\(given)' (choose from {text,json})"))
                return 1
            }
            format = chosen
        }
        do {
            try await execute(namespace, format: format)
            return 0
        } catch let exit as ToolExit {
            return exit.code
        } catch let terse as Terse {
            console.printlnError(terse.message)
        } catch {
            let (className, message) = Self.javaException(for: error)
            if format == .json {
                return JSONOutput.fail(message ?? className, type: Self.errorType(className: className, message: message), on: console).code
            }
            console.printlnError(message ?? "null")
            console.printlnError(message.map { "\(className): \($0)" } ?? className)
        }
        return 1
    }

    /// The Java exception behind a failure: a failed admin future surfaces as an
    /// `ExecutionException` whose message is its cause's `toString()`.
    static func javaException(for error: any Error) -> (className: String, message: String?) {
        switch error {
        case let failure as QuorumDescription.Failure:
            return (failure.className, failure.message)
        case let failure as UncaughtJavaException:
            return (failure.className, failure.message)
        default:
            let cause = JavaErrorText.describe(error)
            return ("java.util.concurrent.ExecutionException", cause)
        }
    }

    /// The `type` of the JSON error document: the simple name of the exception the failure is about
    /// (a failed future's cause, not `ExecutionException`).
    static func errorType(className: String, message: String?) -> String {
        if className == "java.util.concurrent.ExecutionException", let message, let colon = message.firstIndex(of: ":") {
            let cause = message[..<colon]
            if cause.contains("."), !cause.contains(" ") { return String(cause.split(separator: ".").last ?? cause) }
        }
        return String(className.split(separator: ".").last ?? "")
    }

    /// Runs one admin call; when no node answers in time it fails as Kafka's admin client does.
    static func call<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KafkaError {
            switch error {
            case .timeout, .noBrokersAvailable:
                throw QuorumDescription.Failure(
                    className: "java.util.concurrent.ExecutionException",
                    message: "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: \(name)")
            default:
                throw error
            }
        }
    }

    private func execute(_ namespace: ArgParse4jParser.Namespace, format: ToolOutputFormat) async throws {
        let configFile = namespace.string("command_config")
        var properties: [String: String] = [:]
        if let configFile {
            guard FileManager.default.fileExists(atPath: configFile) else {
                throw Terse("Properties file \(configFile) does not exists!")
            }
            let file = try JavaProperties.load(contentsOf: configFile)
            for key in file.keys { properties[key] = file[key] }
        }
        let controllers = namespace.string("bootstrap_controller")
        properties["bootstrap.servers"] = nil
        properties["bootstrap.controllers"] = nil
        let config = try ToolClientConfig.make(bootstrapServer: namespace.string("bootstrap_server") ?? controllers, properties: properties)
        let admin = KafkaAdminClient(config: config)
        do {
            switch namespace.command {
            case "describe":
                try await describe(namespace, admin: admin, viaControllers: controllers != nil, format: format)
            case "add-controller":
                guard configFile != nil else {
                    throw Terse("You must supply the configuration file of the controller you are adding when using add-controller.")
                }
                try await addController(admin: admin, dryRun: namespace.bool("dry_run"), properties: properties)
            case "remove-controller":
                try await removeController(
                    admin: admin, controllerId: Int32(namespace.string("controller_id") ?? "") ?? -1,
                    directoryId: namespace.string("controller_directory_id") ?? "", dryRun: namespace.bool("dry_run"))
            default:
                throw QuorumDescription.Failure(className: "java.lang.IllegalStateException", message: "Unknown command: \(namespace.command ?? "null")")
            }
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }

    private func describe(_ namespace: ArgParse4jParser.Namespace, admin: KafkaAdminClient, viaControllers: Bool, format: ToolOutputFormat) async throws {
        let status = namespace.bool("status")
        let replication = namespace.bool("replication")
        let humanReadable = namespace.bool("human_readable")
        if status && replication {
            throw Terse("Only one of --status or --replication should be specified with describe sub-command")
        } else if replication {
            let info = try await Self.call("describeMetadataQuorum") { try await admin.describeMetadataQuorum() }
            let rows = try QuorumDescription(info: info).replicationRows()
            if format == .json {
                JSONOutput.print(MetadataQuorumJSON.Replication(rows: rows), on: console)
                return
            }
            let cells = try QuorumDescription.replicationCells(rows, humanReadableAt: humanReadable ? nowMs() : nil)
            console.print(QuorumDescription.table(headers: QuorumDescription.replicationHeaders, rows: cells))
        } else if status {
            if humanReadable {
                throw Terse("The option --human-readable is only supported along with --replication")
            }
            let clusterId = try await Self.call("describeCluster") { try await admin.describeClusterId(endpointType: viaControllers ? .controller : .broker) }
            let info = try await Self.call("describeMetadataQuorum") { try await admin.describeMetadataQuorum() }
            let described = try QuorumDescription(info: info).status()
            if format == .json {
                JSONOutput.print(MetadataQuorumJSON.Status(clusterId: clusterId, status: described), on: console)
                return
            }
            console.print(QuorumDescription.statusText(clusterId: clusterId, described))
        } else {
            throw Terse("One of --status or --replication must be specified with describe sub-command")
        }
    }

    private func addController(admin: KafkaAdminClient, dryRun: Bool, properties: [String: String]) async throws {
        let config = NewControllerConfig(properties: properties)
        let controllerId = try config.controllerId()
        let directory = try config.metadataDirectory()
        let directoryId = try NewControllerConfig.directoryId(of: directory)
        let endpoints = try config.controllerEndpoints()
        if !dryRun {
            try await Self.call("addRaftVoter") { try await admin.addRaftVoter(voterId: controllerId, directoryId: directoryId, endpoints: endpoints) }
        }
        let shown = endpoints.map { endpoint in
            let host = endpoint.host.contains(":") ? "[\(endpoint.host)]" : endpoint.host
            return "\(endpoint.name)://\(host):\(endpoint.port)"
        }.joined(separator: ", ")
        console.println("\(dryRun ? "DRY RUN of adding" : "Added") controller \(controllerId) with directory id \(directoryId) and endpoints: \(shown)")
    }

    private func removeController(admin: KafkaAdminClient, controllerId: Int32, directoryId text: String, dryRun: Bool) async throws {
        if controllerId < 0 {
            throw Terse("Invalid negative --controller-id: \(controllerId)")
        }
        let directoryId: KafkaUUID
        switch Self.parseUuid(text) {
        case .success(let id): directoryId = id
        case .failure(let problem): throw Terse("Failed to parse --controller-directory-id: \(problem.message)")
        }
        if !dryRun {
            try await Self.call("removeRaftVoter") { try await admin.removeRaftVoter(voterId: controllerId, directoryId: directoryId) }
        }
        console.println("\(dryRun ? "DRY RUN of removing " : "Removed ") KRaft controller \(controllerId) with directory id \(directoryId)")
    }

    struct UuidProblem: Error { var message: String }

    /// `Uuid.fromString` with the messages of its `IllegalArgumentException`s (Java's URL-safe
    /// base64 decoder's included).
    static func parseUuid(_ text: String) -> Result<KafkaUUID, UuidProblem> {
        let units = Array(text.utf16)
        if units.count > 24 {
            return .failure(UuidProblem(message: "Input string with prefix `\(String(decoding: units.prefix(24), as: UTF16.self))` is too long to be decoded as a base64 UUID"))
        }
        let alphabet = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf16)
        var length = units.count
        // Padding: at most two trailing '=' (the decoder then wants a full 4-character unit).
        var padding = 0
        while length > 0, units[length - 1] == UInt16(UInt8(ascii: "=")), padding < 2 { length -= 1; padding += 1 }
        for unit in units[0..<length] where !alphabet.contains(unit) {
            return .failure(UuidProblem(message: "Illegal base64 character \(String(unit, radix: 16))"))
        }
        if length % 4 == 1 {
            return .failure(UuidProblem(message: length == 1 && units.count == 1
                ? "Input byte[] should at least have 2 bytes for base64 bytes" : "Last unit does not have enough valid bits"))
        }
        let decodedCount = length / 4 * 3 + [0, 0, 1, 2][length % 4]
        guard decodedCount == 16, padding == 0 || (length + padding) % 4 == 0, let id = KafkaUUID(String(decoding: units[0..<length], as: UTF16.self)) else {
            return .failure(UuidProblem(message: "Input string `\(text)` decoded as \(decodedCount) bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID"))
        }
        return .success(id)
    }
}
