@testable import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

@Suite struct ClassicGroupStateMachineTests {
    let clock = ManualClock()

    /// One member through MEMBER_ID_REQUIRED, the initial delay, sync and heartbeat.
    @Test func singleMemberJoinSyncHeartbeat() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let first = await coordinator.joinGroup(GroupTest.joinRequest(group: "g"), client: GroupTest.client)
        #expect(first.errorCode == ErrorCode.memberIdRequired.rawValue)
        #expect(first.memberId.hasPrefix("client-"))
        let join = Task { await coordinator.joinGroup(GroupTest.joinRequest(group: "g", memberId: first.memberId), client: GroupTest.client) }
        try await GroupTest.waitUntil { await coordinator.group("g")?.size == 1 }
        #expect(await coordinator.group("g")?.state == .preparingRebalance)
        clock.advance(2999)
        await coordinator.expireTimers()
        #expect(await coordinator.group("g")?.state == .preparingRebalance)
        clock.advance(1)
        await coordinator.expireTimers()
        let joined = await join.value
        #expect(joined.errorCode == 0)
        #expect(joined.generationId == 1)
        #expect(joined.leader == first.memberId)
        #expect(joined.protocolName == "range")
        #expect(joined.members.map(\.memberId) == [first.memberId])
        #expect(await coordinator.group("g")?.state == .completingRebalance)

        let sync = await coordinator.syncGroup(GroupTest.syncRequest(group: "g", generation: 1, memberId: first.memberId,
                                                                     assignments: [first.memberId: "A"]))
        #expect(sync.errorCode == 0)
        #expect(sync.assignment == ByteBuffer(string: "A"))
        #expect(sync.protocolName == "range")
        #expect(await coordinator.group("g")?.state == .stable)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: first.memberId)) == .noError)

        // Kafka's records: the empty group at creation, then the group with its assignment.
        let records = try log.records(partition: GroupCoordinatorConfig().partition(for: "g"))
        #expect(records.count == 2)
        guard case let .groupMetadata(_, empty?) = records.first, case let .groupMetadata(_, stable?) = records.last else {
            Issue.record("expected two group metadata records")
            return
        }
        #expect(empty.generation == 0 && empty.members.isEmpty && empty.protocol == nil && empty.protocolType == "")
        #expect(stable.generation == 1 && stable.protocol == "range" && stable.leader == first.memberId)
        #expect(stable.members.first?.assignment == ByteBuffer(string: "A"))
        #expect(stable.members.first?.subscription == GroupTest.subscription(["t"]))
        #expect(stable.members.first?.clientHost == "/127.0.0.1")
    }

    /// Forms a stable one-member group with member id returned.
    func stableGroup(_ coordinator: GroupCoordinator, group: String = "g", request: JoinGroupRequest? = nil) async throws -> String {
        let (memberId, join) = await GroupTest.joinNewMember(coordinator, group: group, request: request)
        try await GroupTest.waitUntil { await coordinator.group(group)?.size == 1 }
        clock.advance(3000)
        await coordinator.expireTimers()
        let joined = await join.value
        let sync = await coordinator.syncGroup(GroupTest.syncRequest(group: group, generation: joined.generationId, memberId: memberId,
                                                                     assignments: [memberId: "A"]))
        #expect(sync.errorCode == 0)
        return memberId
    }

    @Test func newMemberTriggersRebalance() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let a = try await stableGroup(coordinator)
        let (b, joinB) = await GroupTest.joinNewMember(coordinator, group: "g")
        try await GroupTest.waitUntil { await coordinator.group("g")?.size == 2 }
        #expect(await coordinator.group("g")?.state == .preparingRebalance)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: a)) == .rebalanceInProgress)
        // A rejoins: everyone has joined, so the phase ends at once.
        let joinA = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", memberId: a), client: GroupTest.client)
        let responseB = await joinB.value
        #expect(joinA.generationId == 2 && responseB.generationId == 2)
        #expect(joinA.leader == a && responseB.leader == a)
        #expect(joinA.members.count == 2)
        #expect(responseB.members.isEmpty)
        // A follower's sync waits for the leader's.
        let syncB = Task { await coordinator.syncGroup(GroupTest.syncRequest(group: "g", generation: 2, memberId: b)) }
        try await GroupTest.waitUntil { await coordinator.group("g")?.member(b)?.isAwaitingSync == true }
        let syncA = await coordinator.syncGroup(GroupTest.syncRequest(group: "g", generation: 2, memberId: a,
                                                                      assignments: [a: "pa", b: "pb"]))
        #expect(syncA.assignment == ByteBuffer(string: "pa"))
        #expect(await syncB.value.assignment == ByteBuffer(string: "pb"))
        #expect(await coordinator.group("g")?.state == .stable)
    }

    @Test func sessionExpiryEmptiesTheGroup() async throws {
        let log = MemoryCoordinatorLog()
        let coordinator = GroupTest.coordinator(log: log, clock: clock)
        let a = try await stableGroup(coordinator)
        clock.advance(9_999)
        await coordinator.expireTimers()
        #expect(await coordinator.group("g")?.hasMember(a) == true)
        clock.advance(1)
        await coordinator.expireTimers()
        let group = try #require(await coordinator.group("g"))
        #expect(group.state == .empty)
        #expect(group.generationId == 2)
        #expect(group.protocolName == nil)
        guard case let .groupMetadata(_, last?) = try log.records(partition: GroupCoordinatorConfig().partition(for: "g")).last else {
            Issue.record("expected a group metadata record")
            return
        }
        #expect(last.generation == 2 && last.members.isEmpty && last.protocolType == "consumer" && last.protocol == nil)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: a)) == .unknownMemberId)
    }

    @Test func heartbeatsKeepTheSessionAlive() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let a = try await stableGroup(coordinator)
        for _ in 0..<5 {
            clock.advance(8_000)
            await coordinator.expireTimers()
            #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: a)) == .noError)
        }
        #expect(await coordinator.group("g")?.state == .stable)
    }

    @Test func staticMemberRejoinKeepsTheGeneration() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let request = GroupTest.joinRequest(group: "s", instanceId: "instance-1")
        // Static members get their id at once (no MEMBER_ID_REQUIRED).
        let join = Task { await coordinator.joinGroup(request, client: GroupTest.client) }
        try await GroupTest.waitUntil { await coordinator.group("s")?.size == 1 }
        clock.advance(3000)
        await coordinator.expireTimers()
        let joined = await join.value
        #expect(joined.errorCode == 0)
        #expect(joined.memberId.hasPrefix("instance-1-"))
        _ = await coordinator.syncGroup(GroupTest.syncRequest(group: "s", generation: 1, memberId: joined.memberId,
                                                              assignments: [joined.memberId: "A"]))
        // Restarted with the same instance id: replaces the old member, same generation, leader skips assignment.
        let rejoined = await coordinator.joinGroup(request, client: GroupTest.client)
        #expect(rejoined.errorCode == 0)
        #expect(rejoined.memberId != joined.memberId)
        #expect(rejoined.generationId == 1)
        #expect(rejoined.skipAssignment)
        #expect(rejoined.leader == rejoined.memberId)
        #expect(await coordinator.group("s")?.state == .stable)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "s", generation: 1, memberId: joined.memberId,
                                                                instanceId: "instance-1")) == .fencedInstanceId)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "s", generation: 1, memberId: rejoined.memberId,
                                                                instanceId: "instance-1")) == .noError)
    }

    @Test func generationAndMemberChecks() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let a = try await stableGroup(coordinator)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 7, memberId: a)) == .illegalGeneration)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "g", generation: 1, memberId: "nobody")) == .unknownMemberId)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "missing", generation: 1, memberId: a)) == .unknownMemberId)
        #expect(await coordinator.heartbeat(GroupTest.heartbeat(group: "", generation: 1, memberId: a)) == .invalidGroupId)
        let badSync = await coordinator.syncGroup(GroupTest.syncRequest(group: "g", generation: 3, memberId: a))
        #expect(badSync.errorCode == ErrorCode.illegalGeneration.rawValue)
        var wrongProtocol = GroupTest.syncRequest(group: "g", generation: 1, memberId: a)
        wrongProtocol.protocolName = "roundrobin"
        #expect(await coordinator.syncGroup(wrongProtocol).errorCode == ErrorCode.inconsistentGroupProtocol.rawValue)
        let commit = await coordinator.commitOffsets(GroupTest.commit(group: "g", generation: 2, memberId: a, offsets: [("t", 0, 5)]), apiVersion: 8)
        #expect(commit.first?.partitions.first?.1 == .illegalGeneration)
        let simple = await coordinator.commitOffsets(GroupTest.commit(group: "g", offsets: [("t", 0, 5)]), apiVersion: 8)
        #expect(simple.first?.partitions.first?.1 == .unknownMemberId)
        let good = await coordinator.commitOffsets(GroupTest.commit(group: "g", generation: 1, memberId: a, offsets: [("t", 0, 5)]), apiVersion: 8)
        #expect(good.first?.partitions.first?.1 == .noError)
        let unknownGroup = await coordinator.commitOffsets(GroupTest.commit(group: "nope", generation: 1, memberId: a, offsets: [("t", 0, 5)]), apiVersion: 8)
        #expect(unknownGroup.first?.partitions.first?.1 == .illegalGeneration)
        let unknownGroupV9 = await coordinator.commitOffsets(GroupTest.commit(group: "nope", generation: 1, memberId: a, offsets: [("t", 0, 5)]), apiVersion: 9)
        #expect(unknownGroupV9.first?.partitions.first?.1 == .groupIdNotFound)
    }

    @Test func joinValidation() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let tooShort = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", sessionTimeout: 1000), client: GroupTest.client)
        #expect(tooShort.errorCode == ErrorCode.invalidSessionTimeout.rawValue)
        let tooLong = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", sessionTimeout: 1_800_001), client: GroupTest.client)
        #expect(tooLong.errorCode == ErrorCode.invalidSessionTimeout.rawValue)
        #expect(await coordinator.joinGroup(GroupTest.joinRequest(group: ""), client: GroupTest.client).errorCode == ErrorCode.invalidGroupId.rawValue)
        let unknown = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", memberId: "ghost"), client: GroupTest.client)
        #expect(unknown.errorCode == ErrorCode.unknownMemberId.rawValue)
        var noProtocols = GroupTest.joinRequest(group: "g", protocols: [])
        noProtocols.protocols = []
        #expect(await coordinator.joinGroup(noProtocols, client: GroupTest.client).errorCode == ErrorCode.inconsistentGroupProtocol.rawValue)
        _ = try await stableGroup(coordinator)
        let other = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", protocols: ["sticky"]), client: GroupTest.client)
        #expect(other.errorCode == ErrorCode.inconsistentGroupProtocol.rawValue)
    }

    @Test func groupMaxSize() async throws {
        let coordinator = GroupTest.coordinator(clock: clock) { $0.maxSize = 1 }
        _ = try await stableGroup(coordinator)
        let full = await coordinator.joinGroup(GroupTest.joinRequest(group: "g"), client: GroupTest.client)
        #expect(full.errorCode == ErrorCode.groupMaxSizeReached.rawValue)
    }

    @Test func leaveGroupRebalancesToEmpty() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let a = try await stableGroup(coordinator)
        let (error, results) = await coordinator.leaveGroup(groupId: "g", members: [(a, nil), ("ghost", nil)])
        #expect(error == .noError)
        #expect(results.map(\.error) == [.noError, .unknownMemberId])
        let group = try #require(await coordinator.group("g"))
        #expect(group.state == .empty && group.generationId == 2)
        #expect(await coordinator.leaveGroup(groupId: "missing", members: [(a, nil)]).0 == .unknownMemberId)
    }

    @Test func protocolSelectionByVote() {
        var group = ClassicGroup(groupId: "g", now: 0)
        func member(_ id: String, _ protocols: [String]) -> ClassicGroupMember {
            ClassicGroupMember(memberId: id, groupInstanceId: nil, clientId: "c", clientHost: "/h", rebalanceTimeoutMs: 1, sessionTimeoutMs: 1,
                               protocolType: "consumer", protocols: protocols.map { ($0, ByteBuffer()) })
        }
        group.add(member("a", ["range", "roundrobin"]))
        group.add(member("b", ["roundrobin", "range"]))
        group.add(member("c", ["roundrobin", "sticky"]))
        #expect(group.selectProtocol() == "roundrobin")
        #expect(group.leaderId == "a")
        group.remove("a")
        #expect(group.leaderId == "b")
    }

    @Test func pendingSyncTimeoutRemovesMembers() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let a = try await stableGroup(coordinator)
        let (b, joinB) = await GroupTest.joinNewMember(coordinator, group: "g")
        try await GroupTest.waitUntil { await coordinator.group("g")?.size == 2 }
        _ = await coordinator.joinGroup(GroupTest.joinRequest(group: "g", memberId: a), client: GroupTest.client)
        _ = await joinB.value
        // Nobody syncs within the rebalance timeout: both are dropped and the group empties.
        clock.advance(30_000)
        await coordinator.expireTimers()
        let group = try #require(await coordinator.group("g"))
        #expect(!group.hasMember(a) && !group.hasMember(b))
        #expect(group.state == .empty)
    }

    @Test func shutdownAnswersParkedRequests() async throws {
        let coordinator = GroupTest.coordinator(clock: clock)
        let (_, join) = await GroupTest.joinNewMember(coordinator, group: "g")
        try await GroupTest.waitUntil { await coordinator.group("g")?.size == 1 }
        await coordinator.failPendingRequests()
        #expect(await join.value.errorCode == ErrorCode.notCoordinator.rawValue)
        let later = await coordinator.joinGroup(GroupTest.joinRequest(group: "g"), client: GroupTest.client)
        #expect(later.errorCode == ErrorCode.notCoordinator.rawValue)
    }
}
