import KafkaClient
import KafkaProtocol

/// The `--output json` documents of `metadata-quorum describe` (docs/json/metadata-quorum.md).
enum MetadataQuorumJSON {
    struct Node: Encodable {
        var id: Int32
        /// Null for the zero directory id.
        var directoryId: String?
        var endpoints: [String]

        init(_ node: QuorumDescription.Node) {
            id = node.id
            directoryId = node.directoryId == .zero ? nil : node.directoryId.description
            endpoints = node.endpoints.map(\.description)
        }
    }

    struct Status: Encodable {
        var clusterId: String?
        var leaderId: Int32
        var leaderEpoch: Int32
        var highWatermark: Int64
        var maxFollowerLag: Int64
        var maxFollowerLagTimeMs: Int64
        var currentVoters: [Node]
        var currentObservers: [Node]

        init(clusterId: String?, status: QuorumDescription.Status) {
            self.clusterId = clusterId
            leaderId = status.leaderId
            leaderEpoch = status.leaderEpoch
            highWatermark = status.highWatermark
            maxFollowerLag = status.maxFollowerLag
            maxFollowerLagTimeMs = status.maxFollowerLagTimeMs
            currentVoters = status.voters.map(Node.init)
            currentObservers = status.observers.map(Node.init)
        }
    }

    struct Replica: Encodable {
        var nodeId: Int32
        var directoryId: String
        var logEndOffset: Int64
        var lag: Int64
        var lastFetchTimestamp: Int64?
        var lastCaughtUpTimestamp: Int64?
        var status: String

        init(_ row: QuorumDescription.Row) {
            nodeId = row.replica.replicaId
            directoryId = row.replica.replicaDirectoryId.description
            logEndOffset = row.replica.logEndOffset
            lag = row.lag
            lastFetchTimestamp = row.replica.lastFetchTimestamp
            lastCaughtUpTimestamp = row.replica.lastCaughtUpTimestamp
            status = row.status
        }
    }

    struct Replication: Encodable {
        var replicas: [Replica]

        init(rows: [QuorumDescription.Row]) { replicas = rows.map(Replica.init) }
    }
}
