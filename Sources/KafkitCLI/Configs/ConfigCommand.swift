import KafkaStorage
import KafkaClient
import KafkaProtocol

/// What `kafka-configs` does once its command line passed `checkArgs` (`processCommand`).
struct ConfigCommand {
    let options: ConfigCommandOptions
    let console: ToolConsole

    /// `ConfigEntry.ConfigSource` names by DescribeConfigs source id.
    static func sourceName(_ source: Int8) -> String {
        switch source {
        case 1: "DYNAMIC_TOPIC_CONFIG"
        case 2: "DYNAMIC_BROKER_CONFIG"
        case 3: "DYNAMIC_DEFAULT_BROKER_CONFIG"
        case 4: "STATIC_BROKER_CONFIG"
        case 5: "DEFAULT_CONFIG"
        case 6: "DYNAMIC_BROKER_LOGGER_CONFIG"
        case 7: "DYNAMIC_CLIENT_METRICS_CONFIG"
        case 8: "DYNAMIC_GROUP_CONFIG"
        default: "UNKNOWN"
        }
    }

    func run() async throws {
        let config = try ToolClientConfig.makeAdmin(
            bootstrapServer: options.options.value(of: "bootstrap-server"),
            bootstrapController: options.options.value(of: "bootstrap-controller"),
            configFile: options.options.value(of: "command-config"))
        let admin = KafkaAdminClient(config: config)
        do {
            if options.has("alter") && options.entityTypes.count != options.entityNames.count {
                throw ConfigCommandError.illegalArgument("An entity name must be specified for every entity type")
            }
            if options.has("alter") { try await alter(admin) } else { try await describe(admin) }
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }

    // MARK: Describe

    func describe(_ admin: KafkaAdminClient) async throws {
        let type = options.entityTypes.first ?? ""
        guard Self.resourceTypes.contains(type) else { throw Self.quotaEntitiesUnsupported(type) }
        let entities: [String]
        if let name = options.entityNames.first {
            entities = [name]
        } else {
            entities = try await allEntities(admin, type: type)
        }
        for entity in entities {
            if entity.isEmpty {
                console.println("Default configs for \(type) in the cluster are:")
            } else {
                console.println("\(options.has("all") ? "All" : "Dynamic") configs for \(type.dropLast()) \(entity) are:")
            }
            for entry in try await resourceConfig(admin, type: type, name: entity, includeSynonyms: true, describeAll: options.has("all")) {
                let synonyms = entry.synonyms.map { "\(Self.sourceName($0.source)):\($0.name)=\($0.value ?? "null")" }
                console.println(
                    "  \(entry.name)=\(entry.value ?? "null") sensitive=\(entry.isSensitive) synonyms={\(synonyms.joined(separator: ", "))}")
            }
        }
    }

    /// Every entity of a type, when no name was given.
    func allEntities(_ admin: KafkaAdminClient, type: String) async throws -> [String] {
        switch type {
        case "topics":
            let names = try await Self.javaFuture { try await admin.listTopics(listInternal: true).map(\.name) }
            // `names()` is a HashSet built from the listing map: `new HashSet<>(keys)` sizes it n/.75+1.
            return JavaHashOrder.ordered(
                names.sorted(), initialCapacity: max(Int(Double(names.count) / 0.75) + 1, 16), hash: JavaHashOrder.hashCode)
        case "brokers", "broker-loggers":
            let cluster = try await Self.javaFuture { try await admin.describeCluster() }
            return cluster.nodes.map { "\($0.nodeId)" } + [""]
        case "groups":
            return try await Self.javaFuture { try await admin.listGroups().map(\.groupId) }
        default:
            return try await Self.javaFuture {
                try await admin.cluster.request(.anyBroker, build: { _ in ListClientMetricsResourcesRequest() }) { response, _ in
                    if response.errorCode != 0 { throw KafkaError.broker(ErrorCode(code: response.errorCode), message: nil) }
                    return response.clientMetricsResources.map(\.name)
                }
            }
        }
    }

    static let resourceTypes = ["topics", "brokers", "broker-loggers", "client-metrics", "groups"]

    /// Quota entities (users, clients, ips) need DescribeClientQuotas/AlterClientQuotas and the
    /// SCRAM APIs, which kafkit's client does not implement: said plainly, as Kafka reports an
    /// unsupported API (message only, exit 1).
    static func quotaEntitiesUnsupported(_ type: String) -> ConfigCommandError {
        .illegalArgument("kafkit configs does not support the entity type \(type) (client quotas and SCRAM credentials are not implemented)")
    }

    /// `getResourceConfig`: the entries of one resource, filtered to its dynamic source unless
    /// `describeAll`, sorted by name.
    func resourceConfig(
        _ admin: KafkaAdminClient, type: String, name: String, includeSynonyms: Bool, describeAll: Bool
    ) async throws -> [DescribedConfig] {
        let resourceType: ConfigResourceType
        var dynamicSource: Int8?
        switch type {
        case "topics":
            if !name.isEmpty { try TopicNameRules.validate(name) }
            resourceType = .topic
            dynamicSource = 1
        case "brokers":
            if !name.isEmpty { try Self.validateBrokerId(type, name) }
            resourceType = .broker
            dynamicSource = name.isEmpty ? 3 : 2
        case "broker-loggers":
            if !name.isEmpty { try Self.validateBrokerId(type, name) }
            resourceType = .brokerLogger
        case "client-metrics":
            resourceType = .clientMetrics
            dynamicSource = 7
        default:
            resourceType = .group
            dynamicSource = 8
        }
        let resource = ConfigResource(type: resourceType, name: name)
        let results = try await Self.javaFuture { try await admin.describeConfigs([resource], includeSynonyms: includeSynonyms) }
        guard let result = results.first(where: { $0.resource == resource }) ?? results.first else { return [] }
        if let error = result.error { throw Self.executionException(error) }
        let filter = describeAll ? nil : dynamicSource
        return result.configs
            .filter { entry in filter.map { entry.source == $0 } ?? true }
            .sorted { Array($0.name.utf16).lexicographicallyPrecedes(Array($1.name.utf16)) }
    }

    static func validateBrokerId(_ type: String, _ name: String) throws {
        if Int32(name) == nil {
            throw ConfigCommandError.illegalArgument("The entity name for \(type) must be a valid integer broker id, found: \(name)")
        }
    }

    // MARK: Alter

    func alter(_ admin: KafkaAdminClient) async throws {
        let type = options.entityTypes.first ?? ""
        let name = options.entityNames.first ?? ""
        let toAdd = try ConfigsToBeAdded.parse(
            addConfig: try options.options.value(of: "add-config"),
            addConfigFile: try options.options.value(of: "add-config-file"))
        let toDelete = ConfigsToBeAdded.toBeDeleted(options.options.values(of: "delete-config"))
        guard Self.resourceTypes.contains(type) else { throw Self.quotaEntitiesUnsupported(type) }

        let resourceType: ConfigResourceType
        switch type {
        case "topics": resourceType = .topic
        case "brokers": resourceType = .broker
        case "broker-loggers": resourceType = .brokerLogger
        case "client-metrics": resourceType = .clientMetrics
        default: resourceType = .group
        }
        if type == "broker-loggers" {
            let loggers = Set(try await resourceConfig(admin, type: type, name: name, includeSynonyms: true, describeAll: false).map(\.name))
            let invalid = toDelete.filter { !loggers.contains($0) } + toAdd.map(\.key).filter { !loggers.contains($0) }
            if !invalid.isEmpty {
                throw ConfigCommandError.invalidConfiguration("Invalid broker logger(s): \(invalid.joined(separator: ","))")
            }
        } else {
            let old = Set(try await resourceConfig(admin, type: type, name: name, includeSynonyms: false, describeAll: false).map(\.name))
            let invalid = toDelete.filter { !old.contains($0) }
            if !invalid.isEmpty {
                throw ConfigCommandError.invalidConfiguration("Invalid config(s): \(invalid.joined(separator: ","))")
            }
        }
        // Deletes first, then sets, in one IncrementalAlterConfigs request, as Kafka 4.0's tool.
        let ops = toDelete.map { AlterConfigOp(name: $0, value: "", op: .delete) }
            + toAdd.map { AlterConfigOp(name: $0.key, value: $0.value, op: .set) }
        let resource = ConfigResource(type: resourceType, name: name)
        let results = try await Self.javaFuture { try await admin.incrementalAlterConfigs([resource: ops]) }
        if let failure = results[resource], let error = failure { throw Self.executionException(error) }

        if name.isEmpty {
            console.println("Completed updating default config for \(type) in the cluster.")
        } else {
            console.println("Completed updating config for \(type.dropLast()) \(name).")
        }
    }

    // MARK: Errors

    /// A failed admin future: `future.get()` throws `ExecutionException` wrapping the cause.
    static func executionException(_ error: any Error) -> ConfigCommandError {
        .throwable(className: "java.util.concurrent.ExecutionException", message: JavaErrorText.describe(error))
    }

    /// Runs an admin call, reporting its failure as the `ExecutionException` Kafka's tool would see.
    static func javaFuture<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ConfigCommandError {
            throw error
        } catch {
            throw executionException(error)
        }
    }
}

/// `org.apache.kafka.common.internals.Topic.validate`.
enum TopicNameRules {
    static func validate(_ name: String) throws {
        func invalid(_ message: String) -> ConfigCommandError {
            .throwable(className: "org.apache.kafka.common.errors.InvalidTopicException", message: message)
        }
        if name.isEmpty { throw invalid("Topic name is illegal, it can't be empty") }
        if name == "." || name == ".." { throw invalid("Topic name cannot be \".\" or \"..\"") }
        if name.utf16.count > 249 {
            throw invalid("Topic name is illegal, it can't be longer than 249 characters, topic name: \(name)")
        }
        let legal = name.unicodeScalars.allSatisfy {
            $0.isASCII && (("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0)
                || $0 == "." || $0 == "_" || $0 == "-")
        }
        if !legal {
            throw invalid("Topic name \"\(name)\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'")
        }
    }
}
