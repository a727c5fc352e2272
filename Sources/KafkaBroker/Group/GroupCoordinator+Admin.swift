import KafkaProtocol

extension GroupCoordinator {
    /// A group as ListGroups shows it.
    public struct ListedGroup: Sendable, Hashable {
        public var groupId: String
        public var protocolType: String
        public var state: String
        public var type: String
    }

    /// ListGroups (`GroupMetadataManager.listGroups`): states and types filters are case-insensitive.
    public func listGroups(states: [String], types: [String]) -> [ListedGroup] {
        loadAll()
        let wantedStates = Set(states.map { $0.lowercased() })
        let wantedTypes = Set(types.map { $0.lowercased() })
        let order = GroupListOrder.ordered(
            Array(groups.keys), shards: Array(loadedPartitions), partitionFor: config.partition(for:), slots: groups.slots(shard:))
        return order.compactMap { groups[$0] }.compactMap { group in
            let listed = ListedGroup(groupId: group.groupId, protocolType: group.protocolType ?? "", state: group.state.rawValue, type: "classic")
            if !wantedStates.isEmpty && !wantedStates.contains(listed.state.lowercased()) { return nil }
            if !wantedTypes.isEmpty && !wantedTypes.contains(listed.type) { return nil }
            return listed
        }
    }

    /// DescribeGroups for one group; nil when it does not exist.
    public func describeGroup(_ groupId: String) -> (ErrorCode, DescribeGroupsResponse.DescribedGroup?) {
        if let error = ensureLoaded(group: groupId) { return (error, nil) }
        guard let group = groups[groupId], group.state != .dead else { return (.noError, nil) }
        var described = DescribeGroupsResponse.DescribedGroup()
        described.groupId = groupId
        described.groupState = group.state.rawValue
        described.protocolType = group.protocolType ?? ""
        let stable = group.state == .stable
        described.protocolData = stable ? (group.protocolName ?? "") : ""
        described.members = group.members.map { member in
            var entry = DescribeGroupsResponse.DescribedGroupMember()
            entry.memberId = member.memberId
            entry.groupInstanceId = member.groupInstanceId
            entry.clientId = member.clientId
            entry.clientHost = member.clientHost
            if stable {
                entry.memberMetadata = member.metadata(for: group.protocolName) ?? .init()
                entry.memberAssignment = member.assignment
            }
            return entry
        }
        return (.noError, described)
    }

    /// DeleteGroups for one group (`GroupMetadataManager.deleteGroups`): tombstones for its offsets
    /// and its metadata.
    public func deleteGroup(_ groupId: String) -> ErrorCode {
        guard !groupId.isEmpty else { return .invalidGroupId }
        if let error = ensureLoaded(group: groupId) { return error }
        guard let group = groups[groupId], group.state != .dead else { return .groupIdNotFound }
        guard group.state == .empty else { return .nonEmptyGroup }
        var records: [CoordinatorRecord] = []
        do {
            for partition in (offsets[groupId] ?? [:]).keys.sorted(by: { ($0.topic, $0.partition) < ($1.topic, $1.partition) }) {
                records.append(try GroupCoordinatorRecords.offsetCommitTombstone(group: groupId, topic: partition.topic, partition: partition.partition))
            }
            records.append(try GroupCoordinatorRecords.groupMetadataTombstone(group: groupId))
        } catch {
            return .unknownServerError
        }
        guard append(groupId, records) else { return .coordinatorNotAvailable }
        for member in group.members { cancel(.heartbeat(group: groupId, member: member.memberId)) }
        cancel(.join(group: groupId))
        cancel(.sync(group: groupId))
        groups[groupId] = nil
        offsets[groupId] = nil
        return .noError
    }
}
