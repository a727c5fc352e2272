import KafkaClient

/// The `--output json` documents of `consumer-groups` (docs/json/consumer-groups.md), with
/// Kafka's `-` placeholders as null.
enum ConsumerGroupJSON {
    struct List: Encodable {
        struct Group: Encodable {
            var group: String, type: String, state: String
        }
        var groups: [Group]
        init(_ listings: [GroupListing]) {
            groups = listings.map {
                Group(group: $0.groupId, type: ConsumerGroupFormatting.typeName($0.type),
                      state: ConsumerGroupFormatting.stateName($0.state))
            }
        }
    }

    struct PartitionRef: Encodable {
        var topic: String, partition: Int32
        init(_ partition: TopicPartition) { topic = partition.topic; self.partition = partition.partition }
    }

    struct Offsets: Encodable {
        struct Row: Encodable {
            var topic: String?, partition: Int32?, leaderEpoch: Int32?
            var currentOffset: Int64?, logEndOffset: Int64?, lag: Int64?
            var consumerId: String?, host: String?, clientId: String?
            init(_ row: PartitionAssignmentRow) {
                (topic, partition, leaderEpoch) = (row.topic, row.partition, row.leaderEpoch)
                (currentOffset, logEndOffset, lag) = (row.offset, row.logEndOffset, row.lag)
                consumerId = row.consumerId == "-" ? nil : row.consumerId
                host = row.host == "-" ? nil : row.host
                clientId = row.clientId == "-" ? nil : row.clientId
            }
        }
        struct Group: Encodable {
            var group: String, state: String, partitions: [Row]
        }
        var groups: [Group]
        init(_ described: [DescribedGroupRows<PartitionAssignmentRow>]) {
            groups = described.map { Group(group: $0.group, state: $0.state ?? "Unknown", partitions: ($0.rows ?? []).map(Row.init)) }
        }
    }

    struct Members: Encodable {
        struct Member: Encodable {
            var consumerId: String, groupInstanceId: String?, host: String, clientId: String, partitions: Int
            var assignment: [PartitionRef], targetAssignment: [PartitionRef]
            var currentEpoch: Int32?, targetEpoch: Int32?, upgraded: Bool?
            init(_ row: MemberAssignmentRow) {
                (consumerId, host, clientId) = (row.consumerId, row.host, row.clientId)
                groupInstanceId = row.groupInstanceId.isEmpty ? nil : row.groupInstanceId
                partitions = row.numPartitions
                assignment = row.assignment.sorted().map(PartitionRef.init)
                targetAssignment = row.targetAssignment.sorted().map(PartitionRef.init)
                (currentEpoch, targetEpoch, upgraded) = (row.currentEpoch, row.targetEpoch, row.upgraded)
            }
        }
        struct Group: Encodable {
            var group: String, state: String, members: [Member]
        }
        var groups: [Group]
        init(_ described: [DescribedGroupRows<MemberAssignmentRow>]) {
            groups = described.map { Group(group: $0.group, state: $0.state ?? "Unknown", members: ($0.rows ?? []).map(Member.init)) }
        }
    }

    struct States: Encodable {
        struct Coordinator: Encodable {
            var id: Int32, host: String, port: Int
        }
        struct Group: Encodable {
            var group: String, coordinator: Coordinator, assignmentStrategy: String?, state: String, members: Int
            var groupEpoch: Int32?, targetAssignmentEpoch: Int32?
            init(_ row: GroupStateRow) {
                group = row.group
                coordinator = Coordinator(id: row.coordinator.nodeId, host: row.coordinator.host, port: row.coordinator.port)
                assignmentStrategy = row.assignmentStrategy.isEmpty ? nil : row.assignmentStrategy
                (state, members) = (row.state, row.numMembers)
                (groupEpoch, targetAssignmentEpoch) = (row.groupEpoch, row.targetAssignmentEpoch)
            }
        }
        var groups: [Group]
        init(_ rows: [GroupStateRow]) { groups = rows.map(Group.init) }
    }
}
