import KafkaClient
import KafkaProtocol

/// What `describe --status` and `describe --replication` compute from a `QuorumInfo`
/// (`MetadataQuorumCommand.handleDescribeStatus` / `handleDescribeReplication`).
struct QuorumDescription {
    /// A failure Kafka's command raises from a Java `Throwable` (message, then its trace).
    struct Failure: Error, Equatable {
        var className: String
        var message: String
    }

    let info: QuorumInfo

    /// The leader among the voters; Kafka's `findFirst().get()` fails without one.
    func leaderIndex() throws -> Int {
        guard let index = info.voters.firstIndex(where: { $0.replicaId == info.leaderId }) else {
            throw Failure(className: "java.util.NoSuchElementException", message: "No value present")
        }
        return index
    }

    // MARK: --status

    struct Status: Equatable {
        var leaderId: Int32
        var leaderEpoch: Int32
        var highWatermark: Int64
        var maxFollowerLag: Int64
        var maxFollowerLagTimeMs: Int64
        var voters: [Node]
        var observers: [Node]
    }

    /// A replica as the status block shows it (`MetadataQuorumCommand.Node`).
    struct Node: Equatable {
        var id: Int32
        var directoryId: KafkaUUID
        var endpoints: [RaftVoterEndpoint]

        /// `{"id": 1, "directoryId": null, "endpoints": ["CONTROLLER://127.0.0.1:9093"]}`: a zero
        /// directory id is `null`, unknown endpoints are left out.
        var text: String {
            var out = "{\"id\": \(id), \"directoryId\": "
            out += directoryId == .zero ? "null" : "\"\(directoryId)\""
            if !endpoints.isEmpty {
                out += ", \"endpoints\": [" + endpoints.map { "\"\($0)\"" }.joined(separator: ", ") + "]"
            }
            return out + "}"
        }
    }

    func status() throws -> Status {
        let leaderAt = try leaderIndex()
        let leader = info.voters[leaderAt]
        // `Stream.min` keeps the first of equal minima; the comparison with the leader is by identity.
        var lagging = 0
        for (index, voter) in info.voters.enumerated() where voter.logEndOffset < info.voters[lagging].logEndOffset {
            lagging = index
        }
        let laggingVoter = info.voters[lagging]
        let lagTime: Int64
        if lagging == leaderAt {
            lagTime = 0
        } else if let leaderCaughtUp = leader.lastCaughtUpTimestamp, let followerCaughtUp = laggingVoter.lastCaughtUpTimestamp {
            lagTime = leaderCaughtUp &- followerCaughtUp
        } else {
            lagTime = -1
        }
        return Status(
            leaderId: info.leaderId, leaderEpoch: info.leaderEpoch, highWatermark: info.highWatermark,
            maxFollowerLag: leader.logEndOffset &- laggingVoter.logEndOffset, maxFollowerLagTimeMs: lagTime,
            voters: info.voters.map(node), observers: info.observers.map(node))
    }

    func node(_ replica: QuorumInfo.ReplicaState) -> Node {
        Node(id: replica.replicaId, directoryId: replica.replicaDirectoryId, endpoints: info.nodes[replica.replicaId] ?? [])
    }

    /// The `describe --status` block, labels padded to column 25.
    static func statusText(clusterId: String?, _ status: Status) -> String {
        func list(_ nodes: [Node]) -> String { "[" + nodes.map(\.text).joined(separator: ", ") + "]" }
        return "ClusterId:              \(clusterId ?? "null")\n"
            + "LeaderId:               \(status.leaderId)\n"
            + "LeaderEpoch:            \(status.leaderEpoch)\n"
            + "HighWatermark:          \(status.highWatermark)\n"
            + "MaxFollowerLag:         \(status.maxFollowerLag)\n"
            + "MaxFollowerLagTimeMs:   \(status.maxFollowerLagTimeMs)\n"
            + "CurrentVoters:          \(list(status.voters))\n"
            + "CurrentObservers:       \(list(status.observers))\n"
    }

    // MARK: --replication

    struct Row: Equatable {
        var replica: QuorumInfo.ReplicaState
        var lag: Int64
        var status: String
    }

    /// Leader first, then the other voters, then the observers.
    func replicationRows() throws -> [Row] {
        let leader = info.voters[try leaderIndex()]
        func rows(_ replicas: [QuorumInfo.ReplicaState], _ status: String) -> [Row] {
            replicas.map { Row(replica: $0, lag: leader.logEndOffset &- $0.logEndOffset, status: status) }
        }
        return rows([leader], "Leader")
            + rows(info.voters.filter { $0.replicaId != info.leaderId }, "Follower")
            + rows(info.observers, "Observer")
    }

    static let replicationHeaders = ["NodeId", "DirectoryId", "LogEndOffset", "Lag", "LastFetchTimestamp", "LastCaughtUpTimestamp", "Status"]

    /// The table's cells; `nowMs` turns timestamps into `<n> ms ago` (`--human-readable`).
    static func replicationCells(_ rows: [Row], humanReadableAt nowMs: Int64?) throws -> [[String]] {
        func timestamp(_ value: Int64?, _ what: String) throws -> String {
            guard let value else { return "-1" }
            guard let nowMs else { return String(value) }
            return "\(try relativeTimeMs(value, what, nowMs: nowMs)) ms ago"
        }
        return try rows.map { row in
            [String(row.replica.replicaId), row.replica.replicaDirectoryId.description, String(row.replica.logEndOffset),
             String(row.lag), try timestamp(row.replica.lastFetchTimestamp, "last fetch"),
             try timestamp(row.replica.lastCaughtUpTimestamp, "last caught up"), row.status]
        }
    }

    /// `relativeTimeMs`: only timestamps after the epoch and not in the future.
    static func relativeTimeMs(_ timestampMs: Int64, _ what: String, nowMs: Int64) throws -> Int64 {
        guard timestampMs > 0, timestampMs <= nowMs else {
            throw Failure(
                className: "org.apache.kafka.common.KafkaException",
                message: "Error while computing relative time, possible drift in system clock.\nCurrent timestamp is \(nowMs), \(what) timestamp is \(timestampMs)")
        }
        return nowMs - timestampMs
    }

    /// `ToolsUtils.prettyPrintTable`: every cell left-aligned to its column's width and followed by a tab.
    static func table(headers: [String], rows: [[String]]) -> String {
        var widths = headers.map(\.count)
        for row in rows {
            for (index, cell) in row.enumerated() where index < widths.count { widths[index] = max(widths[index], cell.count) }
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { index, cell in
                cell + String(repeating: " ", count: max(0, (index < widths.count ? widths[index] : 0) - cell.count)) + "\t"
            }.joined() + "\n"
        }
        return line(headers) + rows.map(line).joined()
    }
}
