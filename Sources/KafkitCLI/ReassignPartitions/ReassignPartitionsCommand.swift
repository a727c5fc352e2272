import ArgumentParser
import Foundation
import KafkaClient

/// `kafkit reassign-partitions` (`kafka-reassign-partitions.sh`): proposes, starts, checks,
/// cancels and lists partition reassignments.
public struct ReassignPartitionsCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "reassign-partitions", abstract: "Move partitions between brokers and log directories (kafka-reassign-partitions.sh).",
        usage: ReassignPartitionsOptions.helpText)

    public static var joptOptions: [JoptOption] { ReassignPartitionsOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await execute(arguments: arguments, console: console, random: .system)
    }

    /// `main`, with the random source of `--generate` injectable for tests.
    static func execute(arguments: [String], console: ToolConsole, random: AssignmentRandom) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            // Parse errors escape uncaught (stack trace on stderr); usage errors exit 1.
            let options = try ReassignPartitionsOptions(arguments: arguments, console: console)
            var admin: KafkaAdminClient?
            do {
                let config = try clientConfig(options)
                let client = KafkaAdminClient(config: config)
                admin = client
                var service = ReassignPartitionsService(admin: client, console: console, random: random)
                service.format = options.format
                try await handleAction(options, service)
                await client.close()
            } catch {
                report(error, console, format: options.format)
                if let admin { await admin.close() }
                throw ToolExit.failure
            }
        }
    }

    /// The admin client settings: the `--command-config` file, the connection option on top,
    /// and `client.id` `reassign-partitions-tool` unless the file names one.
    static func clientConfig(_ options: ReassignPartitionsOptions) throws -> ClientConfig {
        let configFile = try options.commandConfig
        if let configFile, !FileManager.default.isReadableFile(atPath: configFile) {
            throw ReassignJavaException(className: ReassignJavaException.noSuchFileClass, message: configFile)
        }
        let bootstrap = options.commandLine.has("bootstrap-controller")
            ? try options.bootstrapController : try options.bootstrapServer
        // `--bootstrap-server` takes an optional argument; without one Kafka puts null into its
        // Properties, and `Hashtable.put` throws.
        guard bootstrap != nil else {
            throw ReassignJavaException(className: "java.lang.NullPointerException", message: nil)
        }
        let viaControllers = options.commandLine.has("bootstrap-controller")
        var config = try ToolClientConfig.makeAdmin(
            bootstrapServer: viaControllers ? nil : bootstrap, bootstrapController: viaControllers ? bootstrap : nil, configFile: configFile)
        if config.clientId.isEmpty { config.clientId = "reassign-partitions-tool" }
        return config
    }

    /// Runs the action; in JSON mode prints its result document.
    static func handleAction(_ options: ReassignPartitionsOptions, _ service: ReassignPartitionsService) async throws {
        let document: any Encodable & Sendable
        switch options.action {
        case "verify":
            document = try await service.verify(
                json: try readFile(try options.reassignmentJsonFile), preserveThrottles: options.preserveThrottles)
        case "generate":
            let (proposed, current) = try await service.generate(
                topicsJson: try readFile(try options.topicsToMoveJsonFile), brokerList: try options.brokerList,
                enableRackAwareness: options.enableRackAwareness)
            document = ReassignJsonOutput.Generate(current: .init(current), proposed: .init(proposed))
        case "execute":
            let json = try readFile(try options.reassignmentJsonFile)
            document = try await service.execute(
                json: json, additional: options.additional, interBrokerThrottle: try options.interBrokerThrottle,
                logDirThrottle: try options.logDirThrottle, timeoutMs: try options.timeoutMs)
        case "cancel":
            document = try await service.cancel(
                json: try readFile(try options.reassignmentJsonFile), preserveThrottles: options.preserveThrottles,
                timeoutMs: try options.timeoutMs)
        default:
            document = try await service.list()
        }
        if options.format == .json { JSONOutput.print(document, on: service.console) }
    }

    /// `Utils.readFileAsString`.
    static func readFile(_ path: String) throws -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ReassignJavaException(className: ReassignJavaException.noSuchFileClass, message: path)
        }
        return String(decoding: data, as: UTF8.self)
    }

    /// `main`'s two catch blocks: a `TerseException` prints its message; anything else prints
    /// `Error: <message>` and the stack trace. Both on stdout.
    static func report(_ error: any Error, _ console: ToolConsole, format: ToolOutputFormat = .text) {
        let exception: ReassignJavaException
        switch error {
        case let terse as ReassignTerseException:
            if format == .json {
                _ = JSONOutput.fail(terse.message, type: "TerseException", on: console)
            } else {
                console.println(terse.message)
            }
            return
        case let java as ReassignJavaException: exception = java
        case let jopt as JoptError: exception = ReassignJavaException(className: jopt.javaClassName, message: jopt.message)
        case let kafka as KafkaError: exception = ReassignJavaException.execution(kafka)
        default: exception = ReassignJavaException(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
        }
        if format == .json {
            _ = JSONOutput.fail(
                ReassignJsonOutput.errorMessage(exception),
                type: ReassignJsonOutput.errorType(exception.className, causes: exception.causes), on: console)
        } else {
            console.print(exception.report)
        }
    }
}
