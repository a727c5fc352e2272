import KafkaClient

/// `PartitionAssignmentState`: one row of `--describe --offsets`. nil fields print as `-`.
struct PartitionAssignmentRow: Sendable, Hashable {
    var group: String
    var topic: String?
    var partition: Int32?
    var leaderEpoch: Int32?
    var offset: Int64?
    var logEndOffset: Int64?
    var consumerId: String?
    var host: String?
    var clientId: String?

    /// `getLag`: LEO − committed, when both are known.
    var lag: Int64? {
        guard let offset, offset != -1, let logEndOffset else { return nil }
        return logEndOffset - offset
    }
}

/// `MemberAssignmentState`: one row of `--describe --members`.
struct MemberAssignmentRow: Sendable, Hashable {
    var group: String
    var consumerId: String
    var host: String
    var clientId: String
    /// Empty when the member has no static instance id.
    var groupInstanceId: String
    var numPartitions: Int
    var assignment: [TopicPartition]
    var targetAssignment: [TopicPartition]
    var currentEpoch: Int32?
    var targetEpoch: Int32?
    var upgraded: Bool?
}

/// `GroupInformation`: the row of `--describe --state`.
struct GroupStateRow: Sendable, Hashable {
    var group: String
    var coordinator: BrokerNode
    var assignmentStrategy: String
    var state: String
    var numMembers: Int
    var groupEpoch: Int32?
    var targetAssignmentEpoch: Int32?

    /// `host:port  (id)`, with Kafka's two spaces.
    var coordinatorText: String { "\(coordinator.host):\(coordinator.port)  (\(coordinator.nodeId))" }
}

/// A described group's state and rows (`Entry<Optional<GroupState>, Optional<Collection<...>>>`).
struct DescribedGroupRows<Row: Sendable & Hashable>: Sendable {
    var group: String
    var state: String?
    var rows: [Row]?
}
