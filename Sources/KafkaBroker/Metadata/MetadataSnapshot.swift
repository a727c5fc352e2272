import Foundation
import KafkaProtocol
import KafkaStorage
import NIOCore

/// KRaft snapshots of the metadata image (`<endOffset>-<epoch>.checkpoint` in `__cluster_metadata-0`),
/// laid out as `RecordsSnapshotWriter` writes them: a control batch with the SnapshotHeader, the
/// image as metadata records, a control batch with the SnapshotFooter.
enum MetadataSnapshot {
    static let recordsPerBatch = 4096

    /// The records that rebuild `image` from nothing.
    static func records(of image: MetadataImage) -> [VersionedMetadataRecord] {
        var records: [VersionedMetadataRecord] = []
        let featureNames = image.features.keys.sorted { a, b in
            a == MetadataVersion.featureName ? true : (b == MetadataVersion.featureName ? false : a < b)
        }
        for name in featureNames {
            var record = FeatureLevelRecord()
            record.name = name
            record.featureLevel = image.features[name] ?? 0
            records.append(.init(record, version: 0))
        }
        for broker in image.brokers.values.sorted(by: { $0.id < $1.id }) {
            var record = RegisterBrokerRecord()
            record.brokerId = broker.id
            record.brokerEpoch = broker.epoch
            record.incarnationId = broker.incarnationId
            record.endPoints = broker.listeners.map { listener in
                var e = RegisterBrokerRecord.BrokerEndpoint()
                e.name = listener.name
                e.host = listener.host
                e.port = UInt16(clamping: listener.port)
                e.securityProtocol = listener.securityProtocol
                return e
            }
            record.features = QuorumController.supportedFeatures.map { feature in
                var f = RegisterBrokerRecord.BrokerFeature()
                f.name = feature.name
                f.minSupportedVersion = feature.min
                f.maxSupportedVersion = feature.max
                return f
            }
            record.rack = broker.rack
            record.fenced = broker.fenced
            record.inControlledShutdown = broker.inControlledShutdown
            record.logDirs = broker.logDirs
            records.append(.init(record, version: 3))
        }
        for controller in image.controllers.values.sorted(by: { $0.id < $1.id }) {
            var record = RegisterControllerRecord()
            record.controllerId = controller.id
            record.incarnationId = controller.incarnationId
            record.endPoints = controller.listeners.map { listener in
                var e = RegisterControllerRecord.ControllerEndpoint()
                e.name = listener.name
                e.host = listener.host
                e.port = UInt16(clamping: listener.port)
                e.securityProtocol = listener.securityProtocol
                return e
            }
            records.append(.init(record, version: 0))
        }
        let partitionVersion = QuorumController.partitionRecordVersion(image)
        for name in image.topicsByName.keys.sorted() {
            guard let topic = image.topicsByName[name] else { continue }
            var record = TopicRecord()
            record.name = name
            record.topicId = topic.id
            records.append(.init(record, version: 0))
            for id in topic.partitionIds {
                guard let p = topic.partitions[id] else { continue }
                var partition = PartitionRecord()
                partition.partitionId = id
                partition.topicId = topic.id
                partition.replicas = p.replicas
                partition.isr = p.isr
                partition.removingReplicas = p.removingReplicas
                partition.addingReplicas = p.addingReplicas
                partition.leader = p.leader
                partition.leaderRecoveryState = p.leaderRecoveryState
                partition.leaderEpoch = p.leaderEpoch
                partition.partitionEpoch = p.partitionEpoch
                partition.directories = partitionVersion >= 1 ? p.directories : []
                if partitionVersion >= 2 {
                    partition.eligibleLeaderReplicas = p.elr.isEmpty ? nil : p.elr
                    partition.lastKnownElr = p.lastKnownElr.isEmpty ? nil : p.lastKnownElr
                }
                records.append(.init(partition, version: partitionVersion))
            }
        }
        for resource in image.configs.keys.sorted(by: { ($0.type.rawValue, $0.name) < ($1.type.rawValue, $1.name) }) {
            for (key, value) in (image.configs[resource] ?? [:]).sorted(by: { $0.key < $1.key }) {
                var record = ConfigRecord()
                record.resourceType = resource.type.rawValue
                record.resourceName = resource.name
                record.name = key
                record.value = value
                records.append(.init(record, version: 0))
            }
        }
        return records
    }

    /// The snapshot file's bytes.
    static func encode(_ image: MetadataImage, epoch: Int32, timestamp: Int64) throws -> ByteBuffer {
        var out = ByteBuffer()
        var offset: Int64 = 0
        var header = SnapshotHeaderRecord()
        header.lastContainedLogTimestamp = timestamp
        try controlBatch(.snapshotHeader, try header.encoded(version: 0), offset: offset, epoch: epoch, timestamp: timestamp).write(into: &out)
        offset += 1
        let records = records(of: image)
        var start = 0
        while start < records.count {
            let chunk = records[start..<min(start + recordsPerBatch, records.count)]
            var builder = RecordBatchBuilder(baseOffset: offset, partitionLeaderEpoch: epoch)
            for record in chunk { try builder.append(key: nil, value: try record.encodedValue(), timestamp: timestamp) }
            try builder.build().write(into: &out)
            offset += Int64(chunk.count)
            start += recordsPerBatch
        }
        try controlBatch(.snapshotFooter, try SnapshotFooterRecord().encoded(version: 0), offset: offset, epoch: epoch, timestamp: timestamp).write(into: &out)
        return out
    }

    private static func controlBatch(_ type: ControlRecordType, _ value: ByteBuffer, offset: Int64, epoch: Int32, timestamp: Int64) throws -> RecordBatch {
        var builder = RecordBatchBuilder(baseOffset: offset, isControl: true, partitionLeaderEpoch: epoch)
        try builder.append(key: ControlRecordKey(type: type).encoded, value: value, timestamp: timestamp)
        return try builder.build()
    }

    /// Writes the snapshot of `image` (whose last record is at `image.offset`) into `directory`,
    /// via `.checkpoint.part` and a rename. Returns its id.
    @discardableResult
    static func write(_ image: MetadataImage, epoch: Int32, directory: String, timestamp: Int64) throws -> SnapshotId {
        let id = SnapshotId(endOffset: image.offset + 1, epoch: epoch)
        let bytes = try encode(image, epoch: epoch, timestamp: timestamp)
        let part = directory + "/" + id.partialFileName
        try LogDirFileIO.writeAtomically(Array(bytes.readableBytesView), to: part)
        let final = directory + "/" + id.fileName
        if FileManager.default.fileExists(atPath: final) { try FileManager.default.removeItem(atPath: final) }
        try FileManager.default.moveItem(atPath: part, toPath: final)
        return id
    }

    /// The newest complete snapshot in `directory` (bootstrap snapshots at offset 0 hold voters only).
    static func latest(in directory: String) -> SnapshotId? {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasSuffix(SnapshotId.suffix) }.compactMap(SnapshotId.init(fileName:))
            .filter { $0.endOffset > 0 }.max()
    }

    /// Rebuilds an image from a snapshot file.
    static func load(_ id: SnapshotId, directory: String, clusterId: String) throws -> MetadataImage {
        guard let data = FileManager.default.contents(atPath: directory + "/" + id.fileName) else {
            throw StartupError("Unable to read snapshot \(id.fileName) in \(directory)")
        }
        var buffer = ByteBuffer(bytes: data)
        var image = MetadataImage(clusterId: clusterId)
        while buffer.readableBytes > 0 {
            let batch = try RecordBatch(from: &buffer)
            if case let .records(records) = try MetadataRecordBatches.decode(batch) {
                for (_, record) in records { image.apply(record, offset: id.endOffset - 1) }
            }
        }
        image.offset = id.endOffset - 1
        image.epoch = id.epoch
        return image
    }
}
