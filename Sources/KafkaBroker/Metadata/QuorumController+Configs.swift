import KafkaProtocol

/// One change of `IncrementalAlterConfigs` (`AlterConfigOp.OpType`).
public struct ConfigChange: Sendable {
    public enum Operation: Int8, Sendable {
        case set = 0, delete = 1, append = 2, subtract = 3
    }

    public var name: String
    public var operation: Operation
    public var value: String?

    public init(name: String, operation: Operation, value: String?) {
        self.name = name
        self.operation = operation
        self.value = value
    }
}

extension QuorumController {
    /// Applies incremental config changes (`ConfigurationControlManager.incrementalAlterConfigs`).
    public func incrementalAlterConfigs(_ changes: [(resource: ConfigResource, changes: [ConfigChange])],
                                        validateOnly: Bool) async -> [ApiError] {
        var results: [ApiError] = []
        var records: [VersionedMetadataRecord] = []
        for (resource, resourceChanges) in changes {
            let current = image.dynamicConfigs(resource)
            var next = current
            var failure: ApiError?
            for change in resourceChanges {
                let def = TopicConfigDef.byName[change.name]
                switch change.operation {
                case .set:
                    next[change.name] = change.value
                case .delete:
                    next[change.name] = nil
                case .append, .subtract:
                    guard resource.type != .topic || def?.type == .list else {
                        failure = ApiError(.invalidConfig, "Config value append is not allowed for config key: \(change.name)")
                        break
                    }
                    var items = ConfigReader.list(next[change.name] ?? def?.defaultValue ?? "")
                    let given = ConfigReader.list(change.value ?? "")
                    if change.operation == .append {
                        for item in given where !items.contains(item) { items.append(item) }
                    } else {
                        items.removeAll { given.contains($0) }
                    }
                    next[change.name] = items.joined(separator: ",")
                }
            }
            if failure == nil { failure = validate(resource, next) }
            if let failure {
                results.append(failure)
                continue
            }
            results.append(.none)
            records.append(contentsOf: configRecords(resource, from: current, to: next))
        }
        if !validateOnly { await commitConfigRecords(records, into: &results) }
        return results
    }

    /// Replaces every dynamic config of each resource (`AlterConfigs`, the legacy API).
    public func alterConfigs(_ changes: [(resource: ConfigResource, configs: [String: String?])],
                             validateOnly: Bool) async -> [ApiError] {
        var results: [ApiError] = []
        var records: [VersionedMetadataRecord] = []
        for (resource, configs) in changes {
            var next: [String: String] = [:]
            for (key, value) in configs { if let value { next[key] = value } }
            if let failure = validate(resource, next) {
                results.append(failure)
                continue
            }
            results.append(.none)
            records.append(contentsOf: configRecords(resource, from: image.dynamicConfigs(resource), to: next))
        }
        if !validateOnly { await commitConfigRecords(records, into: &results) }
        return results
    }

    private func commitConfigRecords(_ records: [VersionedMetadataRecord], into results: inout [ApiError]) async {
        do {
            try await commit(records)
        } catch {
            results = results.map { $0.isSuccess ? ApiError(.unknownServerError, "\(error)") : $0 }
        }
    }

    func validate(_ resource: ConfigResource, _ configs: [String: String]) -> ApiError? {
        switch resource.type {
        case .topic:
            if let problem = TopicNameValidation.problem(with: resource.name) {
                return ApiError(.invalidTopicException, problem)
            }
            guard image.topicsByName[resource.name] != nil else {
                return ApiError(.unknownTopicOrPartition, "The topic '\(resource.name)' does not exist.")
            }
            for (name, value) in configs.sorted(by: { $0.key < $1.key }) {
                guard let def = TopicConfigDef.byName[name] else {
                    return ApiError(.invalidConfig, "Unknown topic config name: \(name)")
                }
                do { try def.validate(value) } catch { return ApiError(.invalidConfig, error.description) }
            }
            return nil
        case .broker:
            if !resource.name.isEmpty && Int32(resource.name) == nil {
                return ApiError(.invalidRequest, "Invalid broker name \(resource.name)")
            }
            let notDynamic = configs.keys.filter { !DynamicBrokerConfigs.isDynamic($0) }.sorted()
            if !notDynamic.isEmpty {
                return ApiError(.invalidRequest, "Cannot update these configs dynamically: Set(\(notDynamic.joined(separator: ", ")))")
            }
            for (name, value) in configs {
                if let def = TopicConfigDef.all.first(where: { $0.brokerSynonyms.contains(name) }),
                   !name.hasSuffix(".hours"), !name.hasSuffix(".minutes") {
                    do { try def.validate(value) } catch {
                        return ApiError(.invalidConfig, "Invalid value \(value) for configuration \(name)")
                    }
                }
            }
            return nil
        default:
            return ApiError(.invalidRequest, "Unexpected resource type \(resource.type.rawValue)")
        }
    }

    func configRecords(_ resource: ConfigResource, from current: [String: String], to next: [String: String]) -> [VersionedMetadataRecord] {
        var records: [VersionedMetadataRecord] = []
        for key in Set(current.keys).union(next.keys).sorted() where current[key] != next[key] {
            var record = ConfigRecord()
            record.resourceType = resource.type.rawValue
            record.resourceName = resource.name
            record.name = key
            record.value = next[key]
            records.append(.init(record, version: 0))
        }
        return records
    }
}
