import KafkaClient

/// Kafka's `PartitionMove`: the brokers a partition's data comes from and those it goes to.
struct PartitionMove: Sendable, Equatable {
    var sources: Set<Int32>
    var destinations: Set<Int32>
}

/// The replication throttles `--execute` sets and `--verify`/`--cancel` clear, computed as
/// `ReassignPartitionsCommand` does.
enum ReassignThrottles {
    static let leaderRate = "leader.replication.throttled.rate"
    static let followerRate = "follower.replication.throttled.rate"
    static let logDirRate = "replica.alter.log.dirs.io.max.bytes.per.second"
    static let leaderReplicas = "leader.replication.throttled.replicas"
    static let followerReplicas = "follower.replication.throttled.replicas"

    static let brokerLevel = [leaderRate, followerRate, logDirRate]
    static let topicLevel = [leaderReplicas, followerReplicas]

    typealias MoveMap = [String: [Int32: PartitionMove]]

    /// `calculateCurrentMoveMap`: the moves of the reassignments already running.
    static func currentMoveMap(_ current: [TopicPartition: KafkaAdminClient.PartitionReassignment]) -> MoveMap {
        var moves: MoveMap = [:]
        for (tp, reassignment) in current {
            let destinations = Set(reassignment.addingReplicas)
            moves[tp.topic, default: [:]][tp.partition] = PartitionMove(
                sources: Set(reassignment.replicas).subtracting(destinations), destinations: destinations)
        }
        return moves
    }

    /// `calculateProposedMoveMap`: the running moves plus the proposed ones; a partition that is
    /// already moving keeps that move's sources.
    static func proposedMoveMap(
        current: [TopicPartition: KafkaAdminClient.PartitionReassignment],
        proposed: [TopicPartition: [Int32]], currentReplicas: [TopicPartition: [Int32]]
    ) -> MoveMap {
        var moves = currentMoveMap(current)
        for (tp, replicas) in proposed {
            let sources = moves[tp.topic]?[tp.partition]?.sources ?? Set(currentReplicas[tp] ?? [])
            moves[tp.topic, default: [:]][tp.partition] = PartitionMove(
                sources: sources, destinations: Set(replicas).subtracting(sources))
        }
        return moves
    }

    /// `calculateLeaderThrottles`: per topic, `partition:broker` for every source, sorted as
    /// strings (Kafka collects them in a `TreeSet<String>`).
    static func leaderThrottles(_ moves: MoveMap) -> [String: String] {
        moves.mapValues { partitions in
            Set(partitions.flatMap { id, move in move.sources.map { "\(id):\($0)" } }).sorted().joined(separator: ",")
        }
    }

    /// `calculateFollowerThrottles`: per topic, `partition:broker` for every destination that is
    /// not also a source.
    static func followerThrottles(_ moves: MoveMap) -> [String: String] {
        moves.mapValues { partitions in
            Set(partitions.flatMap { id, move in
                move.destinations.subtracting(move.sources).map { "\(id):\($0)" }
            }).sorted().joined(separator: ",")
        }
    }

    /// `calculateReassigningBrokers`: every source and destination broker, ascending.
    static func reassigningBrokers(_ moves: MoveMap) -> [Int32] {
        Set(moves.values.flatMap { $0.values.flatMap { $0.sources.union($0.destinations) } }).sorted()
    }
}
