import KafkaStorage
import ArgumentParser
import KafkaClient
import KafkaProtocol

/// `kafkit broker-api-versions` (`kafka-broker-api-versions.sh`): the ApiVersions table of every
/// broker in the cluster.
public struct BrokerApiVersionsCommand: JoptTool {
    static let usageMessage = "This tool helps to retrieve broker version information."

    public static let configuration = joptConfiguration(
        "broker-api-versions", abstract: "Retrieve the API versions of every broker (kafka-broker-api-versions.sh).",
        usage: usageMessage)

    public static var joptOptions: [JoptOption] {
        [
            .requiredArgument(
                "bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].", describedAs: "server(s) to use for bootstrapping"),
            .requiredArgument(
                "command-config",
                "A properties file of admin client settings (security, timeouts, ...).",
                describedAs: "command config property file"),
            ToolOutputFormat.option,
        ]
    }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    /// `mainNoExit`: any exception prints its message and then its trace on stderr, exit 1.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            var format = ToolOutputFormat.text
            do {
                let commandLine: JoptCommandLine
                do throws(JoptError) {
                    commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
                } catch {
                    throw error.uncaught
                }
                try commandLine.maybePrintHelpOrVersion(usageMessage)
                try commandLine.checkRequiredArgs("bootstrap-server")
                format = try ToolOutputFormat.chosen(in: commandLine)
                let config = try ToolClientConfig.make(
                    bootstrapServer: try commandLine.options.value(of: "bootstrap-server"),
                    configFile: try commandLine.options.value(of: "command-config"))
                let admin = KafkaAdminClient(config: config)
                do {
                    try await printVersions(admin: admin, config: config, format: format, console: console)
                    await admin.close()
                } catch {
                    await admin.close()
                    throw error
                }
            } catch let exit as ToolExit {
                throw exit
            } catch {
                let exception = (error as? UncaughtJavaException) ?? (error as? JoptError)?.uncaught
                    ?? UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: JavaErrorText.describe(error))
                if format == .json {
                    throw JSONOutput.fail(
                        exception.message ?? "null", type: JSONOutput.typeName(ofJavaClass: exception.className), on: console)
                }
                console.printlnError(exception.message ?? "null")
                console.printlnError(exception.description)
                throw ToolExit.failure
            }
        }
    }

    /// Kafka collects the nodes into a `HashMap<Node, …>` and prints in its iteration order.
    public static func outputOrder(_ brokers: [MetadataResponse.MetadataResponseBroker]) -> [MetadataResponse.MetadataResponseBroker] {
        JavaHashOrder.ordered(brokers) {
            NodeApiVersionsText.nodeHash(host: $0.host, port: Int($0.port), id: $0.nodeId, rack: $0.rack)
        }
    }

    static func printVersions(
        admin: KafkaAdminClient, config: ClientConfig, format: ToolOutputFormat = .text, console: ToolConsole
    ) async throws {
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
        if format == .json {
            try await printDocument(admin: admin, brokers: metadata.brokers, console: console)
            return
        }
        for broker in outputOrder(metadata.brokers) {
            let node = NodeApiVersionsText.node(host: broker.host, port: Int(broker.port), id: broker.nodeId, rack: broker.rack)
            do {
                let table = try await admin.apiVersions(node: broker.nodeId)
                let entries = table.response.apiKeys.map {
                    NodeApiVersionsText.Entry(apiKey: $0.apiKey, minVersion: $0.minVersion, maxVersion: $0.maxVersion)
                }
                console.print(NodeApiVersionsText.block(node: node, entries: entries))
            } catch {
                console.print(NodeApiVersionsText.errorBlock(node: node, error: JavaErrorText.describe(error)))
            }
        }
    }

    /// `--output json`: every broker by id, with its APIs or the error of its lookup.
    static func printDocument(
        admin: KafkaAdminClient, brokers: [MetadataResponse.MetadataResponseBroker], console: ToolConsole
    ) async throws {
        var documented: [BrokerApiVersionsDocument.Broker] = []
        for broker in brokers.sorted(by: { $0.nodeId < $1.nodeId }) {
            var entry = BrokerApiVersionsDocument.Broker(
                id: broker.nodeId, host: broker.host, port: Int(broker.port), rack: broker.rack, isFenced: false)
            do {
                let table = try await admin.apiVersions(node: broker.nodeId)
                entry.apis = BrokerApiVersionsDocument.apis(table.response.apiKeys.map {
                    NodeApiVersionsText.Entry(apiKey: $0.apiKey, minVersion: $0.minVersion, maxVersion: $0.maxVersion)
                })
            } catch {
                let (message, type) = JSONOutput.messageAndType(ofJavaText: JavaErrorText.describe(error))
                entry.error = .init(message: message, type: type)
            }
            documented.append(entry)
        }
        JSONOutput.print(BrokerApiVersionsDocument(brokers: documented), on: console)
    }
}
