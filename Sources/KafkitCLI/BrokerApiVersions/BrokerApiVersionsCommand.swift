import ArgumentParser
import KafkaClient
import KafkaProtocol

/// `kafkit broker-api-versions` (`kafka-broker-api-versions.sh`): the ApiVersions table of every
/// broker in the cluster.
public struct BrokerApiVersionsCommand: JoptTool {
    static let usageMessage = "This tool helps to retrieve broker version information."

    public static let configuration = CommandConfiguration(
        commandName: "broker-api-versions",
        abstract: "Retrieve the API versions of every broker (kafka-broker-api-versions.sh).",
        discussion: JoptHelpFormatter.discussion(usage: usageMessage, options: [.help, .version] + joptOptions),
        helpNames: [])

    public static var joptOptions: [JoptOption] {
        [
            .requiredArgument(
                "bootstrap-server", "REQUIRED: The server to connect to.", describedAs: "server(s) to use for bootstrapping"),
            .requiredArgument(
                "command-config",
                "A property file containing configs to be passed to Admin Client.",
                describedAs: "command config property file"),
        ]
    }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
            try commandLine.maybePrintHelpOrVersion(usageMessage)
            try commandLine.checkRequiredArgs("bootstrap-server")
            let config = try ToolClientConfig.make(
                bootstrapServer: try commandLine.options.value(of: "bootstrap-server"),
                configFile: try commandLine.options.value(of: "command-config"))
            let admin = KafkaAdminClient(config: config)
            do {
                try await printVersions(admin: admin, config: config, console: console)
                await admin.close()
            } catch {
                await admin.close()
                throw error
            }
        }
    }

    static func printVersions(admin: KafkaAdminClient, config: ClientConfig, console: ToolConsole) async throws {
        let metadata: MetadataResponse
        do {
            metadata = try await admin.cluster.refreshMetadata(topics: [])
        } catch {
            let nodes = config.bootstrapServers.map {
                NodeApiVersionsText.node(host: $0.host, port: $0.port, id: -1, rack: nil)
            }
            throw UncaughtJavaException(
                className: "java.lang.RuntimeException",
                message: "Request METADATA failed on brokers [\(nodes.joined(separator: ", "))]")
        }
        for broker in metadata.brokers {
            let node = NodeApiVersionsText.node(host: broker.host, port: Int(broker.port), id: broker.nodeId, rack: broker.rack)
            do {
                let table = try await admin.apiVersions(node: broker.nodeId)
                let entries = table.response.apiKeys.map {
                    NodeApiVersionsText.Entry(apiKey: $0.apiKey, minVersion: $0.minVersion, maxVersion: $0.maxVersion)
                }
                console.print(NodeApiVersionsText.block(node: node, entries: entries))
            } catch {
                console.print(NodeApiVersionsText.errorBlock(node: node, error: "\(error)"))
            }
        }
    }
}
