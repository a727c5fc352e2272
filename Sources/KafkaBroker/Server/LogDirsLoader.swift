import Foundation
import KafkaProtocol
import KafkaStorage
import NIOCore

/// What startup learns from the log dirs (`MetaPropertiesEnsemble` checks in `KafkaRaftServer`).
public struct LoadedLogDirs: Sendable {
    public var clusterId: String
    /// Directory id per dir, in `log.dirs` order.
    public var directoryIds: [String: KafkaUUID]
    /// Whether `.kafka_cleanshutdown` was there (it is removed once read).
    public var hadCleanShutdown: [String: Bool]
    /// Feature records from `bootstrap.checkpoint`, if the formatter wrote one.
    public var bootstrapRecords: [VersionedMetadataRecord]?
}

/// A startup failure worded as Kafka's (`RuntimeException` from the meta.properties checks).
public struct StartupError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

public enum LogDirsLoader {
    /// Reads `meta.properties` of every dir. When `formatIfNeeded` (the embedded default) and no
    /// dir is formatted, formats them all with a new cluster id first.
    public static func load(config: KafkaConfig, formatIfNeeded: Bool) throws -> LoadedLogDirs {
        var dirs = config.logDirs
        if !dirs.contains(config.metadataLogDir) { dirs.append(config.metadataLogDir) }
        var ensemble = MetaPropertiesEnsemble.load(dirs)
        if ensemble.logDirProps.isEmpty && formatIfNeeded {
            // `kafka-storage format` with a new cluster id, as the embedded default's first start.
            var formatter = StorageFormatter()
            formatter.nodeId = config.nodeId
            formatter.clusterId = KafkaUUID.random().description
            formatter.directories = dirs
            formatter.metadataLogDirectory = config.metadataLogDir
            formatter.controllerListenerName = config.controllerListenerNames.first
            try formatter.run(print: { _ in })
            ensemble = MetaPropertiesEnsemble.load(dirs)
        }
        do {
            try ensemble.verify(expectedClusterId: nil, expectedNodeId: config.nodeId, requireAtLeastOneValid: true)
        } catch {
            throw StartupError(error.message)
        }
        for dir in dirs where ensemble.logDirProps[dir] == nil {
            throw StartupError("No `meta.properties` found in \(dir) (have you run `kafka-storage.sh` to format the directory?)")
        }
        var clusterId: String?
        var ids: [String: KafkaUUID] = [:]
        var clean: [String: Bool] = [:]
        for dir in dirs {
            guard let meta = ensemble.logDirProps[dir] else { continue }
            clusterId = clusterId ?? meta.clusterId
            ids[dir] = meta.directoryId ?? KafkaUUID.random()
            let marker = CleanShutdownFile(directory: dir)
            clean[dir] = marker.exists
            if marker.exists { try? marker.delete() }
        }
        for dir in config.logDirs where dir != config.metadataLogDir {
            if FileManager.default.fileExists(atPath: dir + "/__cluster_metadata-0") {
                throw StartupError("Found unexpected metadata location in data directory `\(dir)/__cluster_metadata-0` (the configured metadata directory is \(config.metadataLogDir)).")
            }
        }
        guard let clusterId else { throw StartupError("No readable meta.properties files found.") }
        return LoadedLogDirs(clusterId: clusterId, directoryIds: ids, hadCleanShutdown: clean,
                             bootstrapRecords: try readBootstrapCheckpoint(dir: config.metadataLogDir))
    }

    /// The metadata records of `bootstrap.checkpoint` (a snapshot-format file of record batches).
    static func readBootstrapCheckpoint(dir: String) throws -> [VersionedMetadataRecord]? {
        let path = dir + "/bootstrap.checkpoint"
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        var buffer = ByteBuffer(bytes: data)
        var records: [VersionedMetadataRecord] = []
        while buffer.readableBytes > 0 {
            let batch = try RecordBatch(from: &buffer)
            guard !batch.isControl else { continue }
            try batch.forEachRecord { record in
                guard var value = record.value else { return }
                let decoded = try MetadataRecordFrame.decodeMetadataRecord(from: &value)
                records.append(VersionedMetadataRecord(decoded.record, version: decoded.version))
            }
        }
        return records
    }
}
