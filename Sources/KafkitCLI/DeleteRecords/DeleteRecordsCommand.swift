import KafkaStorage
import ArgumentParser
import Foundation
import KafkaClient

/// `kafkit delete-records` (`kafka-delete-records.sh`): moves the log start offset of partitions
/// up to the offsets given in a JSON file.
public struct DeleteRecordsCommand: JoptTool {
    static let usageMessage = "This tool helps to delete records of the given partitions down to the specified offset."

    public static let configuration = joptConfiguration(
        "delete-records", abstract: "Delete records of partitions below given offsets (kafka-delete-records.sh).",
        usage: usageMessage)

    public static var joptOptions: [JoptOption] {
        [
            .requiredArgument(
                "bootstrap-server", "Required: the broker(s) to connect to, as host:port[,host:port...].", describedAs: "server(s) to use for bootstrapping"),
            .requiredArgument(
                "offset-json-file",
                "Required: a JSON file giving, per partition, the offset below which records are deleted:\n{\"partitions\":\n  [{\"topic\": \"foo\", \"partition\": 1, \"offset\": 1}],\n \"version\":1\n}",
                describedAs: "Offset json file path"),
            .requiredArgument(
                "command-config", "A properties file of admin client settings (security, timeouts, ...).",
                describedAs: "command config property file path"),
        ]
    }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
            try commandLine.maybePrintHelpOrVersion(usageMessage)
            try commandLine.checkRequiredArgs("bootstrap-server", "offset-json-file")
            let config = try ToolClientConfig.make(
                bootstrapServer: try commandLine.options.value(of: "bootstrap-server"),
                configFile: try commandLine.options.value(of: "command-config"))
            let path = try commandLine.options.value(of: "offset-json-file") ?? ""
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UncaughtJavaException(className: "java.nio.file.NoSuchFileException", message: path)
            }
            let offsets = try DeleteRecordsJson.parse(data)
            let admin = KafkaAdminClient(config: config)
            do {
                try await run(admin: admin, offsets: offsets, console: console)
                await admin.close()
            } catch {
                await admin.close()
                throw error
            }
        }
    }

    /// DeleteRecords per partition. Partitions missing from the cluster metadata fail at once with
    /// Kafka's `UnknownTopicOrPartitionException` (the client would otherwise retry until its timeout).
    static func deleteRecords(
        admin: KafkaAdminClient, offsets: [(partition: TopicPartition, offset: Int64)]
    ) async throws -> [TopicPartition: Result<Int64, KafkaError>] {
        let metadata = try await admin.cluster.refreshMetadata(topics: Array(Set(offsets.map(\.partition.topic))).sorted())
        var known = Set<TopicPartition>()
        for topic in metadata.topics where topic.errorCode == 0 {
            guard let name = topic.name else { continue }
            for partition in topic.partitions { known.insert(TopicPartition(name, partition.partitionIndex)) }
        }
        var results: [TopicPartition: Result<Int64, KafkaError>] = [:]
        var requests: [TopicPartition: Int64] = [:]
        for (partition, offset) in offsets {
            if known.contains(partition) {
                requests[partition] = requests[partition] ?? offset
            } else {
                results[partition] = .failure(.broker(.unknownTopicOrPartition, message: nil))
            }
        }
        if !requests.isEmpty {
            for (partition, result) in try await admin.deleteRecords(requests) { results[partition] = result }
        }
        return results
    }

    /// The order Kafka prints results in: the file's partitions go through a default `HashMap`
    /// (`offsetSeq`, then `recordsToDelete`) into the admin client's `new HashMap<>(n)` of futures.
    public static func outputOrder(_ partitions: [TopicPartition]) -> [TopicPartition] {
        let hash = { (tp: TopicPartition) in JavaHashOrder.topicPartitionHash(topic: tp.topic, partition: tp.partition) }
        let recordsToDelete = JavaHashOrder.ordered(partitions, hash: hash)
        return JavaHashOrder.ordered(recordsToDelete, initialCapacity: partitions.count, hash: hash)
    }

    static func run(
        admin: KafkaAdminClient, offsets: [(partition: TopicPartition, offset: Int64)], console: ToolConsole
    ) async throws {
        console.println("Executing records delete operation")
        let results = try await deleteRecords(admin: admin, offsets: offsets)
        console.println("Records delete operation completed:")
        for partition in outputOrder(offsets.map(\.partition)) {
            switch results[partition] {
            case let .success(lowWatermark)?:
                console.println("partition: \(partition)\tlow_watermark: \(lowWatermark)")
            case let .failure(error)?:
                console.println("partition: \(partition)\terror: \(JavaErrorText.describe(error))")
            case nil:
                continue
            }
        }
    }
}
