import KafkaClient
import KafkaStorage

/// `ConsumerGroupCommand.ConsumerGroupService`: the actions, against our admin client.
struct ConsumerGroupService: Sendable {
    let admin: KafkaAdminClient
    let opts: ConsumerGroupCommandOptions
    let console: ToolConsole

    // MARK: --list

    /// `listConsumerGroups`: groups of protocol type `consumer` or none (simple consumer groups).
    func listConsumerGroups(states: [String] = [], types: [String] = []) async throws -> [GroupListing] {
        try await WrappedGroupCommandError.wrapping(.runtimeException) {
            try await admin.listGroups(states: states, types: types).filter { $0.protocolType == "consumer" || $0.protocolType.isEmpty }
        }
    }

    func groupIdsInScope() async throws -> [String] {
        opts.has("all-groups") ? try await listConsumerGroups().map(\.groupId) : opts.groups
    }

    static let validStates = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"]
    static let validTypes = ["Consumer", "Classic", "Share"]

    /// `consumerGroupStatesFromString`.
    static func states(from input: String) throws(ConsumerGroupUsageFailure) -> [String] {
        let parsed = input.split(separator: ",", omittingEmptySubsequences: false).map { raw in
            validStates.first { $0.lowercased() == raw.trimmingCharacters(in: .whitespaces).lowercased() }
        }
        guard parsed.allSatisfy({ $0 != nil }) else {
            throw ConsumerGroupUsageFailure(message: "Invalid state list '\(input)'. Valid states are: " + validStates.joined(separator: ", "))
        }
        return parsed.compactMap { $0 }
    }

    /// `consumerGroupTypesFromString`.
    static func types(from input: String) throws(ConsumerGroupUsageFailure) -> [String] {
        let parsed = input.lowercased().split(separator: ",", omittingEmptySubsequences: false).map { raw in
            validTypes.first { $0.lowercased() == raw.trimmingCharacters(in: .whitespaces) }
        }
        guard parsed.allSatisfy({ $0 != nil }) else {
            throw ConsumerGroupUsageFailure(message: "Invalid types list '\(input)'. Valid types are: " + validTypes.joined(separator: ", "))
        }
        return parsed.compactMap { $0 }
    }

    func listGroups() async throws {
        let includeType = opts.has("type"), includeState = opts.has("state")
        if includeType || includeState || opts.output == .json {
            let states = try (opts.value("state")).map { $0.isEmpty ? [] : try Self.states(from: $0) } ?? []
            let types = try (opts.value("type")).map { $0.isEmpty ? [] : try Self.types(from: $0) } ?? []
            let listings = try await listConsumerGroups(states: states, types: types)
            if opts.output == .json {
                JSONOutput.print(ConsumerGroupJSON.List(listings), on: console)
            } else {
                console.print(ConsumerGroupFormatting.listTable(
                    listings.map { ($0.groupId, $0.type, $0.state) }, includeType: includeType, includeState: includeState))
            }
        } else {
            for listing in try await listConsumerGroups() { console.println(listing.groupId) }
        }
    }

    // MARK: --describe

    /// `describeConsumerGroups`: every group's description, failing on the first group that failed.
    func describeConsumerGroups(_ groupIds: [String]) async throws -> [ConsumerGroupDescription] {
        let results = try await admin.describeConsumerGroups(groupIds)
        var descriptions: [ConsumerGroupDescription] = []
        for groupId in JavaHashOrder.ordered(Array(Set(groupIds))) {
            guard let result = results[groupId] else { continue }
            descriptions.append(try result.get())
        }
        return descriptions.sorted { $0.groupId < $1.groupId }
    }

    func committedOffsets(_ groupId: String) async throws -> [TopicPartition: CommittedOffset] {
        try await WrappedGroupCommandError.wrapping(.runtimeException) { try await admin.listConsumerGroupOffsets(groupId) }
    }

    /// Log-end offsets; a partition the broker did not answer for is unknown (`-`).
    func logEndOffsets(_ partitions: [TopicPartition]) async throws -> [TopicPartition: Int64] {
        guard !partitions.isEmpty else { return [:] }
        return try await WrappedGroupCommandError.wrapping(.runtimeException) {
            let answers = try await admin.listOffsets(Dictionary(uniqueKeysWithValues: Set(partitions).map { ($0, OffsetSpec.latest) }))
            var result: [TopicPartition: Int64] = [:]
            for (tp, answer) in answers { result[tp] = try answer.get().offset }
            return result
        }
    }

    /// `collectGroupsOffsets`: rows of members with assignments (most partitions first), then
    /// committed partitions nobody is assigned, each block sorted by topic and partition.
    func collectGroupsOffsets(_ groupIds: [String]) async throws -> [DescribedGroupRows<PartitionAssignmentRow>] {
        var result: [DescribedGroupRows<PartitionAssignmentRow>] = []
        for group in try await describeConsumerGroups(groupIds) {
            let committed = try await committedOffsets(group.groupId)
            let members = group.members.filter { !$0.assignment.isEmpty }.enumerated()
                .sorted { ($1.element.assignment.count, $0.offset) < ($0.element.assignment.count, $1.offset) }.map(\.element)
            let assigned = Set(members.flatMap(\.assignment))
            let unassigned = committed.keys.filter { !assigned.contains($0) }
            let ends = try await logEndOffsets(Array(assigned) + unassigned)
            func rows(_ partitions: [TopicPartition], consumerId: String, host: String, clientId: String) -> [PartitionAssignmentRow] {
                partitions.sorted().map { tp in
                    PartitionAssignmentRow(
                        group: group.groupId, topic: tp.topic, partition: tp.partition, leaderEpoch: committed[tp]?.leaderEpoch,
                        offset: committed[tp]?.offset, logEndOffset: ends[tp], consumerId: consumerId, host: host, clientId: clientId)
                }
            }
            var groupRows: [PartitionAssignmentRow] = []
            for member in members {
                groupRows += rows(member.assignment, consumerId: member.consumerId, host: member.host, clientId: member.clientId)
            }
            groupRows += rows(unassigned, consumerId: "-", host: "-", clientId: "-")
            result.append(DescribedGroupRows(group: group.groupId, state: group.state, rows: groupRows))
        }
        return result
    }

    func collectGroupsMembers(_ groupIds: [String]) async throws -> [DescribedGroupRows<MemberAssignmentRow>] {
        try await describeConsumerGroups(groupIds).map { group in
            DescribedGroupRows(group: group.groupId, state: group.state, rows: group.members.map { member in
                MemberAssignmentRow(
                    group: group.groupId, consumerId: member.consumerId, host: member.host, clientId: member.clientId,
                    groupInstanceId: member.groupInstanceId ?? "", numPartitions: member.assignment.count,
                    assignment: member.assignment, targetAssignment: member.targetAssignment ?? [],
                    currentEpoch: member.memberEpoch, targetEpoch: group.targetAssignmentEpoch, upgraded: member.upgraded)
            })
        }
    }

    func collectGroupsState(_ groupIds: [String]) async throws -> [GroupStateRow] {
        try await describeConsumerGroups(groupIds).map { group in
            GroupStateRow(
                group: group.groupId, coordinator: group.coordinator, assignmentStrategy: group.partitionAssignor,
                state: group.state, numMembers: group.members.count, groupEpoch: group.groupEpoch,
                targetAssignmentEpoch: group.targetAssignmentEpoch)
        }
    }

    func describeGroups() async throws {
        let groupIds = try await groupIdsInScope()
        let verbose = opts.has("verbose")
        let json = opts.output == .json
        if opts.has("members") {
            let groups = try await collectGroupsMembers(groupIds)
            if json { return JSONOutput.print(ConsumerGroupJSON.Members(groups), on: console) }
            for group in groups {
                let notice = ConsumerGroupFormatting.stateNotice(group: group.group, state: group.state, rowCount: group.rows?.count)
                emit(notice)
                console.print(ConsumerGroupFormatting.membersTable(group.rows ?? [], verbose: verbose, computeWidths: notice.printTable))
            }
        } else if opts.has("state") {
            let groups = try await collectGroupsState(groupIds)
            if json { return JSONOutput.print(ConsumerGroupJSON.States(groups), on: console) }
            for group in groups {
                let notice = ConsumerGroupFormatting.stateNotice(group: group.group, state: group.state, rowCount: 1)
                emit(notice)
                if notice.printTable { console.print(ConsumerGroupFormatting.stateTable(group, verbose: verbose)) }
            }
        } else {
            let groups = try await collectGroupsOffsets(groupIds)
            if json { return JSONOutput.print(ConsumerGroupJSON.Offsets(groups), on: console) }
            for group in groups {
                let notice = ConsumerGroupFormatting.stateNotice(group: group.group, state: group.state, rowCount: group.rows?.count)
                emit(notice)
                if notice.printTable { console.print(ConsumerGroupFormatting.offsetsTable(group.rows ?? [], verbose: verbose)) }
            }
        }
    }

    func emit(_ notice: ConsumerGroupFormatting.StateNotice) {
        if !notice.stdout.isEmpty { console.print(notice.stdout) }
        if !notice.stderr.isEmpty { console.printError(notice.stderr) }
    }
}
