import KafkaClient
import KafkaStorage
import KafkaProtocol

/// `--delete` and `--delete-offsets`.
extension ConsumerGroupService {
    func deleteGroups() async throws {
        let groupIds = try await groupIdsInScope()
        let results = try await admin.deleteGroups(Array(Set(groupIds)))
        let ordered = JavaHashOrder.ordered(Array(results.keys))
        let succeeded = ordered.filter { (results[$0] ?? nil) == nil }
        let failed = ordered.filter { (results[$0] ?? nil) != nil }
        if failed.isEmpty {
            console.println("Deletion of requested consumer groups ('" + succeeded.joined(separator: ", ") + "') was successful.")
            return
        }
        console.println("\nError: Deletion of some consumer groups failed:")
        for group in failed {
            guard let error = results[group] ?? nil else { continue }
            console.println("* Group '\(group)' could not be deleted due to: " + JavaErrorText.describe(error))
        }
        if !succeeded.isEmpty {
            console.println("\nThese consumer groups were deleted successfully: '" + succeeded.joined(separator: "'") + "', '")
        }
    }

    func deleteOffsets() async throws {
        guard let groupId = try opts.commandLine.options.value(of: "group") else { return }
        let topics = opts.topics
        var partitionResults: [TopicPartition: String?] = [:]
        var partitions = Set<TopicPartition>()
        for argument in topics where argument.contains(":") { partitions.formUnion(try TopicPartitionArguments.parse(argument)) }
        let plain = Array(Set(topics.filter { !$0.contains(":") }))
        if !plain.isEmpty {
            let described = try await admin.describeTopics(plain)
            for topic in plain {
                switch described[topic] {
                case let .success(description)?: partitions.formUnion(description.partitions.map { TopicPartition(topic, $0.partition) })
                case let .failure(error)?: partitionResults[TopicPartition(topic, -1)] = .some(JavaErrorText.describe(error))
                case nil: break
                }
            }
        }
        var topLevel: ErrorCode = .noError
        do {
            let results = try await admin.deleteConsumerGroupOffsets(groupId, partitions: Array(partitions))
            for tp in partitions.sorted() {
                if let error = results[tp] ?? nil {
                    if topLevel == .noError { topLevel = error.errorCode ?? .unknownServerError }
                    partitionResults[tp] = .some(JavaErrorText.describe(error))
                } else {
                    partitionResults[tp] = .some(nil)
                }
            }
        } catch let error as KafkaError where error.errorCode != nil {
            topLevel = error.errorCode ?? .unknownServerError
            for tp in partitions { partitionResults[tp] = .some(JavaErrorText.describe(error)) }
        }
        switch topLevel {
        case .noError:
            console.println("Request succeed for deleting offsets with topic \(topics.joined(separator: ", ")) group \(groupId)")
        case .invalidGroupId: console.println("\nError: '\(groupId)' is not valid.")
        case .groupIdNotFound: console.println("\nError: '\(groupId)' does not exist.")
        case .groupAuthorizationFailed: console.println("\nError: Access to '\(groupId)' is not authorized.")
        case .nonEmptyGroup:
            console.println("\nError: Deleting offsets of a consumer group '\(groupId)' is forbidden if the group is not empty.")
        case .groupSubscribedToTopic, .topicAuthorizationFailed, .unknownTopicOrPartition:
            console.println("\nError: Encounter some partition level error, see the follow-up details:")
        default:
            console.println("\nError: Encounter some unknown error: \(topLevel.name)")
        }
        console.print(ConsumerGroupFormatting.deleteOffsetsTable(partitionResults.map { ($0.key, $0.value) }))
    }
}
