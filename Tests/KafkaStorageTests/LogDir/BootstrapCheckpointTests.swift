import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

@Suite("BootstrapCheckpoint")
struct BootstrapCheckpointTests {
    @Test("the fixture's records decode: metadata.version first, then the other features")
    func decodeFixture() throws {
        let metadata = try BootstrapCheckpoint.read(directory: LogDirFixtures.directory)
        // The JSON lines kafka-dump-log printed for the same file.
        let dump = try LogDirFixtures.text("bootstrap.checkpoint.cluster-metadata-decoder.out")
        let expected: [BootstrapRecord] = dump.split(separator: "\n").compactMap { line in
            guard let range = line.range(of: "\"data\":{\"name\":\""), let end = line.range(of: "\",\"featureLevel\":") else { return nil }
            let name = String(line[range.upperBound..<end.lowerBound])
            let level = Int16(line[end.upperBound...].prefix { $0.isNumber }) ?? -1
            return .featureLevel(name: name, level: level)
        }
        #expect(!expected.isEmpty)
        #expect(metadata.records == expected)
        #expect(metadata.metadataVersion == .ibp_4_0_IV3)
    }

    @Test("encoding the fixture's records gives the fixture's bytes (timestamps and CRC aside)")
    func encodeMatchesFixture() throws {
        let fixture = ByteBuffer(bytes: try LogDirFixtures.bytes(BootstrapCheckpoint.fileName))
        let metadata = try BootstrapCheckpoint.decode(fixture, source: "fixture")
        let ours = try BootstrapCheckpoint.encode(metadata, timestamp: 1_795_250_016_699)
        #expect(ours.readableBytes == fixture.readableBytes)
        #expect(try batchesIgnoringTimestamps(ours) == batchesIgnoringTimestamps(fixture))
        for batch in try RecordBatchReader.decodeAll(ours) { #expect(batch.isValid) }
    }

    @Test("fromVersions: kraft.version and level-0 features leave no record")
    func fromVersions() {
        let metadata = BootstrapMetadata.fromVersions(.ibp_4_0_IV3, featureLevels: [
            "metadata.version": 25, "kraft.version": 1, "transaction.version": 2, "group.version": 1,
            "eligible.leader.replicas.version": 0,
        ])
        #expect(metadata.records == [
            .featureLevel(name: "metadata.version", level: 25), .featureLevel(name: "group.version", level: 1),
            .featureLevel(name: "transaction.version", level: 2),
        ])
    }

    @Test("SCRAM credentials round trip through the file")
    func scramRoundTrip() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let credential = try ScramCredentialArgument.parse("SCRAM-SHA-512=[name=alice,iterations=8192,salt=\"N3E=\",saltedpassword=\"YCE=\"]")
        var metadata = BootstrapMetadata.fromVersions(.ibp_3_9_IV0, featureLevels: [:])
        metadata.records.append(.scramCredential(credential))
        try BootstrapCheckpoint.write(metadata, directory: scratch.path, timestamp: 1)
        #expect(try BootstrapCheckpoint.read(directory: scratch.path) == metadata)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [BootstrapCheckpoint.fileName])
    }

    @Test("the voter snapshot: header, kraft.version and voters in one control batch, then the footer")
    func votersSnapshot() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let directoryId = KafkaUUID.random()
        let voters = try DynamicVoters(parsing: "1@localhost:9093:\(directoryId)")
        try BootstrapCheckpoint.writeVotersSnapshot(directory: scratch.path, voters: voters, kraftVersion: 1, controllerListenerName: "controller", timestamp: 1234)
        let path = scratch.path + "/__cluster_metadata-0/00000000000000000000-0000000000.checkpoint"
        let batches = try RecordBatchReader.decodeAll(ByteBuffer(bytes: try LogDirFileIO.readFile(path)))
        #expect(batches.count == 2)
        #expect(batches.allSatisfy { $0.isControl && $0.header.partitionLeaderEpoch == 0 && $0.isValid })
        let first = try batches[0].decodeRecords()
        #expect(try first.map { try ControlRecord($0).type } == [.snapshotHeader, .kraftVersion, .kraftVoters])
        var header = try #require(first[0].value)
        #expect(try SnapshotHeaderRecord.decode(from: &header, version: 0).lastContainedLogTimestamp == 1234)
        var version = try #require(first[1].value)
        #expect(try KRaftVersionRecord.decode(from: &version, version: 0).kRaftVersion == 1)
        var votersValue = try #require(first[2].value)
        let record = try VotersRecord.decode(from: &votersValue, version: 0)
        #expect(record.voters.count == 1)
        #expect(record.voters[0].voterId == 1)
        #expect(record.voters[0].voterDirectoryId == directoryId)
        #expect(record.voters[0].endpoints.map(\.name) == ["CONTROLLER"])
        #expect(record.voters[0].endpoints.map(\.host) == ["localhost"])
        #expect(record.voters[0].endpoints.map(\.port) == [9093])
        #expect(record.voters[0].kRaftVersionFeature.maxSupportedVersion == 1)
        #expect(batches[1].baseOffset == 3)
        #expect(try batches[1].decodeRecords().map { try ControlRecord($0).type } == [.snapshotFooter])
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path + "/__cluster_metadata-0") == [SnapshotId.bootstrap.fileName])
    }

    @Test("same frame as Kafka's own snapshots: a header control batch first, a footer control batch last")
    func kafkaSnapshotFrame() throws {
        let batches = try RecordBatchReader.decodeAll(ByteBuffer(bytes: try LogDirFixtures.bytes("__cluster_metadata-0/00000000000000000166-0000000001.checkpoint")))
        let first = try #require(batches.first), last = try #require(batches.last)
        #expect(first.isControl && last.isControl)
        #expect(try first.decodeRecords().map { try ControlRecord($0).type }.first == .snapshotHeader)
        #expect(try last.decodeRecords().map { try ControlRecord($0).type } == [.snapshotFooter])
        #expect(batches.allSatisfy { $0.header.partitionLeaderEpoch == SnapshotId(fileName: "00000000000000000166-0000000001.checkpoint")?.epoch })
    }

    @Test("a voter set with kraft.version 0 is refused, a bad file is an error")
    func errors() throws {
        let voters = try DynamicVoters(parsing: "1@localhost:9093:AAAAAAAAAAAAAAAAAAAAAA")
        #expect(throws: JavaException.self) {
            try BootstrapCheckpoint.encodeVotersSnapshot(voters: voters, kraftVersion: 0, controllerListenerName: "C", timestamp: 0)
        }
        #expect(throws: (any Error).self) { try BootstrapCheckpoint.decode(ByteBuffer(bytes: [0, 1, 2]), source: "x") }
        #expect(throws: FormatterError.self) { try BootstrapCheckpoint.decode(ByteBuffer(), source: "x") }
        #expect(throws: JavaException.runtime("No such directory as /nonexistent/x")) {
            try BootstrapCheckpoint.write(BootstrapMetadata.fromVersions(.ibp_4_0_IV3, featureLevels: [:]), directory: "/nonexistent/x", timestamp: 0)
        }
    }
}
