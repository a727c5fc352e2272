import Foundation
@testable import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

/// The group APIs over a real socket against an in-process broker, including a restart.
@Suite(.serialized) struct GroupApisEndToEndTests {
    static let overrides = ["group.initial.rebalance.delay.ms": "0"]

    /// FindCoordinator until `__consumer_offsets` exists (the first answer is COORDINATOR_NOT_AVAILABLE).
    static func findCoordinator(_ connection: inout RawConnection, group: String) async throws -> FindCoordinatorResponse {
        var request = FindCoordinatorRequest()
        request.key = group
        for _ in 0..<200 {
            let response = try await connection.request(request, version: 3)
            if response.errorCode == 0 { return response }
            #expect(response.errorCode == ErrorCode.coordinatorNotAvailable.rawValue)
            try await Task.sleep(for: .milliseconds(20))
        }
        throw GroupTest.WaitTimeout()
    }

    static func fetch(_ connection: inout RawConnection, group: String, version: Int16 = 7) async throws -> OffsetFetchResponse {
        var request = OffsetFetchRequest()
        if version < 8 { request.groupId = group }
        request.topics = version >= 2 ? nil : []
        if version >= 8 {
            request.topics = []
            var entry = OffsetFetchRequest.OffsetFetchRequestGroup()
            entry.groupId = group
            entry.topics = nil
            request.groups = [entry]
        }
        return try await connection.request(request, version: version)
    }

    @Test func commitFetchRestartListDescribeDelete() async throws {
        let broker = try await TestBroker(overrides: Self.overrides)
        let results = await broker.services.controller.createTopics([TopicCreation(name: "t", numPartitions: 2, replicationFactor: 1)], validateOnly: false)
        #expect(results.first?.error.isSuccess == true)
        try await RawConnection.with(port: broker.port) { connection in
            let coordinator = try await Self.findCoordinator(&connection, group: "e2e")
            #expect(coordinator.nodeId == broker.services.nodeId)
            #expect(coordinator.port == Int32(broker.port))
            #expect(coordinator.errorMessage == "NONE")

            var batched = FindCoordinatorRequest()
            batched.coordinatorKeys = ["a", "b"]
            let batchedResponse = try await connection.request(batched, version: 4)
            #expect(batchedResponse.coordinators.map(\.key) == ["a", "b"])
            #expect(batchedResponse.coordinators.allSatisfy { $0.errorCode == 0 && $0.port == Int32(broker.port) })
            var badType = FindCoordinatorRequest()
            badType.key = "x"
            badType.keyType = 7
            #expect(try await connection.request(badType, version: 3).errorCode == ErrorCode.invalidRequest.rawValue)

            let commit = GroupTest.commit(group: "e2e", offsets: [("t", 0, 42), ("t", 1, 7), ("nope", 0, 1)])
            let committed = try await connection.request(commit, version: 8)
            #expect(committed.topics.flatMap { $0.partitions.map(\.errorCode) } == [0, 0, ErrorCode.unknownTopicOrPartition.rawValue])

            let fetched = try await Self.fetch(&connection, group: "e2e")
            #expect(fetched.topics.first?.partitions.map(\.committedOffset) == [42, 7])
            let batchFetched = try await Self.fetch(&connection, group: "e2e", version: 8)
            #expect(batchFetched.groups.first?.topics.first?.partitions.map(\.committedOffset) == [42, 7])

            var list = ListGroupsRequest()
            list.statesFilter = ["empty"]
            let listed = try await connection.request(list, version: 5)
            #expect(listed.groups.map(\.groupId) == ["e2e"])
            #expect(listed.groups.first?.groupType == "classic")
        }
        let dataDir = broker.dataDir
        try await broker.stop()

        // The offsets come back from __consumer_offsets after a restart.
        let restarted = try await TestBroker(dataDir: dataDir, overrides: Self.overrides)
        try await RawConnection.with(port: restarted.port) { connection in
            _ = try await Self.findCoordinator(&connection, group: "e2e")
            let fetched = try await Self.fetch(&connection, group: "e2e", version: 5)
            #expect(fetched.topics.first?.partitions.map(\.committedOffset) == [42, 7])
            #expect(try await connection.request(ListGroupsRequest(), version: 3).groups.map(\.groupId) == ["e2e"])

            var describe = DescribeGroupsRequest()
            describe.groups = ["e2e", "missing"]
            let described = try await connection.request(describe, version: 5)
            #expect(described.groups.map(\.groupState) == ["Empty", "Dead"])
            #expect(described.groups.map(\.errorCode) == [0, 0])
            describe.includeAuthorizedOperations = true
            let describedV6 = try await connection.request(describe, version: 6)
            #expect(describedV6.groups.first?.authorizedOperations == 0x0d48)
            #expect(describedV6.groups.map(\.errorCode) == [0, ErrorCode.groupIdNotFound.rawValue])

            var delete = DeleteGroupsRequest()
            delete.groupsNames = ["e2e", "missing"]
            let deleted = try await connection.request(delete, version: 2)
            #expect(deleted.results.map(\.errorCode) == [0, ErrorCode.groupIdNotFound.rawValue])
            let after = try await Self.fetch(&connection, group: "e2e", version: 5)
            #expect(after.topics.isEmpty)
        }
        try await restarted.stopAndRemove()
    }

    @Test func joinSyncHeartbeatLeaveOverTheWire() async throws {
        let broker = try await TestBroker(overrides: Self.overrides)
        try await RawConnection.with(port: broker.port) { connection in
            _ = try await Self.findCoordinator(&connection, group: "wire")
            let first = try await connection.request(GroupTest.joinRequest(group: "wire"), version: 5)
            #expect(first.errorCode == ErrorCode.memberIdRequired.rawValue)
            let joined = try await connection.request(GroupTest.joinRequest(group: "wire", memberId: first.memberId), version: 7)
            #expect(joined.errorCode == 0)
            #expect(joined.generationId == 1)
            #expect(joined.protocolType == "consumer")
            #expect(joined.members.count == 1)
            var sync = GroupTest.syncRequest(group: "wire", generation: 1, memberId: first.memberId, assignments: [first.memberId: "x"])
            sync.protocolType = "consumer"
            sync.protocolName = "range"
            let synced = try await connection.request(sync, version: 5)
            #expect(synced.errorCode == 0)
            #expect(synced.assignment == ByteBuffer(string: "x"))
            #expect(try await connection.request(GroupTest.heartbeat(group: "wire", generation: 1, memberId: first.memberId), version: 4).errorCode == 0)
            #expect(try await connection.request(GroupTest.heartbeat(group: "wire", generation: 0, memberId: first.memberId), version: 4).errorCode
                    == ErrorCode.illegalGeneration.rawValue)

            var describe = DescribeGroupsRequest()
            describe.groups = ["wire"]
            let described = try await connection.request(describe, version: 5)
            #expect(described.groups.first?.groupState == "Stable")
            #expect(described.groups.first?.members.first?.clientHost == "/127.0.0.1")
            #expect(described.groups.first?.members.first?.clientId == "kafkit-test")

            var delete = DeleteGroupsRequest()
            delete.groupsNames = ["wire"]
            #expect(try await connection.request(delete, version: 2).results.first?.errorCode == ErrorCode.nonEmptyGroup.rawValue)

            var leave = LeaveGroupRequest()
            leave.groupId = "wire"
            var identity = LeaveGroupRequest.MemberIdentity()
            identity.memberId = first.memberId
            leave.members = [identity]
            let left = try await connection.request(leave, version: 4)
            #expect(left.errorCode == 0 && left.members.first?.errorCode == 0)
            var oldLeave = LeaveGroupRequest()
            oldLeave.groupId = "wire"
            oldLeave.memberId = first.memberId
            #expect(try await connection.request(oldLeave, version: 1).errorCode == ErrorCode.unknownMemberId.rawValue)
            #expect(try await connection.request(delete, version: 2).results.first?.errorCode == 0)
        }
        try await broker.stopAndRemove()
    }

    @Test func transactionKeysOffsetDeleteAndStaticLeave() async throws {
        let broker = try await TestBroker(overrides: Self.overrides)
        _ = await broker.services.controller.createTopics([TopicCreation(name: "t", numPartitions: 1, replicationFactor: 1)], validateOnly: false)
        try await RawConnection.with(port: broker.port) { connection in
            // Transactional ids are answered by this node once __transaction_state exists.
            var txn = FindCoordinatorRequest()
            txn.keyType = 1
            txn.coordinatorKeys = ["txn-1"]
            var answered = try await connection.request(txn, version: 5)
            #expect(answered.coordinators.first?.errorCode == ErrorCode.coordinatorNotAvailable.rawValue)
            #expect(answered.coordinators.first?.errorMessage == "The coordinator is not available.")
            for _ in 0..<200 where answered.coordinators.first?.errorCode != 0 {
                try await Task.sleep(for: .milliseconds(20))
                answered = try await connection.request(txn, version: 5)
            }
            #expect(answered.coordinators.first?.nodeId == broker.services.nodeId)
            #expect(broker.services.metadata.topic(named: "__transaction_state")?.partitions.count == 50)

            // OffsetDelete on an empty group removes the offsets; on a missing group it fails.
            _ = try await Self.findCoordinator(&connection, group: "od")
            let offsetsTopic = try #require(broker.services.metadata.topic(named: "__consumer_offsets"))
            #expect(offsetsTopic.partitions.count == 50)
            #expect(broker.services.metadata.dynamicConfigs(ConfigResource(type: .topic, name: "__consumer_offsets"))
                    == ["compression.type": "producer", "cleanup.policy": "compact", "segment.bytes": "104857600"])
            _ = try await connection.request(GroupTest.commit(group: "od", offsets: [("t", 0, 3)]), version: 9)
            var offsetDelete = OffsetDeleteRequest()
            offsetDelete.groupId = "od"
            var topic = OffsetDeleteRequest.OffsetDeleteRequestTopic()
            topic.name = "t"
            var partition = OffsetDeleteRequest.OffsetDeleteRequestPartition()
            partition.partitionIndex = 0
            topic.partitions = [partition]
            offsetDelete.topics = [topic]
            let deleted = try await connection.request(offsetDelete, version: 0)
            #expect(deleted.errorCode == 0 && deleted.topics.first?.partitions.first?.errorCode == 0)
            #expect(try await Self.fetch(&connection, group: "od").topics.isEmpty)
            offsetDelete.groupId = "none"
            #expect(try await connection.request(offsetDelete, version: 0).errorCode == ErrorCode.groupIdNotFound.rawValue)

            // A static member: a leave naming the instance with another member id is fenced.
            let joined = try await connection.request(GroupTest.joinRequest(group: "st", instanceId: "i-1"), version: 9)
            #expect(joined.errorCode == 0)
            var leave = LeaveGroupRequest()
            leave.groupId = "st"
            var wrong = LeaveGroupRequest.MemberIdentity()
            wrong.memberId = "someone-else"
            wrong.groupInstanceId = "i-1"
            var unknown = LeaveGroupRequest.MemberIdentity()
            unknown.groupInstanceId = "i-9"
            leave.members = [wrong, unknown]
            let fenced = try await connection.request(leave, version: 5)
            #expect(fenced.members.map(\.errorCode) == [ErrorCode.fencedInstanceId.rawValue, ErrorCode.unknownMemberId.rawValue])
            var right = LeaveGroupRequest.MemberIdentity()
            right.memberId = joined.memberId
            right.groupInstanceId = "i-1"
            leave.members = [right]
            #expect(try await connection.request(leave, version: 5).members.first?.errorCode == 0)
        }
        try await broker.stopAndRemove()
    }
}
