import KafkaProtocol
import NIOCore

/// The member's side of the classic group protocol: identity and generation.
struct GroupMembership: Sendable {
    var groupId: String
    var instanceId: String?
    var memberId = ""
    var generationId: Int32 = -1
    var protocolName: String?
    var needsRejoin = true
    /// Sent as JoinGroup's reason (v8+), as Java's `rejoinReason`.
    var rejoinReason = ""
    var heartbeatTask: Task<Void, Never>?

    init(groupId: String, instanceId: String?) {
        self.groupId = groupId
        self.instanceId = instanceId
    }

    mutating func resetGeneration() {
        memberId = ""
        generationId = -1
        needsRejoin = true
    }
}

extension KafkaConsumer {
    /// Joins (or rejoins) the group until it has a generation and an assignment
    /// (`ConsumerCoordinator.poll` → `ensureActiveGroup`).
    func ensureActiveGroup() async throws {
        guard var membership = group, membership.needsRejoin else { return }
        let deadline = ContinuousClock.now + .milliseconds(Int64(config.maxPollIntervalMs) + clientConfig.requestTimeoutMs)
        while membership.needsRejoin {
            guard ContinuousClock.now < deadline else { throw KafkaError.timeout("joining group \(membership.groupId)") }
            let cooperative = selectedAssignorIsCooperative(membership.protocolName)
            if !cooperative && !assigned.isEmpty {
                // EAGER: commit and give up everything before rejoining.
                if config.enableAutoCommit { try? await commitSync() }
                rebalanceListener?(.revoked(assigned.keys.sorted()))
                assigned = [:]
                buffered = []
                bufferedIndex = 0
            }
            do {
                membership = try await joinAndSync(membership)
                group = membership
            } catch let error as KafkaError {
                switch error.errorCode {
                case .unknownMemberId?, .illegalGeneration?, .fencedInstanceId?:
                    membership.resetGeneration()
                    group = membership
                case .rebalanceInProgress?:
                    break
                default:
                    if !error.isRetriable { throw error }
                }
                try await Task.sleep(for: .milliseconds(clientConfig.retryBackoffMs))
            }
        }
        startHeartbeat()
    }

    /// One protocol per assignor, each carrying the same subscription.
    public static func joinGroupProtocols(
        assignors: [any PartitionAssignor], topics: [String], owned: [TopicPartition], generationId: Int32, rackId: String?
    ) throws -> [JoinGroupRequest.JoinGroupRequestProtocol] {
        try assignors.map { assignor in
            var entry = JoinGroupRequest.JoinGroupRequestProtocol()
            entry.name = assignor.name
            entry.metadata = try ConsumerProtocol.encodeSubscription(GroupSubscription(
                topics: topics, ownedPartitions: owned, generationId: generationId, rackId: rackId,
                userData: assignor.subscriptionUserData(generation: generationId)))
            return entry
        }
    }

    public static func joinGroupRequest(
        groupId: String, memberId: String, instanceId: String?, sessionTimeoutMs: Int32, rebalanceTimeoutMs: Int32,
        protocols: [JoinGroupRequest.JoinGroupRequestProtocol], reason: String
    ) -> JoinGroupRequest {
        var request = JoinGroupRequest()
        request.groupId = groupId
        request.sessionTimeoutMs = sessionTimeoutMs
        request.rebalanceTimeoutMs = rebalanceTimeoutMs
        request.memberId = memberId
        request.groupInstanceId = instanceId
        request.protocolType = ConsumerProtocol.protocolType
        request.protocols = protocols
        // Kafka truncates the reason to 255 characters (`JoinGroupRequest.maybeTruncateReason`).
        request.reason = reason.count > 255 ? String(reason.prefix(252)) + "..." : reason
        return request
    }

    func selectedAssignorIsCooperative(_ name: String?) -> Bool {
        guard let name else { return false }
        return config.assignors.first { $0.name == name }?.isCooperative ?? false
    }

    func joinAndSync(_ current: GroupMembership) async throws -> GroupMembership {
        var membership = current
        let groupId = membership.groupId
        let owned = assigned.keys.sorted()
        let protocols = try Self.joinGroupProtocols(
            assignors: config.assignors, topics: subscription, owned: owned, generationId: membership.generationId,
            rackId: config.clientRack.isEmpty ? nil : config.clientRack)
        let joinProtocols = protocols
        let sessionTimeout = config.sessionTimeoutMs
        let rebalanceTimeout = config.maxPollIntervalMs
        let instanceId = membership.instanceId
        var join: JoinGroupResponse
        while true {
            let memberId = membership.memberId
            let reason = membership.rejoinReason
            let request = { @Sendable (_: Int16) -> JoinGroupRequest in
                KafkaConsumer.joinGroupRequest(
                    groupId: groupId, memberId: memberId, instanceId: instanceId, sessionTimeoutMs: sessionTimeout,
                    rebalanceTimeoutMs: rebalanceTimeout, protocols: joinProtocols, reason: reason)
            }
            // Java: max(request.timeout.ms, rebalance timeout + 5 s), since the broker holds the
            // answer until the rebalance completes.
            let joinTimeout = TimeAmount.milliseconds(max(clientConfig.requestTimeoutMs, Int64(rebalanceTimeout) + 5000))
            join = try await cluster.request(.coordinator(.group, key: groupId), timeout: joinTimeout, build: request) { response, _ in
                let code = ErrorCode(code: response.errorCode)
                if code == .notCoordinator || code == .coordinatorNotAvailable || code == .coordinatorLoadInProgress {
                    throw KafkaError.broker(code, message: nil)
                }
                return response
            }
            // KIP-394: the first join only gets a member id; join again with it.
            if ErrorCode(code: join.errorCode) == .memberIdRequired {
                membership.memberId = join.memberId
                membership.rejoinReason = "need to re-join with the given member-id: \(join.memberId)"
                continue
            }
            try KafkaError.check(join.errorCode, context: "JoinGroup")
            break
        }
        membership.memberId = join.memberId
        membership.generationId = join.generationId
        membership.rejoinReason = ""
        membership.protocolName = join.protocolName

        let assignments: [SyncGroupRequest.SyncGroupRequestAssignment] =
            join.leader == join.memberId && !join.skipAssignment ? try await computeAssignments(join) : []
        let generation = membership.generationId
        let memberId = membership.memberId
        let protocolName = join.protocolName
        let sync = try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
            var request = SyncGroupRequest()
            request.groupId = groupId
            request.generationId = generation
            request.memberId = memberId
            request.groupInstanceId = instanceId
            request.protocolType = ConsumerProtocol.protocolType
            request.protocolName = protocolName
            request.assignments = assignments
            return request
        }) { response, _ in
            let code = ErrorCode(code: response.errorCode)
            if code == .notCoordinator || code == .coordinatorNotAvailable {
                throw KafkaError.broker(code, message: nil)
            }
            return response
        }
        try KafkaError.check(sync.errorCode, context: "SyncGroup")
        let newAssignment = try ConsumerProtocol.decodeAssignment(sync.assignment)
        let newSet = Set(newAssignment)
        let revoked = assigned.keys.filter { !newSet.contains($0) }
        for tp in revoked { assigned[tp] = nil }
        if !revoked.isEmpty { rebalanceListener?(.revoked(revoked.sorted())) }
        dropBuffered { !newSet.contains(TopicPartition($0.topic, $0.partition)) }
        let added = newAssignment.filter { assigned[$0] == nil }
        for tp in added { assigned[tp] = PartitionState() }
        rebalanceListener?(.assigned(added.sorted()))
        // Cooperative: partitions given up must be released in a follow-up rebalance before
        // others can get them.
        membership.needsRejoin = selectedAssignorIsCooperative(protocolName) && !revoked.isEmpty
        if membership.needsRejoin {
            membership.rejoinReason = "need to revoke partitions [\(revoked.sorted().map(\.description).joined(separator: ", "))] as indicated by the current assignment and re-join"
        }
        return membership
    }

    /// The leader's job: decode subscriptions, learn partition counts, run the chosen assignor.
    func computeAssignments(_ join: JoinGroupResponse) async throws -> [SyncGroupRequest.SyncGroupRequestAssignment] {
        guard let assignor = config.assignors.first(where: { $0.name == join.protocolName }) else {
            throw KafkaError.broker(.inconsistentGroupProtocol, message: "unknown assignor \(join.protocolName ?? "null")")
        }
        var subscriptions: [String: GroupSubscription] = [:]
        for member in join.members {
            subscriptions[member.memberId] = try ConsumerProtocol.decodeSubscription(member.metadata)
        }
        let topics = Array(Set(subscriptions.values.flatMap(\.topics))).sorted()
        try await cluster.refreshMetadata(topics: topics, allowAutoTopicCreation: config.allowAutoCreateTopics)
        let metadata = await cluster.metadata
        var counts: [String: Int32] = [:]
        for topic in topics {
            if let count = metadata.partitionCount(topic) { counts[topic] = Int32(count) }
        }
        let result = assignor.assign(partitionsPerTopic: counts, subscriptions: subscriptions)
        return try subscriptions.keys.sorted().map { memberId in
            var entry = SyncGroupRequest.SyncGroupRequestAssignment()
            entry.memberId = memberId
            entry.assignment = try ConsumerProtocol.encodeAssignment(result[memberId] ?? [])
            return entry
        }
    }

    func startHeartbeat() {
        group?.heartbeatTask?.cancel()
        let interval = config.heartbeatIntervalMs
        group?.heartbeatTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(interval))
                guard let self, !Task.isCancelled else { return }
                guard await self.heartbeat() else { return }
            }
        }
    }

    /// One heartbeat; false stops the loop (rebalance or membership lost: `poll` rejoins).
    func heartbeat() async -> Bool {
        guard let membership = group, !membership.needsRejoin, !closed else { return false }
        let groupId = membership.groupId
        let generation = membership.generationId
        let memberId = membership.memberId
        let instanceId = membership.instanceId
        do {
            let code = try await cluster.request(.coordinator(.group, key: groupId), build: { _ in
                var request = HeartbeatRequest()
                request.groupId = groupId
                request.generationId = generation
                request.memberId = memberId
                request.groupInstanceId = instanceId
                return request
            }) { response, _ -> ErrorCode in
                let code = ErrorCode(code: response.errorCode)
                if code == .notCoordinator || code == .coordinatorNotAvailable {
                    throw KafkaError.broker(code, message: nil)
                }
                return code
            }
            switch code {
            case .noError:
                return true
            case .rebalanceInProgress:
                group?.needsRejoin = true
                group?.rejoinReason = "group is already rebalancing"
                return false
            case .unknownMemberId, .illegalGeneration, .fencedInstanceId:
                group?.resetGeneration()
                return false
            default:
                return true
            }
        } catch {
            return true
        }
    }

    /// LeaveGroup (dynamic members only; static members keep their place).
    func leaveGroup() async {
        guard let membership = group else { return }
        membership.heartbeatTask?.cancel()
        group?.heartbeatTask = nil
        guard !membership.memberId.isEmpty, membership.instanceId == nil else { return }
        let groupId = membership.groupId
        let memberId = membership.memberId
        _ = try? await cluster.request(.coordinator(.group, key: groupId), build: { version in
            var request = LeaveGroupRequest()
            request.groupId = groupId
            if version >= 3 {
                var member = LeaveGroupRequest.MemberIdentity()
                member.memberId = memberId
                member.reason = version >= 5 ? "the consumer is being closed" : nil
                request.members = [member]
            } else {
                request.memberId = memberId
            }
            return request
        }) { response, _ in response.errorCode }
        group?.resetGeneration()
    }
}
