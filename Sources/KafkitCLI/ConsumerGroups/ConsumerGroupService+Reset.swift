import Foundation
import KafkaClient
import KafkaStorage
import KafkaProtocol

/// `--reset-offsets`: per group, the inactive-group rule, the scope, the scenario, then (with
/// `--execute`) the commit.
extension ConsumerGroupService {
    typealias ResetPlan = [(group: String, offsets: [(TopicPartition, Int64)])]

    /// `resetOffsets`: groups (and their partitions) in Java `HashMap` order, as Kafka prints them.
    func resetOffsets() async throws -> ResetPlan {
        let groupIds = try await groupIdsInScope()
        let described = try await admin.describeConsumerGroups(groupIds)
        var plan: [String: [(TopicPartition, Int64)]] = [:]
        for groupId in JavaHashOrder.ordered(Array(Set(groupIds))) {
            guard let result = described[groupId] else { continue }
            switch result {
            case let .success(group) where group.state == "Empty" || group.state == "Dead":
                plan[groupId] = try await resetOffsetsForInactiveGroup(groupId)
            case let .success(group):
                console.println("\nError: Assignments can only be reset if the group '\(groupId)' is inactive, but the current state is \(group.state).")
                plan[groupId] = []
            case let .failure(error) where error.errorCode == .groupIdNotFound:
                // 4.0: a group that does not exist yet counts as inactive (offsets can be pre-seeded).
                plan[groupId] = try await resetOffsetsForInactiveGroup(groupId)
            case let .failure(error):
                throw WrappedGroupCommandError(style: .runtimeException, error: error)
            }
        }
        return JavaHashOrder.ordered(Array(plan.keys)).map { ($0, plan[$0] ?? []) }
    }

    private func resetOffsetsForInactiveGroup(_ groupId: String) async throws -> [(TopicPartition, Int64)] {
        let partitions = try await partitionsToReset(groupId)
        let prepared = try await prepareOffsetsToReset(groupId, partitions)
        let ordered = JavaHashOrder.ordered(Array(prepared.keys)).map { ($0, prepared[$0] ?? 0) }
        if !opts.isDryRun && !prepared.isEmpty {
            try await WrappedGroupCommandError.wrapping(.rethrownCause) {
                let errors = try await admin.alterConsumerGroupOffsets(groupId, offsets: prepared)
                for tp in errors.keys.sorted() { if let error = errors[tp] ?? nil { throw error } }
            }
        }
        return ordered
    }

    private func partitionsToReset(_ groupId: String) async throws -> [TopicPartition] {
        if opts.has("all-topics") { return Array(try await committedOffsets(groupId).keys) }
        if opts.has("topic") { return try await topicPartitions(opts.topics) }
        if !opts.has("from-file") {
            throw ConsumerGroupUsageFailure(message: "One of the reset scopes should be defined: --all-topics, --topic.")
        }
        return []
    }

    /// `parseTopicPartitionsToReset`: explicit partitions, then every partition of plain topics.
    func topicPartitions(_ arguments: [String]) async throws -> [TopicPartition] {
        var result: [TopicPartition] = []
        for argument in arguments where argument.contains(":") { result += try TopicPartitionArguments.parse(argument) }
        let plain = arguments.filter { !$0.contains(":") }
        if !plain.isEmpty {
            result += try await WrappedGroupCommandError.wrapping(.rethrownCause) {
                let described = try await admin.describeTopics(plain)
                return try plain.flatMap { topic -> [TopicPartition] in
                    guard let answer = described[topic] else { return [] }
                    return try answer.get().partitions.map { TopicPartition(topic, $0.partition) }
                }
            }
        }
        return result
    }

    private func prepareOffsetsToReset(_ groupId: String, _ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        if opts.has("to-offset") {
            let offset = try opts.commandLine.options.value(of: "to-offset", as: Int64.self) ?? 0
            return try await checkOffsetsRange(Dictionary(partitions.map { ($0, offset) }, uniquingKeysWith: { a, _ in a }))
        }
        if opts.has("to-earliest") {
            return try await knownOffsets(partitions, .earliest, missing: "Error getting starting offset of topic partition: ")
        }
        if opts.has("to-latest") {
            return try await knownOffsets(partitions, .latest, missing: "Error getting ending offset of topic partition: ")
        }
        if opts.has("shift-by") {
            let shift = try opts.commandLine.options.value(of: "shift-by", as: Int64.self) ?? 0
            let committed = try await committedOffsets(groupId)
            var requested: [TopicPartition: Int64] = [:]
            for tp in partitions {
                guard let current = committed[tp] else {
                    throw ConsumerGroupUsageFailure(
                        message: "Cannot shift offset for partition \(tp) since there is no current committed offset")
                }
                requested[tp] = current.offset + shift
            }
            return try await checkOffsetsRange(requested)
        }
        if opts.has("to-datetime") {
            let timestamp = try ResetTimestamps.dateTime(opts.value("to-datetime") ?? "")
            return try await timestampOffsets(partitions, timestamp)
        }
        if opts.has("by-duration") {
            let duration = try ResetTimestamps.durationMillis(opts.value("by-duration") ?? "")
            let now = Int64(Date().timeIntervalSince1970 * 1000)
            return try await timestampOffsets(partitions, now - duration)
        }
        if opts.has("from-file") {
            let plan = try resetPlanFromFile()
            // Kafka reads the file a second time here, repeating its stderr notice.
            _ = try resetPlanFromFile()
            guard let forGroup = plan[groupId] else {
                console.println("\nError: No reset plan for group \(groupId) found")
                return [:]
            }
            return try await checkOffsetsRange(forGroup)
        }
        if opts.has("to-current") {
            let committed = try await committedOffsets(groupId)
            var result: [TopicPartition: Int64] = [:]
            for tp in partitions { if let current = committed[tp] { result[tp] = current.offset } }
            let without = partitions.filter { committed[$0] == nil }
            let latest = try await knownOffsets(without, .latest, missing: "Error getting ending offset of topic partition: ")
            result.merge(latest) { a, _ in a }
            return result
        }
        throw ConsumerGroupUsageFailure(
            message: "Option '\(opts.commandLine.specDescription("reset-offsets"))' requires one of the following scenarios: ["
                + ConsumerGroupCommandOptions.scenarios.map(opts.commandLine.specDescription).joined(separator: ", ") + "]")
    }

    private func resetPlanFromFile() throws -> [String: [TopicPartition: Int64]] {
        let path = opts.value("from-file") ?? ""
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw ConsumerGroupCommandFailure(message: "java.nio.file.NoSuchFileException: \(path)", type: "NoSuchFileException", wrapped: false)
        }
        let parsed = try ResetPlanCSV.parse(text, singleGroup: opts.groups.count == 1 ? opts.groups.first : nil)
        if let notice = parsed.stderrNotice { console.printError(notice) }
        return parsed.plan
    }

    /// `getLogOffsets`: a failed partition fails the run; one the broker left out is unknown.
    private func logOffsets(_ partitions: [TopicPartition], _ spec: OffsetSpec) async throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try await WrappedGroupCommandError.wrapping(.runtimeException) {
            let answers = try await admin.listOffsets(Dictionary(Set(partitions).map { ($0, spec) }, uniquingKeysWith: { a, _ in a }))
            var result: [TopicPartition: Int64] = [:]
            for (tp, answer) in answers { result[tp] = try answer.get().offset }
            return result
        }
    }

    private func knownOffsets(_ partitions: [TopicPartition], _ spec: OffsetSpec, missing: String) async throws -> [TopicPartition: Int64] {
        let offsets = try await logOffsets(partitions, spec)
        for tp in partitions where offsets[tp] == nil { throw ConsumerGroupUsageFailure(message: missing + "\(tp)") }
        return offsets
    }

    /// `getLogTimestampOffsets`: partitions with no record at/after the time fall back to latest.
    private func timestampOffsets(_ partitions: [TopicPartition], _ timestamp: Int64) async throws -> [TopicPartition: Int64] {
        let found = try await logOffsets(partitions, .timestamp(timestamp))
        var result = found.filter { $0.value != -1 }
        let empty = found.keys.filter { found[$0] == -1 }
        for tp in JavaHashOrder.ordered(empty) {
            console.println("\nWarn: Partition \(tp.partition) from topic \(tp.topic) is empty. Falling back to latest known offset.")
        }
        result.merge(try await logOffsets(empty, .latest)) { a, _ in a }
        for tp in partitions where result[tp] == nil {
            throw ConsumerGroupUsageFailure(message: "Error getting offset by timestamp of topic partition: \(tp)")
        }
        return result
    }

    /// `checkOffsetsRange`: clamps to [earliest, latest], logging a WARN for each clamp.
    private func checkOffsetsRange(_ requested: [TopicPartition: Int64]) async throws -> [TopicPartition: Int64] {
        let starts = try await logOffsets(Array(requested.keys), .earliest)
        let ends = try await logOffsets(Array(requested.keys), .latest)
        var result: [TopicPartition: Int64] = [:]
        for tp in JavaHashOrder.ordered(Array(requested.keys)) {
            guard let offset = requested[tp] else { continue }
            if let end = ends[tp], offset > end {
                warn("New offset (\(offset)) is higher than latest offset for topic partition \(tp). Value will be set to \(end)")
                result[tp] = end
            } else if let start = starts[tp], offset < start {
                warn("New offset (\(offset)) is lower than earliest offset for topic partition \(tp). Value will be set to \(start)")
                result[tp] = start
            } else {
                result[tp] = offset
            }
        }
        return result
    }

    private func warn(_ message: String) {
        console.printError("[\(KafkaLogHandler.timestamp())] WARN \(message) (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)\n")
    }
}
