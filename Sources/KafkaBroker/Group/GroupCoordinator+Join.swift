import Foundation
import KafkaProtocol
import NIOCore

/// Who sent a group request, for the member it creates.
public struct GroupClient: Sendable {
    public var clientId: String
    /// Kafka's `InetAddress.toString()` form, e.g. "/127.0.0.1".
    public var clientHost: String
    public var apiVersion: Int16

    public init(clientId: String, clientHost: String, apiVersion: Int16) {
        self.clientId = clientId
        self.clientHost = clientHost
        self.apiVersion = apiVersion
    }
}

extension GroupCoordinator {
    /// JoinGroup (`GroupMetadataManager.classicGroupJoin`). Suspends until the join phase ends.
    public func joinGroup(_ request: JoinGroupRequest, client: GroupClient) async -> JoinGroupResponse {
        await withCheckedContinuation { continuation in
            join(request, client: client, continuation: continuation)
        }
    }

    func join(_ request: JoinGroupRequest, client: GroupClient, continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        func fail(_ code: ErrorCode, memberId: String = request.memberId) {
            var response = JoinGroupResponse()
            response.errorCode = code.rawValue
            response.memberId = memberId
            continuation.resume(returning: response)
        }
        let groupId = request.groupId
        guard !isShuttingDown else { return fail(.notCoordinator) }
        guard !groupId.isEmpty else { return fail(.invalidGroupId) }
        if let error = ensureLoaded(group: groupId) { return fail(error) }
        guard request.sessionTimeoutMs >= config.minSessionTimeoutMs, request.sessionTimeoutMs <= config.maxSessionTimeoutMs else {
            return fail(.invalidSessionTimeout)
        }
        let isUnknownMember = request.memberId.isEmpty
        var isNewGroup = false
        if groups[groupId] == nil {
            guard isUnknownMember else { return fail(.unknownMemberId) }
            groups[groupId] = ClassicGroup(groupId: groupId, now: now)
            isNewGroup = true
        }
        guard let group = groups[groupId] else { return fail(.unknownMemberId) }
        guard group.supportsProtocols(type: request.protocolType, names: request.protocols.map(\.name)) else {
            if isNewGroup { groups[groupId] = nil }
            return fail(.inconsistentGroupProtocol)
        }
        let rebalanceTimeout = client.apiVersion == 0 ? request.sessionTimeoutMs : request.rebalanceTimeoutMs
        let protocols = request.protocols.map { (name: $0.name, metadata: $0.metadata) }
        if isUnknownMember {
            joinUnknownMember(groupId, request, client: client, rebalanceTimeout: rebalanceTimeout, protocols: protocols,
                              isNewGroup: isNewGroup, continuation: continuation)
        } else {
            joinExistingMember(groupId, request, rebalanceTimeout: rebalanceTimeout, protocols: protocols, continuation: continuation)
        }
    }

    private func joinUnknownMember(_ groupId: String, _ request: JoinGroupRequest, client: GroupClient, rebalanceTimeout: Int32,
                                   protocols: [(name: String, metadata: ByteBuffer)], isNewGroup: Bool,
                                   continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        guard let group = groups[groupId] else { return }
        let suffix = UUID().uuidString.lowercased()
        let newMemberId = (request.groupInstanceId ?? client.clientId) + "-" + suffix
        if let instanceId = request.groupInstanceId, let oldMemberId = group.staticMembers[instanceId] {
            replaceStaticMember(groupId, oldMemberId: oldMemberId, newMemberId: newMemberId, request: request,
                                rebalanceTimeout: rebalanceTimeout, protocols: protocols, continuation: continuation)
            return
        }
        guard group.size + group.pendingMembers.count < config.maxSize else {
            var response = JoinGroupResponse()
            response.errorCode = ErrorCode.groupMaxSizeReached.rawValue
            continuation.resume(returning: response)
            return
        }
        if request.groupInstanceId == nil && client.apiVersion >= 4 {
            // KIP-394: the member must come back with the id it is given.
            groups[groupId]?.pendingMembers[newMemberId] = client
            schedule(.heartbeat(group: groupId, member: newMemberId), after: Int64(request.sessionTimeoutMs),
                     .pendingMemberExpired(group: groupId, member: newMemberId))
            if isNewGroup, let created = groups[groupId] { _ = persistGroup(created) }
            var response = JoinGroupResponse()
            response.errorCode = ErrorCode.memberIdRequired.rawValue
            response.memberId = newMemberId
            continuation.resume(returning: response)
            return
        }
        addMemberAndRebalance(groupId, memberId: newMemberId, request: request, client: client,
                              rebalanceTimeout: rebalanceTimeout, protocols: protocols, continuation: continuation)
    }

    private func joinExistingMember(_ groupId: String, _ request: JoinGroupRequest, rebalanceTimeout: Int32,
                                    protocols: [(name: String, metadata: ByteBuffer)],
                                    continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        guard let group = groups[groupId] else { return }
        let memberId = request.memberId
        func fail(_ code: ErrorCode) {
            var response = JoinGroupResponse()
            response.errorCode = code.rawValue
            response.memberId = memberId
            continuation.resume(returning: response)
        }
        if let client = group.pendingMembers[memberId] {
            groups[groupId]?.pendingMembers[memberId] = nil
            cancel(.heartbeat(group: groupId, member: memberId))
            addMemberAndRebalance(groupId, memberId: memberId, request: request, client: client,
                                  rebalanceTimeout: rebalanceTimeout, protocols: protocols, continuation: continuation)
            return
        }
        if let code = validateMember(group, memberId: memberId, instanceId: request.groupInstanceId) { return fail(code) }
        guard let member = group.member(memberId) else { return fail(.unknownMemberId) }
        switch group.state {
        case .preparingRebalance:
            updateMemberAndRebalance(groupId, memberId: memberId, request: request, rebalanceTimeout: rebalanceTimeout,
                                     protocols: protocols, continuation: continuation)
        case .completingRebalance:
            if member.hasSameProtocols(protocols) {
                // A retried join: answer with the current generation.
                continuation.resume(returning: currentJoinResponse(group, memberId: memberId))
            } else {
                updateMemberAndRebalance(groupId, memberId: memberId, request: request, rebalanceTimeout: rebalanceTimeout,
                                         protocols: protocols, continuation: continuation)
            }
        case .stable:
            if group.leaderId == memberId || !member.hasSameProtocols(protocols) {
                updateMemberAndRebalance(groupId, memberId: memberId, request: request, rebalanceTimeout: rebalanceTimeout,
                                         protocols: protocols, continuation: continuation)
            } else {
                continuation.resume(returning: currentJoinResponse(group, memberId: memberId))
            }
        case .empty, .dead:
            fail(.unknownMemberId)
        }
    }

    /// UNKNOWN_MEMBER_ID or FENCED_INSTANCE_ID for a member that is not who it claims to be.
    func validateMember(_ group: ClassicGroup, memberId: String, instanceId: String?) -> ErrorCode? {
        if let instanceId {
            guard let known = group.staticMembers[instanceId] else { return .unknownMemberId }
            return known == memberId ? nil : .fencedInstanceId
        }
        return group.hasMember(memberId) ? nil : .unknownMemberId
    }

    func addMemberAndRebalance(_ groupId: String, memberId: String, request: JoinGroupRequest, client: GroupClient,
                               rebalanceTimeout: Int32, protocols: [(name: String, metadata: ByteBuffer)],
                               continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        var member = ClassicGroupMember(
            memberId: memberId, groupInstanceId: request.groupInstanceId, clientId: client.clientId, clientHost: client.clientHost,
            rebalanceTimeoutMs: rebalanceTimeout, sessionTimeoutMs: request.sessionTimeoutMs, protocolType: request.protocolType,
            protocols: protocols)
        member.awaitingJoin = continuation
        member.isNew = true
        guard var group = groups[groupId] else { return }
        if group.state == .preparingRebalance && group.previousState == .empty { group.newMemberAdded = true }
        group.add(member)
        groups[groupId] = group
        // A new member cannot heartbeat while its join is parked; it gets the new-member timeout.
        schedule(.heartbeat(group: groupId, member: memberId), after: config.newMemberJoinTimeoutMs,
                 .heartbeatExpired(group: groupId, member: memberId))
        maybePrepareRebalanceOrCompleteJoin(groupId)
    }

    func updateMemberAndRebalance(_ groupId: String, memberId: String, request: JoinGroupRequest, rebalanceTimeout: Int32,
                                  protocols: [(name: String, metadata: ByteBuffer)],
                                  continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        var replaced: CheckedContinuation<JoinGroupResponse, Never>?
        groups[groupId]?.update(memberId) { member in
            replaced = member.awaitingJoin
            member.protocols = protocols
            member.rebalanceTimeoutMs = rebalanceTimeout
            member.sessionTimeoutMs = request.sessionTimeoutMs
            member.awaitingJoin = continuation
        }
        if let replaced {
            // The member retried its join: the old request gets the error Kafka gives a superseded one.
            var response = JoinGroupResponse()
            response.errorCode = ErrorCode.unknownMemberId.rawValue
            response.memberId = memberId
            replaced.resume(returning: response)
        }
        maybePrepareRebalanceOrCompleteJoin(groupId)
    }

    /// A static member rejoining with a new member id takes over the old member (`updateStaticMemberThenRebalanceOrCompleteJoin`).
    private func replaceStaticMember(_ groupId: String, oldMemberId: String, newMemberId: String, request: JoinGroupRequest,
                                     rebalanceTimeout: Int32, protocols: [(name: String, metadata: ByteBuffer)],
                                     continuation: CheckedContinuation<JoinGroupResponse, Never>) {
        guard var group = groups[groupId], var member = group.member(oldMemberId) else { return }
        let before = group
        let wasLeader = group.leaderId == oldMemberId
        let oldJoin = member.awaitingJoin
        let oldSync = member.awaitingSync
        let sameProtocols = member.hasSameProtocols(protocols)
        group.remove(oldMemberId)
        cancel(.heartbeat(group: groupId, member: oldMemberId))
        member.memberId = newMemberId
        member.awaitingJoin = nil
        member.awaitingSync = nil
        member.protocols = protocols
        member.rebalanceTimeoutMs = rebalanceTimeout
        member.sessionTimeoutMs = request.sessionTimeoutMs
        group.add(member)
        if wasLeader { group.leaderId = newMemberId }
        if group.pendingSyncMembers.remove(oldMemberId) != nil { group.pendingSyncMembers.insert(newMemberId) }
        groups[groupId] = group
        var fenced = JoinGroupResponse()
        fenced.errorCode = ErrorCode.fencedInstanceId.rawValue
        fenced.memberId = oldMemberId
        oldJoin?.resume(returning: fenced)
        var fencedSync = SyncGroupResponse()
        fencedSync.errorCode = ErrorCode.fencedInstanceId.rawValue
        oldSync?.resume(returning: fencedSync)
        schedule(.heartbeat(group: groupId, member: newMemberId), after: Int64(request.sessionTimeoutMs),
                 .heartbeatExpired(group: groupId, member: newMemberId))
        switch group.state {
        case .stable where sameProtocols:
            // Same subscription: persist the new id and hand back the current generation; the
            // leader skips the assignment it already computed.
            guard persistGroup(group) else {
                groups[groupId] = before
                var response = JoinGroupResponse()
                response.errorCode = ErrorCode.unknownServerError.rawValue
                response.memberId = newMemberId
                continuation.resume(returning: response)
                return
            }
            var response = currentJoinResponse(group, memberId: newMemberId)
            response.skipAssignment = wasLeader
            continuation.resume(returning: response)
        default:
            groups[groupId]?.update(newMemberId) { $0.awaitingJoin = continuation }
            maybePrepareRebalanceOrCompleteJoin(groupId)
        }
    }

    /// The current generation as a join response; only the leader gets the members.
    func currentJoinResponse(_ group: ClassicGroup, memberId: String) -> JoinGroupResponse {
        var response = JoinGroupResponse()
        response.generationId = group.generationId
        response.protocolType = group.protocolType
        response.protocolName = group.protocolName
        response.leader = group.leaderId ?? ""
        response.memberId = memberId
        if group.leaderId == memberId {
            response.members = group.members.map { member in
                var entry = JoinGroupResponse.JoinGroupResponseMember()
                entry.memberId = member.memberId
                entry.groupInstanceId = member.groupInstanceId
                entry.metadata = member.metadata(for: group.protocolName) ?? ByteBuffer()
                return entry
            }
        }
        return response
    }

    func maybePrepareRebalanceOrCompleteJoin(_ groupId: String) {
        guard let group = groups[groupId] else { return }
        switch group.state {
        case .stable, .completingRebalance, .empty: prepareRebalance(groupId)
        case .preparingRebalance: maybeCompleteJoin(groupId)
        case .dead: break
        }
    }

    /// Moves the group to PreparingRebalance (`prepareRebalance`): pending syncs fail with
    /// REBALANCE_IN_PROGRESS; the first rebalance of an empty group waits
    /// `group.initial.rebalance.delay.ms`, others the largest rebalance timeout.
    func prepareRebalance(_ groupId: String) {
        guard var group = groups[groupId] else { return }
        var syncs: [CheckedContinuation<SyncGroupResponse, Never>] = []
        if group.state == .completingRebalance {
            group.resetAssignments()
            for member in group.members {
                if let sync = member.awaitingSync { syncs.append(sync) }
                group.update(member.memberId) { $0.awaitingSync = nil }
            }
        }
        cancel(.sync(group: groupId))
        let isInitial = group.state == .empty
        group.transition(to: .preparingRebalance, now: now)
        group.pendingSyncMembers = []
        if isInitial {
            group.newMemberAdded = false
            let delay = config.initialRebalanceDelayMs
            let remaining = max(group.rebalanceTimeoutMs - delay, 0)
            groups[groupId] = group
            schedule(.join(group: groupId), after: delay, .initialJoin(group: groupId, delay: delay, remaining: remaining))
        } else {
            groups[groupId] = group
            schedule(.join(group: groupId), after: group.rebalanceTimeoutMs, .completeJoin(group: groupId))
        }
        for sync in syncs {
            var response = SyncGroupResponse()
            response.errorCode = ErrorCode.rebalanceInProgress.rawValue
            sync.resume(returning: response)
        }
        logger.info("[GroupCoordinator id=0] Preparing to rebalance group \(groupId) in state PreparingRebalance with old generation \(group.generationId)")
        if !isInitial { maybeCompleteJoin(groupId) }
    }

    /// Ends the join phase early once every member has rejoined (not during the initial delay).
    func maybeCompleteJoin(_ groupId: String) {
        guard let group = groups[groupId], group.state == .preparingRebalance, group.hasAllMembersJoined,
              group.previousState != .empty else { return }
        completeJoin(groupId)
    }

    func initialJoinExpired(_ groupId: String, delay: Int64, remaining: Int64) {
        guard let group = groups[groupId], group.state == .preparingRebalance else { return }
        if group.newMemberAdded && remaining != 0 {
            groups[groupId]?.newMemberAdded = false
            let newDelay = min(config.initialRebalanceDelayMs, remaining)
            let newRemaining = max(remaining - delay, 0)
            schedule(.join(group: groupId), after: newDelay, .initialJoin(group: groupId, delay: newDelay, remaining: newRemaining))
        } else {
            completeJoin(groupId)
        }
    }

    /// Ends the join phase (`completeClassicGroupJoin`): dynamic members that did not rejoin leave,
    /// the next generation starts, every waiting member gets its response (the leader with the
    /// members' metadata), and members must sync within the rebalance timeout.
    func completeJoin(_ groupId: String) {
        guard var group = groups[groupId], group.state == .preparingRebalance else { return }
        cancel(.join(group: groupId))
        for member in group.members where !member.isAwaitingJoin && !member.isStatic {
            group.remove(member.memberId)
            cancel(.heartbeat(group: groupId, member: member.memberId))
        }
        group.initNextGeneration(now: now)
        groups[groupId] = group
        if group.state == .empty {
            _ = persistGroup(group)
            logger.info("[GroupCoordinator id=0] Group \(groupId) with generation \(group.generationId) is now empty")
            return
        }
        logger.info("[GroupCoordinator id=0] Stabilized group \(groupId) generation \(group.generationId) with \(group.size) members")
        for member in group.members {
            let waiter = member.awaitingJoin
            groups[groupId]?.update(member.memberId) {
                $0.awaitingJoin = nil
                $0.isNew = false
            }
            schedule(.heartbeat(group: groupId, member: member.memberId), after: Int64(member.sessionTimeoutMs),
                     .heartbeatExpired(group: groupId, member: member.memberId))
            waiter?.resume(returning: currentJoinResponse(group, memberId: member.memberId))
        }
        schedule(.sync(group: groupId), after: group.rebalanceTimeoutMs, .syncExpired(group: groupId, generation: group.generationId))
    }

    /// Members that did not sync within the rebalance timeout are removed (`schedulePendingSync`).
    func pendingSyncExpired(_ groupId: String, generation: Int32) {
        guard let group = groups[groupId], group.generationId == generation,
              group.state == .completingRebalance || group.state == .stable, !group.pendingSyncMembers.isEmpty else { return }
        for memberId in group.pendingSyncMembers { removeMember(groupId, memberId: memberId, error: .unknownMemberId) }
        if let current = groups[groupId], current.state == .completingRebalance || current.state == .stable {
            prepareRebalance(groupId)
        }
    }

    func heartbeatExpired(groupId: String, memberId: String) {
        guard let group = groups[groupId], let member = group.member(memberId) else { return }
        if (member.isAwaitingJoin && !member.isNew) || member.isAwaitingSync {
            // A parked request keeps the session alive.
            schedule(.heartbeat(group: groupId, member: memberId), after: Int64(member.sessionTimeoutMs),
                     .heartbeatExpired(group: groupId, member: memberId))
            return
        }
        logger.info("[GroupCoordinator id=0] Member \(memberId) in group \(groupId) has failed, removing it from the group")
        removeMemberAndUpdateGroup(groupId, memberId: memberId)
    }

    func pendingMemberExpired(groupId: String, memberId: String) {
        guard groups[groupId]?.pendingMembers.removeValue(forKey: memberId) != nil else { return }
        maybeCompleteJoin(groupId)
    }

    /// Removes a member and fails its parked requests with `error`.
    func removeMember(_ groupId: String, memberId: String, error: ErrorCode) {
        guard let member = groups[groupId]?.remove(memberId) else { return }
        cancel(.heartbeat(group: groupId, member: memberId))
        if let join = member.awaitingJoin {
            var response = JoinGroupResponse()
            response.errorCode = error.rawValue
            response.memberId = memberId
            join.resume(returning: response)
        }
        if let sync = member.awaitingSync {
            var response = SyncGroupResponse()
            response.errorCode = error.rawValue
            sync.resume(returning: response)
        }
    }

    /// `removeMemberAndUpdateClassicGroup`: a departure rebalances a stable group and may end a join phase.
    func removeMemberAndUpdateGroup(_ groupId: String, memberId: String) {
        removeMember(groupId, memberId: memberId, error: .unknownMemberId)
        guard let group = groups[groupId] else { return }
        switch group.state {
        case .stable, .completingRebalance: prepareRebalance(groupId)
        case .preparingRebalance: maybeCompleteJoin(groupId)
        case .empty, .dead: break
        }
    }
}
