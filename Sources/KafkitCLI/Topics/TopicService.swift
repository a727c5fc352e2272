import KafkaClient
import KafkaProtocol

/// `TopicCommand.TopicService`: the five actions, through `KafkaAdminClient`, printing what
/// Kafka's tool prints. Failures are thrown as `TopicCommandException`.
struct TopicService: Sendable {
    let admin: KafkaAdminClient
    let console: ToolConsole
    var format: ToolOutputFormat = .text

    /// `ConfigEntry.ConfigSource.DEFAULT_CONFIG` as DescribeConfigs reports it.
    static let defaultConfigSource: Int8 = 5
    static let collisionWarning =
        "WARNING: Due to limitations in metric names, topics with a period ('.') or underscore ('_') could collide. To avoid issues it is best to use either, but not both."

    func run(_ opts: TopicCommandOptions) async throws {
        switch opts.action {
        case "create": try await createTopic(opts)
        case "alter": try await alterTopic(opts)
        case "list": try await listTopics(opts)
        case "describe": try await describeTopic(opts)
        default: try await deleteTopic(opts)
        }
    }

    // MARK: create

    func createTopic(_ opts: TopicCommandOptions) async throws {
        let name = try opts.topic ?? ""
        let partitions = try opts.partitions
        let replicationFactor = try opts.replicationFactor
        let assignment = try Self.replicaAssignment(opts)
        let configs = try TopicArgumentParsing.parseTopicConfigs(opts.topicConfigs)
        try TopicConfigValidation.validate(configs)
        if name.contains(".") || name.contains("_") { console.println(Self.collisionWarning) }
        if let replicationFactor, replicationFactor > Int32(Int16.max) || replicationFactor < 1 {
            throw TopicCommandException.illegalArgument("The replication factor must be between 1 and 32767 inclusive")
        }
        if let partitions, partitions < 1 {
            throw TopicCommandException.illegalArgument("The partitions must be greater than 0")
        }
        var newTopic = NewTopic(name: name, configs: configs.map { ($0.0, $0.1) })
        if assignment.isEmpty {
            newTopic.numPartitions = partitions ?? -1
            newTopic.replicationFactor = replicationFactor.map { Int16(truncatingIfNeeded: $0) } ?? -1
        } else {
            for (index, replicas) in assignment.enumerated() { newTopic.replicasAssignments[Int32(index)] = replicas }
        }
        let results = try await call("createTopics") { try await admin.createTopics([newTopic]) }
        if let error = results.first(where: { $0.name == name })?.error ?? results.first?.error {
            if opts.ifNotExists, error.errorCode == .topicAlreadyExists { return }
            throw TopicCommandException(error)
        }
        console.println("Created topic \(name).")
    }

    /// `--replica-assignment` parsed, or empty when absent or empty.
    static func replicaAssignment(_ opts: TopicCommandOptions) throws -> [[Int32]] {
        guard let text = try opts.replicaAssignment, !text.isEmpty else { return [] }
        return try TopicArgumentParsing.parseReplicaAssignment(text)
    }

    // MARK: list

    func listTopics(_ opts: TopicCommandOptions) async throws {
        let topics = try await getTopics(try opts.topic, excludeInternalTopics: opts.excludeInternalTopics)
        if format == .json {
            JSONOutput.print(TopicListDocument(topics: topics), on: console)
            return
        }
        console.println(topics.joined(separator: "\n"))
    }

    /// `getTopics`: every topic name (internal ones unless excluded), sorted, filtered by the
    /// `--topic` pattern.
    func getTopics(_ includeList: String?, excludeInternalTopics: Bool) async throws -> [String] {
        let all = try await call("listTopics") { try await admin.listTopics(listInternal: !excludeInternalTopics) }.map(\.name)
        return try Self.filterTopics(all, includeList: includeList, excludeInternalTopics: excludeInternalTopics)
    }

    /// `doGetTopics` on the names the broker listed.
    static func filterTopics(_ names: [String], includeList: String?, excludeInternalTopics: Bool) throws -> [String] {
        let sorted = names.sorted { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        guard let includeList else {
            return sorted.filter { !(excludeInternalTopics && InternalTopics.isInternal($0)) }
        }
        let filter = try TopicIncludeList(includeList)
        return sorted.filter { filter.isTopicAllowed($0, excludeInternalTopics: excludeInternalTopics) }
    }

    /// `ensureTopicExists`, with 4.0's `Optional[...]` in the message.
    static func ensureTopicExists(
        _ found: [String], requested: String?, requireTopicExists: Bool, method: String, line: Int?
    ) throws(TopicCommandException) {
        guard let requested, !requested.isEmpty, requireTopicExists, found.isEmpty else { return }
        throw TopicCommandException.illegalArgument(
            "Topic 'Optional[\(requested)]' does not exist as expected",
            frames: TopicCommandFrames.ensureTopicExists(from: method, line: line))
    }

    // MARK: alter

    func alterTopic(_ opts: TopicCommandOptions) async throws {
        let partitions = try opts.partitions ?? 0
        let assignment = try Self.replicaAssignment(opts)
        let requested = try opts.topic
        let topics = try await getTopics(requested, excludeInternalTopics: opts.excludeInternalTopics)
        try Self.ensureTopicExists(topics, requested: requested, requireTopicExists: !opts.ifExists, method: "alterTopic", line: nil)
        guard !topics.isEmpty else { return }
        var counts: [String: (count: Int32, assignments: [[Int32]]?)] = [:]
        if assignment.isEmpty {
            for topic in topics { counts[topic] = (partitions, nil) }
        } else {
            let descriptions = try await call("describeTopics") { try await admin.describeTopics(topics) }
            for topic in topics {
                switch descriptions[topic] {
                case .success(let description)?:
                    counts[topic] = (partitions, Array(assignment.dropFirst(description.partitions.count)))
                case .failure(let error)?:
                    throw TopicCommandException(error)
                case nil:
                    throw TopicCommandException(KafkaError.broker(.unknownTopicOrPartition, message: nil))
                }
            }
        }
        let results = try await call("createPartitions") { try await admin.createPartitions(counts) }
        for topic in topics {
            if case let error?? = results[topic] { throw TopicCommandException(error) }
        }
    }

    // MARK: delete

    func deleteTopic(_ opts: TopicCommandOptions) async throws {
        let requested = try opts.topic
        let topics = try await getTopics(requested, excludeInternalTopics: opts.excludeInternalTopics)
        try Self.ensureTopicExists(topics, requested: requested, requireTopicExists: !opts.ifExists, method: "deleteTopic", line: nil)
        guard !topics.isEmpty else { return }
        let results = try await call("deleteTopics") { try await admin.deleteTopics(names: topics) }
        for topic in topics {
            if let error = results.first(where: { $0.name == topic })?.error { throw TopicCommandException(error) }
        }
    }
}

extension TopicService {
    /// Runs one admin call; when no broker answered in time, fails as Kafka's admin client does
    /// (`TimeoutException: Timed out waiting for a node assignment. Call: <name>`).
    func call<T: Sendable>(_ name: String, _ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as KafkaError {
            switch error {
            case .timeout, .noBrokersAvailable:
                throw TopicCommandException(
                    className: "org.apache.kafka.common.errors.TimeoutException",
                    message: "Timed out waiting for a node assignment. Call: \(name)")
            default:
                throw error
            }
        }
    }
}
