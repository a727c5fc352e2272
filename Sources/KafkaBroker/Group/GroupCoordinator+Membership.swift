import KafkaProtocol
import NIOCore

extension GroupCoordinator {
    /// SyncGroup (`classicGroupSync`): the leader's assignment is persisted and handed to every
    /// member; followers wait for it.
    public func syncGroup(_ request: SyncGroupRequest) async -> SyncGroupResponse {
        await withCheckedContinuation { continuation in
            sync(request, continuation: continuation)
        }
    }

    func sync(_ request: SyncGroupRequest, continuation: CheckedContinuation<SyncGroupResponse, Never>) {
        func fail(_ code: ErrorCode) {
            var response = SyncGroupResponse()
            response.errorCode = code.rawValue
            continuation.resume(returning: response)
        }
        let groupId = request.groupId
        guard !isShuttingDown else { return fail(.notCoordinator) }
        guard !groupId.isEmpty else { return fail(.invalidGroupId) }
        if let error = ensureLoaded(group: groupId) { return fail(error) }
        guard let group = groups[groupId] else { return fail(.unknownMemberId) }
        if let code = validateMember(group, memberId: request.memberId, instanceId: request.groupInstanceId) { return fail(code) }
        guard request.generationId == group.generationId else { return fail(.illegalGeneration) }
        if let type = request.protocolType, type != group.protocolType { return fail(.inconsistentGroupProtocol) }
        if let name = request.protocolName, name != group.protocolName { return fail(.inconsistentGroupProtocol) }
        let memberId = request.memberId
        switch group.state {
        case .empty: return fail(.unknownMemberId)
        case .preparingRebalance: return fail(.rebalanceInProgress)
        case .dead: return fail(.coordinatorNotAvailable)
        case .stable:
            groups[groupId]?.pendingSyncMembers.remove(memberId)
            rescheduleHeartbeat(groupId, memberId: memberId)
            continuation.resume(returning: syncResponse(group, memberId: memberId))
        case .completingRebalance:
            groups[groupId]?.pendingSyncMembers.remove(memberId)
            groups[groupId]?.update(memberId) { $0.awaitingSync = continuation }
            rescheduleHeartbeat(groupId, memberId: memberId)
            guard group.leaderId == memberId else { return }
            var assignments: [String: ByteBuffer] = [:]
            for entry in request.assignments { assignments[entry.memberId] = entry.assignment }
            guard var updated = groups[groupId] else { return }
            for member in updated.members {
                updated.update(member.memberId) { $0.assignment = assignments[member.memberId] ?? ByteBuffer() }
            }
            guard persistGroup(updated) else {
                // Kafka maps a failed write of the assignment to COORDINATOR_NOT_AVAILABLE and rebalances.
                groups[groupId] = updated
                groups[groupId]?.resetAssignments()
                failSyncs(groupId, .coordinatorNotAvailable)
                prepareRebalance(groupId)
                return
            }
            updated.transition(to: .stable, now: now)
            groups[groupId] = updated
            logger.info("[GroupCoordinator id=0] Assignment received from leader \(memberId) for group \(groupId) for generation \(updated.generationId). The group has \(updated.size) members, \(updated.staticMembers.count) of which are static.")
            for member in updated.members {
                guard let waiter = member.awaitingSync else { continue }
                groups[groupId]?.update(member.memberId) { $0.awaitingSync = nil }
                waiter.resume(returning: syncResponse(updated, memberId: member.memberId))
            }
        }
    }

    private func failSyncs(_ groupId: String, _ code: ErrorCode) {
        guard let group = groups[groupId] else { return }
        for member in group.members {
            guard let waiter = member.awaitingSync else { continue }
            groups[groupId]?.update(member.memberId) { $0.awaitingSync = nil }
            var response = SyncGroupResponse()
            response.errorCode = code.rawValue
            waiter.resume(returning: response)
        }
    }

    private func syncResponse(_ group: ClassicGroup, memberId: String) -> SyncGroupResponse {
        var response = SyncGroupResponse()
        response.protocolType = group.protocolType
        response.protocolName = group.protocolName
        response.assignment = group.member(memberId)?.assignment ?? ByteBuffer()
        return response
    }

    func rescheduleHeartbeat(_ groupId: String, memberId: String) {
        guard let member = groups[groupId]?.member(memberId) else { return }
        schedule(.heartbeat(group: groupId, member: memberId), after: Int64(member.sessionTimeoutMs),
                 .heartbeatExpired(group: groupId, member: memberId))
    }

    /// Heartbeat (`classicGroupHeartbeat`).
    public func heartbeat(_ request: HeartbeatRequest) -> ErrorCode {
        let groupId = request.groupId
        guard !groupId.isEmpty else { return .invalidGroupId }
        if let error = ensureLoaded(group: groupId) { return error }
        guard let group = groups[groupId] else { return .unknownMemberId }
        if group.state == .dead { return .coordinatorNotAvailable }
        if group.state == .empty { return .unknownMemberId }
        if let code = validateMember(group, memberId: request.memberId, instanceId: request.groupInstanceId) { return code }
        guard request.generationId == group.generationId else { return .illegalGeneration }
        rescheduleHeartbeat(groupId, memberId: request.memberId)
        return group.state == .preparingRebalance ? .rebalanceInProgress : .noError
    }

    /// One member leaving (`classicGroupLeave`); answers per member.
    public struct LeaveResult: Sendable {
        public var memberId: String
        public var groupInstanceId: String?
        public var error: ErrorCode
    }

    /// LeaveGroup: the top-level error, and one result per departing member.
    public func leaveGroup(groupId: String, members: [(memberId: String, groupInstanceId: String?)]) -> (ErrorCode, [LeaveResult]) {
        guard !groupId.isEmpty else { return (.invalidGroupId, []) }
        if let error = ensureLoaded(group: groupId) { return (error, []) }
        guard let group = groups[groupId], group.state != .dead else { return (.unknownMemberId, []) }
        var results: [LeaveResult] = []
        var removedAny = false
        for identity in members {
            var result = LeaveResult(memberId: identity.memberId, groupInstanceId: identity.groupInstanceId, error: .noError)
            guard let current = groups[groupId] else { break }
            if let instanceId = identity.groupInstanceId {
                guard let known = current.staticMembers[instanceId] else {
                    result.error = .unknownMemberId
                    results.append(result)
                    continue
                }
                if !identity.memberId.isEmpty && identity.memberId != known {
                    result.error = .fencedInstanceId
                    results.append(result)
                    continue
                }
                removeMember(groupId, memberId: known, error: .unknownMemberId)
                removedAny = true
            } else if current.pendingMembers[identity.memberId] != nil {
                groups[groupId]?.pendingMembers[identity.memberId] = nil
                cancel(.heartbeat(group: groupId, member: identity.memberId))
                removedAny = true
            } else if current.hasMember(identity.memberId) {
                logger.info("[GroupCoordinator id=0] Member \(identity.memberId) has left group \(groupId) through explicit `LeaveGroup` request")
                removeMember(groupId, memberId: identity.memberId, error: .unknownMemberId)
                removedAny = true
            } else {
                result.error = .unknownMemberId
            }
            results.append(result)
        }
        if removedAny, let updated = groups[groupId] {
            switch updated.state {
            case .stable, .completingRebalance: prepareRebalance(groupId)
            case .preparingRebalance: maybeCompleteJoin(groupId)
            case .empty, .dead: break
            }
        }
        return (.noError, results)
    }
}
