import KafkaClient
import NIOCore
import Testing

@Suite("Assignors")
struct AssignorTests {
    func subs(_ members: [String], topics: [String]) -> [String: GroupSubscription] {
        Dictionary(uniqueKeysWithValues: members.map { ($0, GroupSubscription(topics: topics)) })
    }

    @Test func rangeGivesConsecutiveRangesExtraToFirst() {
        let result = RangeAssignor().assign(partitionsPerTopic: ["t": 5], subscriptions: subs(["b", "a"], topics: ["t"]))
        #expect(result["a"] == [TopicPartition("t", 0), TopicPartition("t", 1), TopicPartition("t", 2)])
        #expect(result["b"] == [TopicPartition("t", 3), TopicPartition("t", 4)])
    }

    @Test func rangeIsPerTopic() {
        // Kafka's classic example: two topics of 3 partitions, two consumers → 4 and 2.
        let result = RangeAssignor().assign(partitionsPerTopic: ["t0": 3, "t1": 3], subscriptions: subs(["c0", "c1"], topics: ["t0", "t1"]))
        #expect(result["c0"]?.count == 4)
        #expect(result["c1"]?.count == 2)
    }

    @Test func roundRobinInterleaves() {
        let result = RoundRobinAssignor().assign(partitionsPerTopic: ["t0": 3, "t1": 3], subscriptions: subs(["c0", "c1"], topics: ["t0", "t1"]))
        #expect(result["c0"] == [TopicPartition("t0", 0), TopicPartition("t0", 2), TopicPartition("t1", 1)])
        #expect(result["c1"] == [TopicPartition("t0", 1), TopicPartition("t1", 0), TopicPartition("t1", 2)])
    }

    @Test func roundRobinSkipsUnsubscribedMembers() {
        var subscriptions = subs(["c0"], topics: ["t0"])
        subscriptions["c1"] = GroupSubscription(topics: ["t0", "t1"])
        let result = RoundRobinAssignor().assign(partitionsPerTopic: ["t0": 2, "t1": 2], subscriptions: subscriptions)
        #expect(result["c1"]?.contains(TopicPartition("t1", 0)) == true)
        #expect(result["c1"]?.contains(TopicPartition("t1", 1)) == true)
        #expect(result["c0"]?.allSatisfy { $0.topic == "t0" } == true)
    }

    @Test func stickyIsBalancedFromScratch() {
        let result = CooperativeStickyAssignor().assign(partitionsPerTopic: ["t": 7], subscriptions: subs(["a", "b", "c"], topics: ["t"]))
        let counts = result.values.map(\.count).sorted()
        #expect(counts == [2, 2, 3])
        #expect(Set(result.values.flatMap { $0 }).count == 7)
    }

    @Test func stickyKeepsOwnedPartitions() {
        var subscriptions: [String: GroupSubscription] = [:]
        subscriptions["a"] = GroupSubscription(topics: ["t"], ownedPartitions: [TopicPartition("t", 3), TopicPartition("t", 0)], generationId: 5)
        subscriptions["b"] = GroupSubscription(topics: ["t"], ownedPartitions: [TopicPartition("t", 1), TopicPartition("t", 2)], generationId: 5)
        let result = CooperativeStickyAssignor().assign(partitionsPerTopic: ["t": 4], subscriptions: subscriptions)
        #expect(Set(result["a"] ?? []) == [TopicPartition("t", 0), TopicPartition("t", 3)])
        #expect(Set(result["b"] ?? []) == [TopicPartition("t", 1), TopicPartition("t", 2)])
    }

    @Test func cooperativeRevokesBeforeReassigning() {
        // "a" owned everything; "c" joins. First round: a keeps its quota, the partitions it must
        // give up go to nobody; second round (after a revoked them) they go to c.
        var subscriptions: [String: GroupSubscription] = [:]
        let all = (0..<4).map { TopicPartition("t", Int32($0)) }
        subscriptions["a"] = GroupSubscription(topics: ["t"], ownedPartitions: all, generationId: 1)
        subscriptions["c"] = GroupSubscription(topics: ["t"], ownedPartitions: [], generationId: -1)
        let assignor = CooperativeStickyAssignor()
        let first = assignor.assign(partitionsPerTopic: ["t": 4], subscriptions: subscriptions)
        #expect(first["a"]?.count == 2)
        #expect(first["c"] == [])
        subscriptions["a"] = GroupSubscription(topics: ["t"], ownedPartitions: first["a"] ?? [], generationId: 2)
        let second = assignor.assign(partitionsPerTopic: ["t": 4], subscriptions: subscriptions)
        #expect(Set(second["a"] ?? []) == Set(first["a"] ?? []))
        #expect(second["c"]?.count == 2)
        #expect(Set((second["a"] ?? []) + (second["c"] ?? [])).count == 4)
    }

    @Test func stickyIgnoresStaleOwnershipClaims() {
        var subscriptions: [String: GroupSubscription] = [:]
        subscriptions["a"] = GroupSubscription(topics: ["t"], ownedPartitions: [TopicPartition("t", 0)], generationId: 3)
        subscriptions["b"] = GroupSubscription(topics: ["t"], ownedPartitions: [TopicPartition("t", 0)], generationId: 2)
        let result = CooperativeStickyAssignor().assign(partitionsPerTopic: ["t": 2], subscriptions: subscriptions)
        #expect(result["a"]?.contains(TopicPartition("t", 0)) == true)
        #expect(result["b"]?.contains(TopicPartition("t", 0)) != true)
    }

    @Test func subscriptionRoundTrips() throws {
        let subscription = GroupSubscription(topics: ["a", "b"], ownedPartitions: [TopicPartition("a", 1)], generationId: 4, rackId: "r1")
        let decoded = try ConsumerProtocol.decodeSubscription(ConsumerProtocol.encodeSubscription(subscription))
        #expect(decoded.topics == ["a", "b"])
        #expect(decoded.ownedPartitions == [TopicPartition("a", 1)])
        #expect(decoded.generationId == 4)
        #expect(decoded.rackId == "r1")
    }

    @Test func assignmentRoundTrips() throws {
        let partitions = [TopicPartition("x", 0), TopicPartition("x", 2), TopicPartition("y", 1)]
        #expect(try ConsumerProtocol.decodeAssignment(ConsumerProtocol.encodeAssignment(partitions)) == partitions)
        #expect(try ConsumerProtocol.decodeAssignment(ByteBuffer()) == [])
    }

    @Test func truncatedProtocolBytesThrow() {
        #expect(throws: (any Error).self) { try ConsumerProtocol.decodeSubscription(ByteBuffer(bytes: [0])) }
        #expect(throws: (any Error).self) { try ConsumerProtocol.decodeAssignment(ByteBuffer(bytes: [0, 3, 0, 0])) }
        #expect(throws: (any Error).self) { try ConsumerProtocol.decodeSubscription(ByteBuffer(bytes: [0xff, 0xff, 0])) }
    }
}
