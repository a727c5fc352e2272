import Foundation
import KafkaProtocol
import KafkaStorage
import Logging
import Testing

@testable import KafkaBroker

/// What the controller commits survives a restart: replayed from `__cluster_metadata-0`.
@Suite("Metadata log replay", .serialized)
struct MetadataLogReplayTests {
    @Test func topicsAndConfigsComeBackAfterRestart() async throws {
        let dir = TestBroker.makeTempDir()
        let first = try await TestBroker(dataDir: dir)
        _ = try await AdminApiTests.create(first, [
            AdminApiTests.creatable("kept", partitions: 3, configs: [("retention.ms", "1000")]),
            AdminApiTests.creatable("dropped"),
        ])
        let keptId = try #require(first.services.metadata.topicsByName["kept"]?.id)
        let clusterId = first.services.clusterId
        _ = await first.services.controller.deleteTopics(ids: [try #require(first.services.metadata.topicsByName["dropped"]?.id)])
        _ = await first.services.controller.incrementalAlterConfigs(
            [(ConfigResource(type: .topic, name: "kept"), [ConfigChange(name: "cleanup.policy", operation: .set, value: "compact")])],
            validateOnly: false)
        let epochBefore = await first.services.controller.epoch
        try await first.stop()
        #expect(FileManager.default.fileExists(atPath: dir + "/.kafka_cleanshutdown"))
        #expect(FileManager.default.fileExists(atPath: dir + "/recovery-point-offset-checkpoint"))

        let second = try await TestBroker(dataDir: dir)
        let image = second.services.metadata
        #expect(second.services.clusterId == clusterId)
        #expect(image.topicsByName["kept"]?.id == keptId)
        #expect(image.topicsByName["kept"]?.partitions.count == 3)
        #expect(image.topicsByName["dropped"] == nil)
        #expect(image.dynamicConfigs(ConfigResource(type: .topic, name: "kept")) == ["retention.ms": "1000", "cleanup.policy": "compact"])
        #expect(image.features["metadata.version"] == MetadataVersion.latestProduction.featureLevel)
        #expect(await second.services.controller.epoch == epochBefore + 1)
        #expect(second.services.replicaManager.log(topic: "kept", partition: 2)?.currentConfig.retentionMs == 1000)
        // The clean-shutdown marker is consumed at startup.
        #expect(!FileManager.default.fileExists(atPath: dir + "/.kafka_cleanshutdown"))
        let state = try String(contentsOfFile: dir + "/__cluster_metadata-0/quorum-state", encoding: .utf8)
        #expect(state.contains("\"leaderEpoch\":\(epochBefore + 1)"))
        try await second.stopAndRemove()
    }

    @Test func metadataLogHoldsKafkasRecords() async throws {
        let broker = try await TestBroker()
        _ = try await AdminApiTests.create(broker, [AdminApiTests.creatable("demo", partitions: 2)])
        let dir = broker.dataDir
        try await broker.stop()
        // Read the log back with the storage layer and decode every record.
        let log = try PartitionLog(directory: dir + "/__cluster_metadata-0")
        var bytes = try log.readBytes(from: 0, maxBytes: 1 << 20)
        var types: [String] = []
        var controlBatches = 0
        while bytes.readableBytes > 0 {
            let batch = try RecordBatch(from: &bytes)
            #expect(batch.header.partitionLeaderEpoch == 1)
            if batch.isControl { controlBatches += 1; continue }
            try batch.forEachRecord { record in
                var value = try #require(record.value)
                types.append(try MetadataRecordFrame.decodeMetadataRecord(from: &value).type.name)
            }
        }
        try log.close()
        #expect(controlBatches == 1)
        #expect(types == [
            "BEGIN_TRANSACTION_RECORD", "FEATURE_LEVEL_RECORD", "FEATURE_LEVEL_RECORD", "FEATURE_LEVEL_RECORD",
            "END_TRANSACTION_RECORD", "REGISTER_CONTROLLER_RECORD", "REGISTER_BROKER_RECORD",
            "BROKER_REGISTRATION_CHANGE_RECORD", "TOPIC_RECORD", "PARTITION_RECORD", "PARTITION_RECORD",
        ])
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func unformattedDirIsRefusedWithAFile() throws {
        let dir = TestBroker.makeTempDir()
        let config = try KafkaConfig(properties: TestBroker.properties(dataDir: dir))
        #expect(throws: StartupError.self) { try LogDirsLoader.load(config: config, formatIfNeeded: false) }
        do {
            _ = try LogDirsLoader.load(config: config, formatIfNeeded: false)
        } catch {
            #expect("\(error)" == "No readable meta.properties files found.")
        }
        try? FileManager.default.removeItem(atPath: dir)
    }

    @Test func nodeIdMismatchIsRefused() throws {
        let dir = TestBroker.makeTempDir()
        let config = try KafkaConfig(properties: TestBroker.properties(dataDir: dir))
        _ = try LogDirsLoader.load(config: config, formatIfNeeded: true)
        let other = try KafkaConfig(properties: TestBroker.properties(dataDir: dir, overrides: [
            "node.id": "2", "controller.quorum.voters": "2@127.0.0.1:9093"]))
        do {
            _ = try LogDirsLoader.load(config: other, formatIfNeeded: false)
            Issue.record("expected a failure")
        } catch {
            #expect("\(error)".hasPrefix("Stored node id 1 doesn't match previous node id 2 in \(dir)/meta.properties."))
        }
        try? FileManager.default.removeItem(atPath: dir)
    }
}

@Suite("Metadata snapshots", .serialized)
struct MetadataSnapshotTests {
    @Test func snapshotIsWrittenAndRestartStartsFromIt() async throws {
        let dir = TestBroker.makeTempDir()
        let first = try await TestBroker(dataDir: dir)
        _ = try await AdminApiTests.create(first, [
            AdminApiTests.creatable("snap", partitions: 2, configs: [("retention.ms", "1234")]),
        ])
        await first.services.controller.maybeSnapshot(force: true)
        let metadataDir = dir + "/__cluster_metadata-0"
        let snapshot = try #require(MetadataSnapshot.latest(in: metadataDir))
        #expect(snapshot.endOffset == first.services.metadata.offset + 1)
        #expect(FileManager.default.fileExists(atPath: metadataDir + "/" + snapshot.fileName))
        // A change after the snapshot comes from the log on restart.
        _ = try await AdminApiTests.create(first, [AdminApiTests.creatable("after")])
        let before = first.services.metadata
        try await first.stop()

        // The snapshot alone rebuilds what it covered.
        let fromSnapshot = try MetadataSnapshot.load(snapshot, directory: metadataDir, clusterId: before.clusterId)
        #expect(fromSnapshot.topicsByName["snap"]?.partitions.count == 2)
        #expect(fromSnapshot.topicsByName["after"] == nil)
        #expect(fromSnapshot.dynamicConfigs(ConfigResource(type: .topic, name: "snap")) == ["retention.ms": "1234"])
        #expect(fromSnapshot.features == before.features)

        let second = try await TestBroker(dataDir: dir)
        let image = second.services.metadata
        #expect(image.topicsByName["snap"]?.id == before.topicsByName["snap"]?.id)
        #expect(image.topicsByName["after"]?.id == before.topicsByName["after"]?.id)
        #expect(image.topicsByName["snap"]?.partitions == before.topicsByName["snap"]?.partitions)
        try await second.stopAndRemove()
    }

    @Test func snapshotFileHasHeaderRecordsFooter() throws {
        var image = MetadataImage(clusterId: "c")
        var feature = FeatureLevelRecord()
        feature.name = "metadata.version"
        feature.featureLevel = 25
        image.apply(feature, offset: 0)
        var topic = TopicRecord()
        topic.name = "t"
        topic.topicId = KafkaUUID.random()
        image.apply(topic, offset: 1)
        var bytes = try MetadataSnapshot.encode(image, epoch: 3, timestamp: 1000)
        var kinds: [String] = []
        while bytes.readableBytes > 0 {
            let batch = try RecordBatch(from: &bytes)
            #expect(batch.header.partitionLeaderEpoch == 3)
            try batch.forEachRecord { record in
                if batch.isControl, let key = record.key {
                    kinds.append("\(try ControlRecordKey(parsing: key).type)")
                } else if var value = record.value {
                    kinds.append(try MetadataRecordFrame.decodeMetadataRecord(from: &value).type.name)
                }
            }
        }
        #expect(kinds.first?.uppercased().contains("HEADER") == true)
        #expect(kinds.last?.uppercased().contains("FOOTER") == true)
        #expect(Array(kinds.dropFirst().dropLast()) == ["FEATURE_LEVEL_RECORD", "TOPIC_RECORD"])
    }
}
