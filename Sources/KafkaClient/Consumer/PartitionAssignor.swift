import KafkaProtocol
import NIOCore

/// A group member's subscription as the leader sees it (`ConsumerPartitionAssignor.Subscription`).
public struct GroupSubscription: Sendable, Hashable {
    public var topics: [String]
    public var ownedPartitions: [TopicPartition]
    public var generationId: Int32
    public var rackId: String?
    public var userData: ByteBuffer?

    public init(topics: [String], ownedPartitions: [TopicPartition] = [], generationId: Int32 = -1, rackId: String? = nil, userData: ByteBuffer? = nil) {
        self.topics = topics
        self.ownedPartitions = ownedPartitions
        self.generationId = generationId
        self.rackId = rackId
        self.userData = userData
    }
}

/// Kafka's client-side assignors (`partition.assignment.strategy`).
public protocol PartitionAssignor: Sendable {
    /// The protocol name in JoinGroup (`range`, `roundrobin`, `cooperative-sticky`).
    var name: String { get }
    /// Whether members keep partitions across a rebalance (COOPERATIVE) or drop all (EAGER).
    var isCooperative: Bool { get }
    /// `subscriptionUserData`: extra bytes in this member's subscription for this assignor.
    func subscriptionUserData(generation: Int32) -> ByteBuffer?
    /// member id → partitions, given partition counts per topic.
    func assign(partitionsPerTopic: [String: Int32], subscriptions: [String: GroupSubscription]) -> [String: [TopicPartition]]
}

extension PartitionAssignor {
    public func subscriptionUserData(generation: Int32) -> ByteBuffer? { nil }
}

/// `RangeAssignor`: per topic, consecutive ranges to members sorted by member id.
public struct RangeAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "range" }
    public var isCooperative: Bool { false }

    public func assign(partitionsPerTopic: [String: Int32], subscriptions: [String: GroupSubscription]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        for member in subscriptions.keys { result[member] = [] }
        for topic in partitionsPerTopic.keys.sorted() {
            guard let count = partitionsPerTopic[topic], count > 0 else { continue }
            let members = subscriptions.filter { $0.value.topics.contains(topic) }.keys.sorted()
            guard !members.isEmpty else { continue }
            let perMember = Int(count) / members.count
            let extra = Int(count) % members.count
            for (index, member) in members.enumerated() {
                let start = perMember * index + min(index, extra)
                let length = perMember + (index + 1 > extra ? 0 : 1)
                for partition in start..<(start + length) {
                    result[member, default: []].append(TopicPartition(topic, Int32(partition)))
                }
            }
        }
        return result
    }
}

/// `RoundRobinAssignor`: all partitions in (topic, partition) order dealt to members in member
/// id order, skipping members not subscribed to the topic.
public struct RoundRobinAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "roundrobin" }
    public var isCooperative: Bool { false }

    public func assign(partitionsPerTopic: [String: Int32], subscriptions: [String: GroupSubscription]) -> [String: [TopicPartition]] {
        var result: [String: [TopicPartition]] = [:]
        let members = subscriptions.keys.sorted()
        for member in members { result[member] = [] }
        guard !members.isEmpty else { return result }
        let topics = Set(subscriptions.values.flatMap(\.topics))
        var cursor = 0
        for topic in topics.sorted() {
            guard let count = partitionsPerTopic[topic] else { continue }
            for partition in 0..<count {
                for _ in 0..<members.count {
                    let member = members[cursor % members.count]
                    cursor += 1
                    if subscriptions[member]?.topics.contains(topic) == true {
                        result[member, default: []].append(TopicPartition(topic, partition))
                        break
                    }
                }
            }
        }
        return result
    }
}

/// `CooperativeStickyAssignor`: balanced like round robin, keeps each member's owned partitions
/// where balance allows, and — being cooperative — never hands a partition straight from one
/// member to another in the same rebalance: it is left out until its owner has revoked it, and
/// the follow-up rebalance assigns it.
public struct CooperativeStickyAssignor: PartitionAssignor {
    public init() {}
    public var name: String { "cooperative-sticky" }
    public var isCooperative: Bool { true }

    /// Kafka's CooperativeStickyAssignor sends its generation as an int32.
    public func subscriptionUserData(generation: Int32) -> ByteBuffer? {
        var buffer = ByteBuffer()
        buffer.writeInteger(generation, endianness: .big)
        return buffer
    }

    public func assign(partitionsPerTopic: [String: Int32], subscriptions: [String: GroupSubscription]) -> [String: [TopicPartition]] {
        let members = subscriptions.keys.sorted()
        var result: [String: [TopicPartition]] = [:]
        for member in members { result[member] = [] }
        guard !members.isEmpty else { return result }

        // Current owners: the claim with the highest generation wins (stale claims are ignored).
        var owner: [TopicPartition: (member: String, generation: Int32)] = [:]
        for member in members {
            guard let subscription = subscriptions[member] else { continue }
            for tp in subscription.ownedPartitions {
                guard subscription.topics.contains(tp.topic), let count = partitionsPerTopic[tp.topic], tp.partition < count else { continue }
                if let existing = owner[tp], existing.generation >= subscription.generationId { continue }
                owner[tp] = (member, subscription.generationId)
            }
        }

        var all: [TopicPartition] = []
        for topic in Set(subscriptions.values.flatMap(\.topics)).sorted() {
            guard let count = partitionsPerTopic[topic] else { continue }
            for partition in 0..<count { all.append(TopicPartition(topic, partition)) }
        }
        func eligible(_ member: String, _ tp: TopicPartition) -> Bool {
            subscriptions[member]?.topics.contains(tp.topic) == true
        }
        // Quotas over the eligible members: everyone gets floor(P/M); P % M get one more.
        let minQuota = all.count / members.count
        var extraSlots = all.count % members.count

        // 1. Keep owned partitions up to the quota.
        var assigned = Set<TopicPartition>()
        for member in members {
            let owned = all.filter { owner[$0]?.member == member }
            var keep = min(owned.count, minQuota)
            if owned.count > minQuota, extraSlots > 0 {
                keep += 1
                extraSlots -= 1
            }
            for tp in owned.prefix(keep) {
                result[member, default: []].append(tp)
                assigned.insert(tp)
            }
        }
        // 2. Give the rest to the least loaded eligible member (ties by member id).
        for tp in all where !assigned.contains(tp) {
            let candidates = members.filter { eligible($0, tp) }
            guard let target = candidates.min(by: { (result[$0]?.count ?? 0, $0) < (result[$1]?.count ?? 0, $1) }) else { continue }
            result[target, default: []].append(tp)
            assigned.insert(tp)
        }
        // 3. Cooperative: a partition another member still owns is not handed over yet.
        for member in members {
            result[member] = result[member]?.filter { tp in
                guard let current = owner[tp] else { return true }
                return current.member == member
            }
        }
        return result
    }
}

/// ConsumerProtocol (de)serialization: an int16 version, then the message at that version.
public enum ConsumerProtocol {
    public static let protocolType = "consumer"
    public static let subscriptionVersion: Int16 = 3
    public static let assignmentVersion: Int16 = 3

    public static func encodeSubscription(_ subscription: GroupSubscription, version: Int16 = subscriptionVersion) throws -> ByteBuffer {
        var message = ConsumerProtocolSubscription()
        message.topics = subscription.topics
        message.userData = subscription.userData
        message.ownedPartitions = subscription.ownedPartitions.groupedByTopic().map { topic, partitions in
            var entry = ConsumerProtocolSubscription.TopicPartition()
            entry.topic = topic
            entry.partitions = partitions.map(\.partition).sorted()
            return entry
        }
        message.generationId = subscription.generationId
        message.rackId = subscription.rackId
        return try message.serialize(version: version)
    }

    /// Reads a subscription at its own version (newer versions read as our highest, like Kafka).
    public static func decodeSubscription(_ bytes: ByteBuffer) throws -> GroupSubscription {
        let message = try ConsumerProtocolSubscription.deserialize(bytes)
        return GroupSubscription(
            topics: message.topics,
            ownedPartitions: message.ownedPartitions.flatMap { entry in entry.partitions.map { TopicPartition(entry.topic, $0) } },
            generationId: message.generationId, rackId: message.rackId, userData: message.userData)
    }

    public static func encodeAssignment(_ partitions: [TopicPartition], userData: ByteBuffer? = nil, version: Int16 = assignmentVersion) throws -> ByteBuffer {
        var message = ConsumerProtocolAssignment()
        message.assignedPartitions = partitions.groupedByTopic().map { topic, partitions in
            var entry = ConsumerProtocolAssignment.TopicPartition()
            entry.topic = topic
            entry.partitions = partitions.map(\.partition).sorted()
            return entry
        }
        message.userData = userData
        return try message.serialize(version: version)
    }

    /// An empty assignment (a member the leader gave nothing, or a failed sync) is no partitions.
    public static func decodeAssignment(_ bytes: ByteBuffer) throws -> [TopicPartition] {
        guard bytes.readableBytes > 0 else { return [] }
        let message = try ConsumerProtocolAssignment.deserialize(bytes)
        return message.assignedPartitions.flatMap { entry in entry.partitions.map { TopicPartition(entry.topic, $0) } }
    }
}
