import KafkaProtocol
import NIOCore

/// The states of a classic group (`ClassicGroupState`), named as DescribeGroups/ListGroups show them.
public enum ClassicGroupState: String, Sendable, CaseIterable {
    case empty = "Empty"
    case preparingRebalance = "PreparingRebalance"
    case completingRebalance = "CompletingRebalance"
    case stable = "Stable"
    case dead = "Dead"

    /// The states a group may move to from this one (`ClassicGroupState.validPreviousStates` inverted).
    func canTransition(to next: ClassicGroupState) -> Bool {
        switch next {
        case .empty: return self == .preparingRebalance
        case .preparingRebalance: return self == .stable || self == .completingRebalance || self == .empty
        case .completingRebalance: return self == .preparingRebalance
        case .stable: return self == .completingRebalance
        case .dead: return true
        }
    }
}

/// A member of a classic group (`ClassicGroupMember`).
public struct ClassicGroupMember: Sendable {
    public var memberId: String
    public var groupInstanceId: String?
    public var clientId: String
    public var clientHost: String
    public var rebalanceTimeoutMs: Int32
    public var sessionTimeoutMs: Int32
    public var protocolType: String
    /// Supported protocols in the member's order of preference.
    public var protocols: [(name: String, metadata: ByteBuffer)]
    public var assignment: ByteBuffer = ByteBuffer()
    /// Set while the member waits for the join phase to end.
    var awaitingJoin: CheckedContinuation<JoinGroupResponse, Never>?
    /// Set while the member waits for the leader's assignment.
    var awaitingSync: CheckedContinuation<SyncGroupResponse, Never>?
    /// Joined during the current rebalance, so its first heartbeat deadline is the new-member timeout.
    var isNew = false

    public var isAwaitingJoin: Bool { awaitingJoin != nil }
    public var isAwaitingSync: Bool { awaitingSync != nil }
    public var isStatic: Bool { groupInstanceId != nil }

    public func metadata(for protocolName: String?) -> ByteBuffer? {
        guard let protocolName else { return nil }
        return protocols.first { $0.name == protocolName }?.metadata
    }

    /// The first of the member's protocols among `candidates` (`ClassicGroupMember.vote`).
    func vote(_ candidates: Set<String>) -> String? {
        protocols.first { candidates.contains($0.name) }?.name
    }

    func hasSameProtocols(_ other: [(name: String, metadata: ByteBuffer)]) -> Bool {
        protocols.count == other.count && zip(protocols, other).allSatisfy { $0.name == $1.name && $0.metadata == $1.metadata }
    }
}

/// A classic group's membership and generation (`ClassicGroup`). Plain state: the coordinator
/// drives the transitions and the timers.
public struct ClassicGroup: Sendable {
    public let groupId: String
    public private(set) var state: ClassicGroupState = .empty
    public private(set) var previousState: ClassicGroupState = .empty
    public var currentStateTimestamp: Int64
    public var generationId: Int32 = 0
    public var protocolType: String?
    public var protocolName: String?
    public var leaderId: String?
    /// Members in join order (Kafka keeps a LinkedHashMap).
    public private(set) var members: [ClassicGroupMember] = []
    public var staticMembers: [String: String] = [:]
    /// Member ids handed out with MEMBER_ID_REQUIRED that have not joined yet.
    public var pendingMembers: [String: GroupClient] = [:]
    /// Members that joined the current generation but have not sent SyncGroup yet.
    public var pendingSyncMembers: Set<String> = []
    /// A member joined during the initial rebalance delay.
    var newMemberAdded = false

    public init(groupId: String, now: Int64) {
        self.groupId = groupId
        currentStateTimestamp = now
    }

    public var isEmpty: Bool { members.isEmpty }
    public var size: Int { members.count }

    public func member(_ memberId: String) -> ClassicGroupMember? { members.first { $0.memberId == memberId } }
    public func hasMember(_ memberId: String) -> Bool { members.contains { $0.memberId == memberId } }
    func index(of memberId: String) -> Int? { members.firstIndex { $0.memberId == memberId } }

    mutating func transition(to next: ClassicGroupState, now: Int64) {
        previousState = state
        state = next
        currentStateTimestamp = now
    }

    mutating func add(_ member: ClassicGroupMember) {
        if members.isEmpty { protocolType = member.protocolType }
        if leaderId == nil { leaderId = member.memberId }
        if let instanceId = member.groupInstanceId { staticMembers[instanceId] = member.memberId }
        members.append(member)
    }

    /// Removes a member; a new leader is the next member in join order.
    @discardableResult
    mutating func remove(_ memberId: String) -> ClassicGroupMember? {
        guard let index = index(of: memberId) else { return nil }
        let member = members.remove(at: index)
        if let instanceId = member.groupInstanceId, staticMembers[instanceId] == memberId { staticMembers[instanceId] = nil }
        pendingSyncMembers.remove(memberId)
        if leaderId == memberId { leaderId = members.first?.memberId }
        return member
    }

    mutating func update(_ memberId: String, _ change: (inout ClassicGroupMember) -> Void) {
        guard let index = index(of: memberId) else { return }
        change(&members[index])
    }

    /// Every member's protocols include one in common and the type matches (`supportsProtocols`).
    func supportsProtocols(type: String, names: [String]) -> Bool {
        if members.isEmpty { return !type.isEmpty && !names.isEmpty }
        return protocolType == type && !candidateProtocols(adding: Set(names)).isEmpty
    }

    func candidateProtocols(adding extra: Set<String>? = nil) -> Set<String> {
        var sets = members.map { Set($0.protocols.map(\.name)) }
        if let extra { sets.append(extra) }
        guard var result = sets.first else { return [] }
        for set in sets.dropFirst() { result.formIntersection(set) }
        return result
    }

    /// The protocol with the most votes; ties go to the one voted for first.
    func selectProtocol() -> String? {
        let candidates = candidateProtocols()
        var votes: [String: Int] = [:]
        var order: [String] = []
        for member in members {
            guard let vote = member.vote(candidates) else { continue }
            if votes[vote] == nil { order.append(vote) }
            votes[vote, default: 0] += 1
        }
        var best: String?
        for name in order where best.map({ (votes[name] ?? 0) > (votes[$0] ?? 0) }) ?? true { best = name }
        return best
    }

    public var hasAllMembersJoined: Bool { members.allSatisfy(\.isAwaitingJoin) && pendingMembers.isEmpty }

    /// The largest rebalance timeout of the members (`ClassicGroup.rebalanceTimeoutMs`).
    public var rebalanceTimeoutMs: Int64 { Int64(members.map(\.rebalanceTimeoutMs).max() ?? 0) }

    mutating func initNextGeneration(now: Int64) {
        generationId += 1
        if members.isEmpty {
            protocolName = nil
            transition(to: .empty, now: now)
        } else {
            protocolName = selectProtocol()
            transition(to: .completingRebalance, now: now)
        }
        pendingSyncMembers = Set(members.map(\.memberId))
    }

    /// Topics the consumer members subscribe to, nil when unknown (`ClassicGroup.computeSubscribedTopics`:
    /// a subscription that does not deserialize makes them unknown).
    public var subscribedTopics: Set<String>? {
        guard protocolType == "consumer", let protocolName else { return state == .empty ? [] : nil }
        var topics: Set<String> = []
        for member in members {
            guard let metadata = member.metadata(for: protocolName),
                  let subscription = try? ConsumerProtocolSubscription.deserialize(metadata) else { return nil }
            topics.formUnion(subscription.topics)
        }
        return topics
    }

    mutating func resetAssignments() {
        for index in members.indices { members[index].assignment = ByteBuffer() }
    }
}
