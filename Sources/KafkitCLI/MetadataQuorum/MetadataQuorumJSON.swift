import KafkaClient
import KafkaProtocol

/// The `--output json` documents of `metadata-quorum describe` (docs/json/metadata-quorum.md).
/// `encode(to:)` is written out so optional values appear as explicit `null`.
enum MetadataQuorumJSON {
    struct Node: Encodable {
        var node: QuorumDescription.Node

        enum Keys: String, CodingKey { case id, directoryId, endpoints }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(node.id, forKey: .id)
            if node.directoryId == .zero {
                try container.encodeNil(forKey: .directoryId)
            } else {
                try container.encode(node.directoryId.description, forKey: .directoryId)
            }
            try container.encode(node.endpoints.map(\.description), forKey: .endpoints)
        }
    }

    struct Status: Encodable {
        var clusterId: String?
        var status: QuorumDescription.Status

        enum Keys: String, CodingKey {
            case clusterId, leaderId, leaderEpoch, highWatermark, maxFollowerLag, maxFollowerLagTimeMs, currentVoters, currentObservers
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            if let clusterId { try container.encode(clusterId, forKey: .clusterId) } else { try container.encodeNil(forKey: .clusterId) }
            try container.encode(status.leaderId, forKey: .leaderId)
            try container.encode(status.leaderEpoch, forKey: .leaderEpoch)
            try container.encode(status.highWatermark, forKey: .highWatermark)
            try container.encode(status.maxFollowerLag, forKey: .maxFollowerLag)
            try container.encode(status.maxFollowerLagTimeMs, forKey: .maxFollowerLagTimeMs)
            try container.encode(status.voters.map(Node.init), forKey: .currentVoters)
            try container.encode(status.observers.map(Node.init), forKey: .currentObservers)
        }
    }

    struct Replica: Encodable {
        var row: QuorumDescription.Row

        enum Keys: String, CodingKey {
            case nodeId, directoryId, logEndOffset, lag, lastFetchTimestamp, lastCaughtUpTimestamp, status
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Keys.self)
            try container.encode(row.replica.replicaId, forKey: .nodeId)
            try container.encode(row.replica.replicaDirectoryId.description, forKey: .directoryId)
            try container.encode(row.replica.logEndOffset, forKey: .logEndOffset)
            try container.encode(row.lag, forKey: .lag)
            if let value = row.replica.lastFetchTimestamp {
                try container.encode(value, forKey: .lastFetchTimestamp)
            } else {
                try container.encodeNil(forKey: .lastFetchTimestamp)
            }
            if let value = row.replica.lastCaughtUpTimestamp {
                try container.encode(value, forKey: .lastCaughtUpTimestamp)
            } else {
                try container.encodeNil(forKey: .lastCaughtUpTimestamp)
            }
            try container.encode(row.status, forKey: .status)
        }
    }

    struct Replication: Encodable {
        var replicas: [Replica]

        init(rows: [QuorumDescription.Row]) { replicas = rows.map(Replica.init) }
    }
}
