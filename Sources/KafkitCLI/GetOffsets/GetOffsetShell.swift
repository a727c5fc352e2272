import KafkaClient
import KafkaProtocol

/// What `kafka-get-offsets` does once its command line is valid (`GetOffsetShell.fetchOffsets`).
struct GetOffsetShell {
    /// Kafka's `TerseException`: only the message is printed.
    struct TerseException: Error { var message: String }
    /// Any other Java exception: message plus its trace.
    struct JavaThrowable: Error {
        var className: String
        var message: String?
        var cause: String?
        var stackTrace: String {
            var text = message.map { "\(className): \($0)" } ?? className
            if let cause { text += "\nCaused by: " + cause }
            return text
        }
    }

    static let malformedTime = "Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp"

    let options: GetOffsetsOptions
    let console: ToolConsole

    func run() async throws {
        if options.topicPartitions != nil && (options.topic != nil || options.partitions != nil) {
            throw TerseException(message: "--topic-partitions cannot be used with --topic or --partitions")
        }
        let spec = try Self.parseOffsetSpec(options.time)
        let filter = try makeFilter()
        var properties: [String: String] = ["client.id": "GetOffsetShell"]
        properties["bootstrap.servers"] = options.bootstrapServer
        let config = try ToolClientConfig.make(
            bootstrapServer: options.bootstrapServer, configFile: options.commandConfig, properties: properties)
        let admin = KafkaAdminClient(config: config)
        do {
            try await fetchAndPrint(admin: admin, spec: spec, filter: filter)
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }

    func makeFilter() throws -> TopicPartitionFilter {
        do {
            if let patterns = options.topicPartitions { return try TopicPartitionFilter.patternList(patterns) }
            return .topicAndPartitions(try IncludeList(options.topic ?? ".*"), try Self.partitionSet(options.partitions))
        } catch let invalid as TopicPartitionFilter.InvalidRule {
            let terse = "org.apache.kafka.tools.TerseException: Invalid rule specification: \(invalid.ruleSpec)"
            throw JavaThrowable(className: "java.lang.RuntimeException", message: terse, cause: terse)
        } catch let regex as IncludeList.InvalidRegex {
            throw JavaThrowable(className: "java.lang.RuntimeException", message: regex.description)
        } catch let number as TopicPartitionFilter.NumberFormat {
            throw JavaThrowable(className: "java.lang.NumberFormatException", message: "For input string: \"\(number.text)\"")
        }
    }

    /// `createPartitionSet`: empty means every partition.
    static func partitionSet(_ text: String?) throws -> Set<Int32> {
        guard let text, !text.isEmpty else { return [] }
        var result = Set<Int32>()
        for part in TopicPartitionFilter.javaSplit(text, ",") {
            guard let id = Int32(part) else {
                throw TerseException(
                    message: "--partitions expects a comma separated list of numeric partition ids, but received: \(text)")
            }
            result.insert(id)
        }
        return result
    }

    /// `parseOffsetSpec`: keywords, the negative codes, or a timestamp.
    static func parseOffsetSpec(_ text: String) throws -> OffsetSpec {
        switch text {
        case "earliest": return .earliest
        case "latest": return .latest
        case "max-timestamp": return .maxTimestamp
        case "earliest-local": return .earliestLocal
        case "latest-tiered": return .latestTiered
        default:
            guard let timestamp = Int64(text) else {
                throw TerseException(message: "Malformed time argument \(text). " + malformedTime)
            }
            switch timestamp {
            case -2: return .earliest
            case -1: return .latest
            case -3: return .maxTimestamp
            case -4: return .earliestLocal
            case -5: return .latestTiered
            default: return .timestamp(timestamp)
            }
        }
    }

    func fetchAndPrint(admin: KafkaAdminClient, spec: OffsetSpec, filter: TopicPartitionFilter) async throws {
        let metadata = try await admin.cluster.refreshMetadata(topics: nil)
        var partitions: [TopicPartition] = []
        for topic in metadata.topics {
            guard let name = topic.name, topic.errorCode == 0 else { continue }
            if options.excludeInternalTopics && topic.isInternal { continue }
            guard filter.isTopicAllowed(name) else { continue }
            for partition in topic.partitions where filter.isTopicPartitionAllowed(name, partition.partitionIndex) {
                partitions.append(TopicPartition(name, partition.partitionIndex))
            }
        }
        if partitions.isEmpty {
            throw TerseException(message: "Could not match any topic-partitions with the specified filters")
        }
        let specs = Dictionary(uniqueKeysWithValues: partitions.map { ($0, spec) })
        let results = try await admin.listOffsets(specs)
        if options.outputFormat == .json {
            printDocument(partitions, results)
            return
        }
        var lines: [(key: String, line: String)] = []
        for partition in partitions {
            switch results[partition] {
            case let .success(info)?:
                if info.offset != -1 {
                    lines.append((partition.description, "\(partition.topic):\(partition.partition):\(info.offset)"))
                }
            case let .failure(error)?:
                console.printlnError(
                    "Skip getting offsets for topic-partition \(partition) due to error: \(JavaErrorText.describe(error))")
            case nil:
                continue
            }
        }
        // Kafka sorts by `TopicPartition.toString()` compared as strings (UTF-16 order).
        for entry in lines.sorted(by: { Array($0.key.utf16).lexicographicallyPrecedes(Array($1.key.utf16)) }) {
            console.println(entry.line)
        }
    }

    /// `--output json`: every looked-up partition, with its error when the lookup failed.
    func printDocument(_ partitions: [TopicPartition], _ results: [TopicPartition: Result<ListOffsetsResultInfo, KafkaError>]) {
        var offsets: [GetOffsetsDocument.Entry] = []
        var errors: [GetOffsetsDocument.PartitionError] = []
        for partition in partitions {
            switch results[partition] {
            case let .success(info)?:
                offsets.append(GetOffsetsDocument.entry(partition, info))
            case let .failure(error)?:
                let (message, type) = JSONOutput.messageAndType(ofJavaText: JavaErrorText.describe(error))
                errors.append(.init(topic: partition.topic, partition: partition.partition, message: message, type: type))
            case nil:
                continue
            }
        }
        JSONOutput.print(GetOffsetsDocument(offsets: offsets, errors: errors), on: console)
    }
}
