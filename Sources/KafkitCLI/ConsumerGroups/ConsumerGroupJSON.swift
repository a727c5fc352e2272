import KafkaClient

/// The `--output json` documents of `consumer-groups` (docs/json/consumer-groups.md). Kafka's
/// `-` placeholders are explicit nulls, so the encoders are written out.
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
    }

    struct Offsets: Encodable {
        struct Row: Encodable {
            var row: PartitionAssignmentRow
            enum Keys: String, CodingKey {
                case topic, partition, leaderEpoch, currentOffset, logEndOffset, lag, consumerId, host, clientId
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(row.topic, forKey: .topic)
                try c.encode(row.partition, forKey: .partition)
                try c.encode(row.leaderEpoch, forKey: .leaderEpoch)
                try c.encode(row.offset, forKey: .currentOffset)
                try c.encode(row.logEndOffset, forKey: .logEndOffset)
                try c.encode(row.lag, forKey: .lag)
                try c.encode(row.consumerId == "-" ? nil : row.consumerId, forKey: .consumerId)
                try c.encode(row.host == "-" ? nil : row.host, forKey: .host)
                try c.encode(row.clientId == "-" ? nil : row.clientId, forKey: .clientId)
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
            var row: MemberAssignmentRow
            enum Keys: String, CodingKey {
                case consumerId, groupInstanceId, host, clientId, partitions, assignment, targetAssignment, currentEpoch, targetEpoch, upgraded
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(row.consumerId, forKey: .consumerId)
                try c.encode(row.groupInstanceId.isEmpty ? nil : row.groupInstanceId, forKey: .groupInstanceId)
                try c.encode(row.host, forKey: .host)
                try c.encode(row.clientId, forKey: .clientId)
                try c.encode(row.numPartitions, forKey: .partitions)
                try c.encode(row.assignment.sorted().map { PartitionRef(topic: $0.topic, partition: $0.partition) }, forKey: .assignment)
                try c.encode(row.targetAssignment.sorted().map { PartitionRef(topic: $0.topic, partition: $0.partition) }, forKey: .targetAssignment)
                try c.encode(row.currentEpoch, forKey: .currentEpoch)
                try c.encode(row.targetEpoch, forKey: .targetEpoch)
                try c.encode(row.upgraded, forKey: .upgraded)
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
            var row: GroupStateRow
            enum Keys: String, CodingKey {
                case group, coordinator, assignmentStrategy, state, members, groupEpoch, targetAssignmentEpoch
            }
            func encode(to encoder: any Encoder) throws {
                var c = encoder.container(keyedBy: Keys.self)
                try c.encode(row.group, forKey: .group)
                try c.encode(Coordinator(id: row.coordinator.nodeId, host: row.coordinator.host, port: row.coordinator.port), forKey: .coordinator)
                try c.encode(row.assignmentStrategy.isEmpty ? nil : row.assignmentStrategy, forKey: .assignmentStrategy)
                try c.encode(row.state, forKey: .state)
                try c.encode(row.numMembers, forKey: .members)
                try c.encode(row.groupEpoch, forKey: .groupEpoch)
                try c.encode(row.targetAssignmentEpoch, forKey: .targetAssignmentEpoch)
            }
        }
        var groups: [Group]
        init(_ rows: [GroupStateRow]) { groups = rows.map(Group.init) }
    }
}
