import Foundation
import KafkaProtocol
import NIOCore

/// `bootstrap.checkpoint` and the dynamic-quorum bootstrap snapshot, laid out as Kafka's
/// `BatchFileWriter` / `RecordsSnapshotWriter` write them: a control batch with the
/// SnapshotHeader (plus KRaftVersion and Voters for a voter snapshot), the metadata records in
/// one data batch, then a control batch with the SnapshotFooter. Offsets start at 0; the
/// partition leader epoch is the snapshot's epoch (0).
public enum BootstrapCheckpoint {
    public static let fileName = "bootstrap.checkpoint"
    /// The metadata partition directory inside the metadata log dir.
    public static let clusterMetadataDirectoryName = "__cluster_metadata-0"

    // MARK: bootstrap.checkpoint

    /// The file's bytes. `timestamp` is the batches' CreateTime (Kafka takes the clock at each
    /// batch; one value serves all three here).
    public static func encode(_ metadata: BootstrapMetadata, timestamp: Int64) throws -> ByteBuffer {
        var out = ByteBuffer()
        var header = SnapshotHeaderRecord()
        header.lastContainedLogTimestamp = 0
        var offset: Int64 = 0
        try controlBatch([(.snapshotHeader, encodeBody(header))], baseOffset: offset, timestamp: timestamp).write(into: &out)
        offset += 1
        if !metadata.records.isEmpty {
            var builder = RecordBatchBuilder(baseOffset: offset, partitionLeaderEpoch: 0)
            for record in metadata.records {
                try builder.append(key: nil, value: try frame(record), timestamp: timestamp)
            }
            try builder.build().write(into: &out)
            offset += Int64(metadata.records.count)
        }
        try controlBatch([(.snapshotFooter, encodeBody(SnapshotFooterRecord()))], baseOffset: offset, timestamp: timestamp).write(into: &out)
        return out
    }

    /// Writes `<directory>/bootstrap.checkpoint` through a `.tmp` file and a rename
    /// (`BootstrapDirectory.writeBinaryFile`).
    public static func write(_ metadata: BootstrapMetadata, directory: String, timestamp: Int64) throws {
        guard FileManager.default.fileExists(atPath: directory) else {
            throw JavaException.runtime("No such directory as \(directory)")
        }
        let bytes = try encode(metadata, timestamp: timestamp)
        try LogDirFileIO.writeAtomically(Array(bytes.readableBytesView), to: (directory as NSString).appendingPathComponent(fileName))
    }

    /// The metadata records of a bootstrap file (control batches skipped), as
    /// `BootstrapDirectory.readFromBinaryFile` reads them.
    public static func decode(_ bytes: ByteBuffer, source: String) throws -> BootstrapMetadata {
        var records: [BootstrapRecord] = []
        for batch in try RecordBatchReader.decodeAll(bytes) where !batch.isControl {
            try batch.forEachRecord { record in
                guard var value = record.value else { throw KafkaProtocolError.corruptRecord("metadata record without a value") }
                let decoded = try MetadataRecordFrame.decodeMetadataRecord(from: &value)
                switch decoded.record {
                case let feature as FeatureLevelRecord:
                    records.append(.featureLevel(name: feature.name, level: feature.featureLevel))
                case let scram as UserScramCredentialRecord:
                    guard let mechanism = ScramMechanism(rawValue: scram.mechanism) else {
                        throw KafkaProtocolError.corruptRecord("unknown SCRAM mechanism \(scram.mechanism)")
                    }
                    records.append(.scramCredential(ScramCredential(
                        name: scram.name, mechanism: mechanism, salt: Array(scram.salt.readableBytesView),
                        storedKey: Array(scram.storedKey.readableBytesView), serverKey: Array(scram.serverKey.readableBytesView),
                        iterations: scram.iterations)))
                default:
                    throw KafkaProtocolError.corruptRecord("unexpected \(decoded.type.name) in bootstrap metadata")
                }
            }
        }
        return try BootstrapMetadata.fromRecords(records, source: "the binary bootstrap metadata file: \(source)")
    }

    public static func read(directory: String) throws -> BootstrapMetadata {
        let path = (directory as NSString).appendingPathComponent(fileName)
        return try decode(ByteBuffer(bytes: try LogDirFileIO.readFile(path)), source: path)
    }

    // MARK: dynamic-quorum snapshot

    /// The `00000000000000000000-0000000000.checkpoint` voter snapshot of `Formatter.writeDynamicQuorumSnapshot`:
    /// SnapshotHeader (lastContainedLogTimestamp = now), KRaftVersion and Voters in one control batch, then the footer.
    public static func encodeVotersSnapshot(
        voters: DynamicVoters, kraftVersion: Int16, controllerListenerName: String, timestamp: Int64
    ) throws -> ByteBuffer {
        guard kraftVersion > 0 else {
            throw JavaException("java.lang.IllegalStateException", "Voter set (\(voters)) not expected when the kraft.version is 0")
        }
        var header = SnapshotHeaderRecord()
        header.lastContainedLogTimestamp = timestamp
        var version = KRaftVersionRecord()
        version.kRaftVersion = kraftVersion
        var votersRecord = VotersRecord()
        votersRecord.voters = voters.voters.map { voter in
            var entry = VotersRecord.Voter()
            entry.voterId = voter.nodeId
            entry.voterDirectoryId = voter.directoryId
            var endpoint = VotersRecord.Endpoint()
            endpoint.name = controllerListenerName.uppercased()
            endpoint.host = voter.host
            endpoint.port = UInt16(truncatingIfNeeded: voter.port)
            entry.endpoints = [endpoint]
            entry.kRaftVersionFeature.minSupportedVersion = 0
            entry.kRaftVersionFeature.maxSupportedVersion = 1
            return entry
        }
        var out = ByteBuffer()
        let records: [(ControlRecordType, ByteBuffer)] = [
            (.snapshotHeader, try encodeBody(header)),
            (.kraftVersion, try encodeBody(version)),
            (.kraftVoters, try encodeBody(votersRecord)),
        ]
        try controlBatch(records, baseOffset: 0, timestamp: timestamp).write(into: &out)
        try controlBatch([(.snapshotFooter, encodeBody(SnapshotFooterRecord()))], baseOffset: Int64(records.count), timestamp: timestamp)
            .write(into: &out)
        return out
    }

    /// Writes the voter snapshot into `<directory>/__cluster_metadata-0/` through a
    /// `.checkpoint.part` file that is fsynced and renamed (`FileRawSnapshotWriter.freeze`).
    public static func writeVotersSnapshot(
        directory: String, voters: DynamicVoters, kraftVersion: Int16, controllerListenerName: String, timestamp: Int64
    ) throws {
        let bytes = try encodeVotersSnapshot(
            voters: voters, kraftVersion: kraftVersion, controllerListenerName: controllerListenerName, timestamp: timestamp)
        let metadataDirectory = (directory as NSString).appendingPathComponent(clusterMetadataDirectoryName)
        try FileManager.default.createDirectory(atPath: metadataDirectory, withIntermediateDirectories: true)
        let id = SnapshotId.bootstrap
        let partial = (metadataDirectory as NSString).appendingPathComponent(id.partialFileName)
        let final = (metadataDirectory as NSString).appendingPathComponent(id.fileName)
        try LogDirFileIO.writeFile(Array(bytes.readableBytesView), to: partial, fsync: true)
        guard rename(partial, final) == 0 else { throw LogDirFileIO.posixError("rename \(partial) to \(final)") }
        try LogDirFileIO.syncDirectory(metadataDirectory)
    }

    // MARK: helpers

    private static func encodeBody<Message: KafkaMessage>(_ message: Message) throws -> ByteBuffer {
        var body = ByteBuffer()
        try message.encode(into: &body, version: 0)
        return body
    }

    private static func frame(_ record: BootstrapRecord) throws -> ByteBuffer {
        var value = ByteBuffer()
        switch record {
        case let .featureLevel(name, level):
            var feature = FeatureLevelRecord()
            feature.name = name
            feature.featureLevel = level
            try MetadataRecordFrame.write(feature, version: 0, into: &value)
        case let .scramCredential(credential):
            var scram = UserScramCredentialRecord()
            scram.name = credential.name
            scram.mechanism = credential.mechanism.rawValue
            scram.salt = ByteBuffer(bytes: credential.salt)
            scram.storedKey = ByteBuffer(bytes: credential.storedKey)
            scram.serverKey = ByteBuffer(bytes: credential.serverKey)
            scram.iterations = credential.iterations
            try MetadataRecordFrame.write(scram, version: 0, into: &value)
        }
        return value
    }

    private static func controlBatch(_ records: [(ControlRecordType, ByteBuffer)], baseOffset: Int64, timestamp: Int64) throws -> RecordBatch {
        var builder = RecordBatchBuilder(baseOffset: baseOffset, isControl: true, partitionLeaderEpoch: 0)
        for (type, value) in records {
            try builder.append(key: ControlRecordKey(type: type).encoded, value: value, timestamp: timestamp)
        }
        return try builder.build()
    }
}
