import KafkaClient
import KafkaProtocol
import KafkaStorage

extension TopicPartitionReplica {
    /// `compareTopicPartitionReplicas`: broker, then topic, then partition.
    static func kafkaOrder(_ a: Self, _ b: Self) -> Bool {
        if a.brokerId != b.brokerId { return a.brokerId < b.brokerId }
        if a.topic != b.topic { return a.topic < b.topic }
        return a.partition < b.partition
    }
}

/// A parsed `--reassignment-json-file`: target replicas per partition in file order (duplicates
/// kept so they can be reported) and the replicas that name a log directory.
struct PartitionReassignmentData: Sendable {
    var partitions: [(partition: TopicPartition, replicas: [Int32])]
    var logDirs: [TopicPartitionReplica: String]
}

/// The JSON files of `kafka-reassign-partitions`, read and written as Kafka does.
enum ReassignmentJson {
    static let anyLogDir = "any"

    /// `formatAsReassignmentJson`: compact, partitions sorted by topic then partition, each with
    /// `topic`, `partition`, `replicas`, `log_dirs` (`"any"` unless a directory is assigned).
    static func format(_ assignment: [TopicPartition: [Int32]], logDirs: [TopicPartitionReplica: String] = [:]) -> String {
        let partitions: [KafkaJSON] = assignment.keys.sorted().map { tp in
            let replicas = assignment[tp] ?? []
            return .object([
                ("topic", .string(tp.topic)),
                ("partition", .int(Int64(tp.partition))),
                ("replicas", .array(replicas.map { .int(Int64($0)) })),
                ("log_dirs", .array(replicas.map {
                    .string(logDirs[TopicPartitionReplica(topic: tp.topic, partition: tp.partition, brokerId: $0)] ?? anyLogDir)
                })),
            ])
        }
        return KafkaJSON.object([("version", .int(1)), ("partitions", .array(partitions))]).serialized()
    }

    // MARK: --topics-to-move-json-file

    /// `parseTopicsData`: the topic names in file order. Text that is not JSON at all is
    /// `The input string is not a valid JSON` (`Json.parseFull` returned nothing).
    static func parseTopics(_ text: String) throws(ReassignJavaException) -> [String] {
        let root: KafkaJSON?
        do { root = try JacksonTreeReader.read(text) } catch {
            throw .adminOperation("The input string is not a valid JSON")
        }
        guard !text.isEmpty else { throw .adminOperation("The input string is not a valid JSON") }
        let object = try asObject(root)
        let version = try object["version"].map { node throws(ReassignJavaException) in try int(node) } ?? 1
        guard version == 1 else { throw .adminOperation("Not supported version field value \(version)") }
        guard let topics = object["topics"] else { return [] }
        return try asArray(topics).map { entry throws(ReassignJavaException) in
            try string(try field(try asObject(entry), "topic"))
        }
    }

    // MARK: --reassignment-json-file

    /// `parsePartitionReassignmentData`: no check beyond the JSON shape and the log-dir count.
    static func parseReassignment(_ text: String) throws(ReassignJavaException) -> PartitionReassignmentData {
        let root: KafkaJSON?
        do throws(JacksonTreeReader.ParseError) {
            guard !text.isEmpty else {
                throw JacksonTreeReader.ParseError(message: "The input string shouldn't be empty")
            }
            root = try JacksonTreeReader.read(text)
        } catch {
            // `new AdminOperationException(jsonParseException)`: the message is the cause's toString().
            let cause = "\(ReassignJavaException.jsonParseClass): \(error.message)"
            throw ReassignJavaException(className: ReassignJavaException.adminOperationClass, message: cause, causes: [cause])
        }
        let object = try asObject(root)
        let version = try object["version"].map { node throws(ReassignJavaException) in try int(node) } ?? 1
        guard version == 1 else { throw .adminOperation("Not supported version field value \(version)") }
        var result = PartitionReassignmentData(partitions: [], logDirs: [:])
        guard let partitions = object["partitions"] else { return result }
        for entry in try asArray(partitions) {
            let fields = try asObject(entry)
            let topic = try string(try field(fields, "topic"))
            let partition = try int(try field(fields, "partition"))
            let replicas = try asList(try field(fields, "replicas")).map { node throws(ReassignJavaException) in try int(node) }
            let logDirs = try fields["log_dirs"].map { node throws(ReassignJavaException) in
                try asList(node).map { item throws(ReassignJavaException) in try string(item) }
            } ?? replicas.map { _ in anyLogDir }
            let tp = TopicPartition(topic, partition)
            guard replicas.count == logDirs.count else {
                throw .adminCommandFailed(
                    "Size of replicas list \(javaList(replicas.map(String.init))) is different from size of log dirs list "
                        + "\(javaList(logDirs)) for partition \(tp)")
            }
            result.partitions.append((tp, replicas))
            for (replica, dir) in zip(replicas, logDirs) where dir != anyLogDir {
                result.logDirs[TopicPartitionReplica(topic: topic, partition: partition, brokerId: replica)] = dir
            }
        }
        return result
    }

    /// `parseExecuteAssignmentArgs`'s checks, in Kafka's order.
    static func validateForExecute(_ data: PartitionReassignmentData) throws(ReassignJavaException) -> [TopicPartition: [Int32]] {
        guard !data.partitions.isEmpty else { throw .adminCommandFailed("Partition reassignment list cannot be empty") }
        if data.partitions.contains(where: { $0.replicas.isEmpty }) {
            throw .adminCommandFailed("Partition replica list cannot be empty")
        }
        let duplicatePartitions = JavaCollections.duplicates(data.partitions.map(\.partition)) {
            JavaHashOrder.topicPartitionHash(topic: $0.topic, partition: $0.partition)
        }
        if !duplicatePartitions.isEmpty {
            throw .adminCommandFailed(
                "Partition reassignment contains duplicate topic partitions: "
                    + duplicatePartitions.map(\.description).joined(separator: ","))
        }
        let duplicateReplicas = data.partitions.compactMap { entry -> String? in
            let duplicates = JavaCollections.duplicates(entry.replicas) { $0 }
            guard !duplicates.isEmpty else { return nil }
            return "\(entry.partition) contains multiple entries for " + duplicates.map(String.init).joined(separator: ",")
        }
        if !duplicateReplicas.isEmpty {
            throw .adminCommandFailed(
                "Partition replica lists may not contain duplicate entries: " + duplicateReplicas.joined(separator: ". "))
        }
        var result: [TopicPartition: [Int32]] = [:]
        for (partition, replicas) in data.partitions { result[partition] = replicas }
        return result
    }

    // MARK: Kafka's DecodeJson / JsonValue checks and messages

    /// Jackson's `JsonNode.toString()`; a missing root (blank text) prints as nothing.
    static func nodeText(_ node: KafkaJSON?) -> String { node?.serialized() ?? "" }

    static func asObject(_ node: KafkaJSON?) throws(ReassignJavaException) -> KafkaJSON {
        guard let node, case .object = node else { throw .jsonMapping("Expected JSON object, received \(nodeText(node))") }
        return node
    }

    static func asArray(_ node: KafkaJSON) throws(ReassignJavaException) -> [KafkaJSON] {
        guard case let .array(items) = node else { throw .jsonMapping("Expected JSON array, received \(nodeText(node))") }
        return items
    }

    /// `DecodeJson.decodeList`.
    static func asList(_ node: KafkaJSON) throws(ReassignJavaException) -> [KafkaJSON] {
        guard case let .array(items) = node else { throw .jsonMapping("Expected `JSON array` value, received \(nodeText(node))") }
        return items
    }

    /// `JsonObject.apply(name)`.
    static func field(_ object: KafkaJSON, _ name: String) throws(ReassignJavaException) -> KafkaJSON {
        guard let value = object[name] else { throw .jsonMapping("No such field exists: `\(name)`") }
        return value
    }

    /// `DecodeJson.DecodeInteger`.
    static func int(_ node: KafkaJSON) throws(ReassignJavaException) -> Int32 {
        guard let value = node.javaInt else { throw .jsonMapping("Expected `Integer` value, received \(nodeText(node))") }
        return value
    }

    /// `DecodeJson.DecodeString`.
    static func string(_ node: KafkaJSON) throws(ReassignJavaException) -> String {
        guard case let .string(text) = node else { throw .jsonMapping("Expected `String` value, received \(nodeText(node))") }
        return text
    }

    /// `List.toString()`: `[a, b]`.
    static func javaList(_ items: [String]) -> String { "[" + items.joined(separator: ", ") + "]" }
}

/// Java collection behaviour the tool's messages depend on.
enum JavaCollections {
    /// `ToolsUtils.duplicates`: the repeated elements, in the iteration order of the `HashSet`
    /// Kafka collects them into.
    static func duplicates<T: Hashable>(_ items: [T], hash: (T) -> Int32) -> [T] {
        var seen = Set<T>()
        var duplicates: [T] = []
        for item in items where !seen.insert(item).inserted && !duplicates.contains(item) {
            duplicates.append(item)
        }
        return JavaHashOrder.ordered(duplicates, hash: hash)
    }

    /// A `HashSet<Integer>`'s iteration order.
    static func hashSetOrder(_ ids: [Int32]) -> [Int32] {
        var unique: [Int32] = []
        for id in ids where !unique.contains(id) { unique.append(id) }
        return JavaHashOrder.ordered(unique) { $0 }
    }

    /// A `HashSet<String>`'s iteration order.
    static func hashSetOrder(_ names: [String]) -> [String] {
        var unique: [String] = []
        for name in names where !unique.contains(name) { unique.append(name) }
        return JavaHashOrder.ordered(unique, table: .hashMap)
    }
}
