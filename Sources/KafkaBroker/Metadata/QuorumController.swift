import KafkaProtocol
import KafkaStorage
import Logging
import NIOCore

/// The controller of a single-voter KRaft quorum (`org.apache.kafka.controller.QuorumController`):
/// validates admin operations, appends their records to `__cluster_metadata-0`, applies them to
/// the next `MetadataImage` and publishes it. Every operation is serialised by the actor, so the
/// log order is the apply order. Records carry replica sets, ISR and leader epochs as a
/// multi-node controller would; this one is simply the only voter.
public actor QuorumController {
    public nonisolated let metadataCache: MetadataCache
    public nonisolated let nodeId: Int32
    let config: KafkaConfig
    let log: MetadataLog
    let logger: Logger
    let clock: @Sendable () -> Int64
    /// The KRaft epoch this node leads.
    public private(set) var epoch: Int32 = 0
    var image: MetadataImage
    var publishers: [any MetadataPublisher] = []
    var lastSnapshotOffset: Int64 = -1
    var lastSnapshotTime: Int64 = 0
    var bytesSinceSnapshot: Int64 = 0

    /// Opens the metadata log and replays it into an image; nothing is written yet (see `becomeLeader`).
    public init(config: KafkaConfig, clusterId: String, hadCleanShutdown: Bool, logger: Logger,
                clock: @escaping @Sendable () -> Int64 = PartitionLog.wallClock) throws {
        self.config = config
        self.nodeId = config.nodeId
        self.logger = logger
        self.clock = clock
        log = try MetadataLog(metadataLogDir: config.metadataLogDir, hadCleanShutdown: hadCleanShutdown)
        var replayed = MetadataImage(clusterId: clusterId)
        var lastEpoch: Int32 = 0
        var startOffset: Int64 = 0
        // Start from the newest snapshot the log still covers, then replay what follows it.
        if let snapshot = MetadataSnapshot.latest(in: log.directory), snapshot.endOffset <= log.endOffset {
            replayed = try MetadataSnapshot.load(snapshot, directory: log.directory, clusterId: clusterId)
            lastEpoch = snapshot.epoch
            startOffset = snapshot.endOffset
            lastSnapshotOffset = snapshot.endOffset - 1
            logger.info("[MetadataLoader id=\(config.nodeId)] Loaded snapshot \(snapshot.fileName)")
        }
        try log.replay(from: startOffset) { content, batchEpoch in
            lastEpoch = max(lastEpoch, batchEpoch)
            if case let .records(records) = content {
                for (offset, record) in records { replayed.apply(record, offset: offset) }
            }
        }
        replayed.epoch = lastEpoch
        image = replayed
        epoch = lastEpoch
        metadataCache = MetadataCache(replayed)
        lastSnapshotTime = clock()
    }

    /// Adds a publisher; it first sees the current image as a change from an empty one.
    public func register(publisher: any MetadataPublisher) async {
        publishers.append(publisher)
        await publisher.publish(old: MetadataImage(clusterId: image.clusterId), new: image)
    }

    /// Wins the election of a one-voter quorum: bumps the epoch (durably, in `quorum-state`),
    /// writes the LeaderChange control record, the bootstrap records on a fresh log, and registers
    /// this node's controller and broker (then unfences the broker).
    public func becomeLeader(bootstrapRecords: [VersionedMetadataRecord], brokerListeners: [Endpoint],
                             controllerListeners: [Endpoint], logDirIds: [KafkaUUID]) async throws {
        let stateFile = QuorumStateFile(path: log.directory + "/" + QuorumStateFile.fileName)
        let previous = try? stateFile.read()
        epoch = max(epoch, previous?.leaderEpoch ?? 0) + 1
        let dynamicQuorum = config.quorumVoters.isEmpty
        try stateFile.write(QuorumState(
            dataVersion: dynamicQuorum ? 1 : 0, leaderId: nodeId, leaderEpoch: epoch, votedId: -1,
            clusterId: "", appliedOffset: 0, currentVoters: dynamicQuorum ? nil : config.quorumVoters.map(\.id)))
        logger.info("[RaftManager id=\(nodeId)] Completed transition to Leader(localReplicaKey=ReplicaKey(id=\(nodeId)), epoch=\(epoch), epochStartOffset=\(log.endOffset))", metadata: ["logger": "org.apache.kafka.raft.QuorumState"])

        var change = LeaderChangeMessage()
        change.leaderId = nodeId
        var voter = LeaderChangeMessage.Voter()
        voter.voterId = nodeId
        change.voters = [voter]
        change.grantingVoters = [voter]
        try log.append(try MetadataRecordBatches.leaderChange(change, epoch: epoch, timestamp: clock()), epoch: epoch)

        if image.features[MetadataVersion.featureName] == nil {
            var records: [VersionedMetadataRecord] = []
            var begin = BeginTransactionRecord()
            begin.name = "Bootstrap records"
            records.append(.init(begin, version: 0))
            records.append(contentsOf: bootstrapRecords)
            records.append(.init(EndTransactionRecord(), version: 0))
            try await commit(records)
        }
        try await commit([.init(controllerRegistration(controllerListeners), version: 0)])
        let registration = brokerRegistration(brokerListeners, logDirIds: logDirIds, epoch: log.endOffset)
        try await commit([.init(registration, version: 3)])
        var unfence = BrokerRegistrationChangeRecord()
        unfence.brokerId = nodeId
        unfence.brokerEpoch = registration.brokerEpoch
        unfence.fenced = -1
        try await commit([.init(unfence, version: 0)])
    }

    /// The current image (also readable without the actor through `metadataCache`).
    public func currentImage() -> MetadataImage { image }

    /// Appends records as one batch, applies them, publishes the new image.
    func commit(_ records: [VersionedMetadataRecord]) async throws {
        guard !records.isEmpty else { return }
        let batch = try MetadataRecordBatches.build(records, epoch: epoch, timestamp: clock())
        let base = try log.append(batch, epoch: epoch)
        bytesSinceSnapshot += Int64(batch.readableBytes)
        let old = image
        var next = image
        for (index, record) in records.enumerated() { next.apply(record.record, offset: base + Int64(index)) }
        next.epoch = epoch
        image = next
        metadataCache.publish(next)
        for publisher in publishers { await publisher.publish(old: old, new: next) }
        if bytesSinceSnapshot >= config.metadataMaxRecordBytesBetweenSnapshots { maybeSnapshot() }
    }

    /// Writes a snapshot when `metadata.log.max.record.bytes.between.snapshots` bytes were
    /// appended since the last one, or `metadata.log.max.snapshot.interval.ms` passed with new
    /// records (`SnapshotGenerator`). `force` writes one whenever there are new records.
    public func maybeSnapshot(force: Bool = false) {
        guard image.offset > lastSnapshotOffset else { return }
        let now = clock()
        let due = force || bytesSinceSnapshot >= config.metadataMaxRecordBytesBetweenSnapshots
            || (config.metadataLogMaxSnapshotIntervalMs > 0 && now - lastSnapshotTime >= config.metadataLogMaxSnapshotIntervalMs)
        guard due else { return }
        do {
            let id = try MetadataSnapshot.write(image, epoch: epoch, directory: log.directory, timestamp: now)
            lastSnapshotOffset = image.offset
            lastSnapshotTime = now
            bytesSinceSnapshot = 0
            logger.info("[SnapshotGenerator id=\(nodeId)] Created a new snapshot \(id.fileName)")
        } catch {
            logger.error("[SnapshotGenerator id=\(nodeId)] Unable to write a snapshot: \(error)")
        }
    }

    /// Closes the metadata log (its segments are flushed on every append).
    public func shutdown() {
        do { try log.close() } catch { logger.error("Error closing the metadata log: \(error)") }
    }

    private func controllerRegistration(_ listeners: [Endpoint]) -> RegisterControllerRecord {
        var record = RegisterControllerRecord()
        record.controllerId = nodeId
        record.incarnationId = KafkaUUID.random()
        record.endPoints = listeners.map { endpoint in
            var e = RegisterControllerRecord.ControllerEndpoint()
            e.name = endpoint.listenerName
            e.host = endpoint.host
            e.port = UInt16(clamping: endpoint.port)
            e.securityProtocol = SecurityProtocol.id(config.listenerSecurityProtocolMap[endpoint.listenerName])
            return e
        }
        record.features = Self.supportedFeatures.map { feature in
            var f = RegisterControllerRecord.ControllerFeature()
            f.name = feature.name
            f.minSupportedVersion = feature.min
            f.maxSupportedVersion = feature.max
            return f
        }
        return record
    }

    private func brokerRegistration(_ listeners: [Endpoint], logDirIds: [KafkaUUID], epoch brokerEpoch: Int64) -> RegisterBrokerRecord {
        var record = RegisterBrokerRecord()
        record.brokerId = nodeId
        record.incarnationId = KafkaUUID.random()
        record.brokerEpoch = brokerEpoch
        record.endPoints = listeners.map { endpoint in
            var e = RegisterBrokerRecord.BrokerEndpoint()
            e.name = endpoint.listenerName
            e.host = endpoint.host
            e.port = UInt16(clamping: endpoint.port)
            e.securityProtocol = SecurityProtocol.id(config.listenerSecurityProtocolMap[endpoint.listenerName])
            return e
        }
        record.features = Self.supportedFeatures.map { feature in
            var f = RegisterBrokerRecord.BrokerFeature()
            f.name = feature.name
            f.minSupportedVersion = feature.min
            f.maxSupportedVersion = feature.max
            return f
        }
        record.rack = config.originals["broker.rack"]
        record.fenced = true
        record.logDirs = logDirIds
        return record
    }

    /// The feature ranges a 4.0 node supports (as it registers them).
    public static let supportedFeatures: [(name: String, min: Int16, max: Int16)] = [
        ("group.version", 0, 1),
        ("transaction.version", 0, 2),
        ("eligible.leader.replicas.version", 0, 1),
        ("kraft.version", 0, 1),
        ("metadata.version", MetadataVersion.minimum.featureLevel, MetadataVersion.latestProduction.featureLevel),
    ]

    /// The default bootstrap records (`BootstrapMetadata` for the latest production
    /// metadata.version with default feature levels), used when `bootstrap.checkpoint` is absent.
    public static func defaultBootstrapRecords() -> [VersionedMetadataRecord] {
        let version = MetadataVersion.latestProduction
        var records: [VersionedMetadataRecord] = []
        var mv = FeatureLevelRecord()
        mv.name = MetadataVersion.featureName
        mv.featureLevel = version.featureLevel
        records.append(.init(mv, version: 0))
        for feature in [KafkaFeature.groupVersion, KafkaFeature.transactionVersion] {
            let level = feature.defaultLevel(for: version)
            guard level > 0 else { continue }
            var record = FeatureLevelRecord()
            record.name = feature.name
            record.featureLevel = level
            records.append(.init(record, version: 0))
        }
        return records
    }
}

/// `SecurityProtocol` ids.
enum SecurityProtocol {
    static func id(_ name: String?) -> Int16 {
        switch name {
        case "SSL": return 1
        case "SASL_PLAINTEXT": return 2
        case "SASL_SSL": return 3
        default: return 0
        }
    }
}

extension QuorumController {
    /// The leader's view of the metadata log: epoch and end offset (= high watermark on one voter).
    public func quorumState() -> (epoch: Int32, endOffset: Int64) { (epoch, log.endOffset) }
}
