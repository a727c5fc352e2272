import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

/// Against an in-process `kafkit` broker on 127.0.0.1:0.
@Suite("End to end", .serialized)
struct EndToEndTests {
    static func withBroker(_ body: (ClientConfig, TestBroker) async throws -> Void) async throws {
        let broker = try await TestBroker()
        do {
            let config = try ClientConfig(properties: ["request.timeout.ms": "10000", "default.api.timeout.ms": "20000"], bootstrapServers: "127.0.0.1:\(broker.port)")
            try await body(config, broker)
        } catch {
            try? await broker.stopAndRemove()
            throw error
        }
        try await broker.stopAndRemove()
    }

    /// True when the broker advertises every API in `keys` (tests that need one it lacks skip).
    static func supports(_ keys: [ApiKey], config: ClientConfig) async throws -> Bool {
        let connection = try await KafkaConnection.connect(to: config.bootstrapServers[0], config: config)
        defer { Task { await connection.close() } }
        return keys.allSatisfy { connection.apiVersions.supports($0) }
    }

    @Test func connectionNegotiatesAndSendsMetadata() async throws {
        try await Self.withBroker { config, _ in
            let connection = try await KafkaConnection.connect(to: config.bootstrapServers[0], config: config)
            #expect(connection.apiVersions.supports(.metadata))
            let response = try await connection.send(KafkaCluster.metadataRequest(topics: [], allowAutoTopicCreation: true))
            #expect(response.brokers.count == 1)
            #expect(response.clusterId != nil)
            await connection.close()
            await #expect(throws: KafkaError.self) {
                _ = try await connection.send(MetadataRequest())
            }
        }
    }

    @Test func unreachableBootstrapFailsClearly() async throws {
        var config = try ClientConfig(properties: ["default.api.timeout.ms": "500", "retry.backoff.ms": "50"], bootstrapServers: "127.0.0.1:1")
        config.socketConnectionSetupTimeoutMs = 200
        let admin = KafkaAdminClient(config: config)
        await #expect(throws: KafkaError.self) { _ = try await admin.listTopics() }
        await admin.close()
    }

    @Test func producerGivesUpAfterMaxBlock() async throws {
        var config = try ClientConfig(properties: ["max.block.ms": "300", "default.api.timeout.ms": "300", "retry.backoff.ms": "50"], bootstrapServers: "127.0.0.1:1")
        config.socketConnectionSetupTimeoutMs = 100
        let producer = try KafkaProducer(config: config)
        await #expect(throws: KafkaError.self) {
            _ = try await producer.send(ProducerRecord(topic: "nowhere", value: ByteBuffer(string: "x")))
        }
        await producer.close()
    }

    @Test func adminTopicLifecycle() async throws {
        try await Self.withBroker { config, _ in
            let admin = KafkaAdminClient(config: config)
            let created = try await admin.createTopics([NewTopic(name: "orders", numPartitions: 3, replicationFactor: 1, configs: [("cleanup.policy", "compact")])])
            #expect(created.count == 1)
            #expect(created.first?.error == nil)
            #expect(created.first?.numPartitions == 3)

            let again = try await admin.createTopics([NewTopic(name: "orders", numPartitions: 1, replicationFactor: 1)])
            #expect(again.first?.error?.errorCode == .topicAlreadyExists)

            let topics = try await admin.listTopics()
            #expect(topics.map(\.name).contains("orders"))

            let described = try await admin.describeTopics(["orders", "missing"])
            let orders = try #require(try? described["orders"]?.get())
            #expect(orders.partitions.map(\.partition) == [0, 1, 2])
            #expect(orders.partitions.allSatisfy { $0.leader != nil && $0.replicas.count == 1 })
            guard case .failure(let missing)? = described["missing"] else { Issue.record("missing topic described"); return }
            #expect(missing.errorCode == .unknownTopicOrPartition)

            let configs = try await admin.describeConfigs([ConfigResource(type: .topic, name: "orders")])
            let policy = configs.first?.configs.first { $0.name == "cleanup.policy" }
            #expect(policy?.value == "compact")

            let altered = try await admin.incrementalAlterConfigs([ConfigResource(type: .topic, name: "orders"): [AlterConfigOp(name: "retention.ms", value: "1000", op: .set)]])
            #expect(altered.values.allSatisfy { $0 == nil })

            let grown = try await admin.createPartitions(["orders": (count: 4, assignments: nil)])
            #expect(grown["orders"] == .some(nil))

            let cluster = try await admin.describeCluster()
            #expect(cluster.nodes.count == 1)
            let features = try await admin.describeFeatures()
            #expect(features.finalized["metadata.version"] != nil)
            let quorum = try await admin.describeQuorum()
            #expect((quorum.topics.first?.partitions.first?.leaderId ?? -1) >= 0)

            let byId = try await admin.describeTopics(ids: [orders.topicId, KafkaUUID.zero])
            #expect((try? byId[orders.topicId]?.get())?.name == "orders")

            let deleted = try await admin.deleteTopics(names: ["orders"])
            #expect(deleted.first?.error == nil)
            let after = try await admin.listTopics()
            #expect(!after.map(\.name).contains("orders"))
            await admin.close()
        }
    }

    @Test func produceThenConsume() async throws {
        try await Self.withBroker { config, _ in
            guard try await Self.supports([.produce, .fetch, .listOffsets, .initProducerId], config: config) else {
                print("skipped: broker does not advertise Produce/Fetch/ListOffsets/InitProducerId")
                return
            }
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "events", numPartitions: 3, replicationFactor: 1)])

            var producerConfig = config
            producerConfig.properties["linger.ms"] = "1"
            producerConfig.properties["compression.type"] = "lz4"
            let producer = try KafkaProducer(config: producerConfig)
            var handles: [DeliveryHandle] = []
            for index in 0..<20 {
                let key = index % 2 == 0 ? ByteBuffer(string: "key-\(index % 4)") : nil
                handles.append(try await producer.send(ProducerRecord(topic: "events", key: key, value: ByteBuffer(string: "value-\(index)"))))
            }
            await producer.flush()
            var delivered: [RecordMetadata] = []
            for handle in handles { delivered.append(try await handle.result()) }
            #expect(delivered.allSatisfy { $0.offset >= 0 })
            // Keyed records follow murmur2.
            let keyed = delivered[0]
            #expect(keyed.partition == Murmur2.partition(forKey: Array("key-0".utf8), numPartitions: 3))
            let single = try await producer.sendAndWait(ProducerRecord(topic: "events", partition: 1, value: ByteBuffer(string: "last")))
            #expect(single.partition == 1)
            await producer.close()

            let consumer = try KafkaConsumer(config: config)
            let partitions = (0..<3).map { TopicPartition("events", Int32($0)) }
            await consumer.assign(partitions)
            try await consumer.seekToBeginning(partitions)
            var values: [String] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while values.count < 21, ContinuousClock.now < deadline {
                for record in try await consumer.poll(timeout: .milliseconds(500)) {
                    values.append(record.value.map { String(buffer: $0) } ?? "")
                }
            }
            #expect(values.count == 21)
            #expect(Set(values) == Set((0..<20).map { "value-\($0)" } + ["last"]))
            let ends = try await consumer.endOffsets(partitions)
            #expect(ends.values.reduce(0, +) == 21)
            await consumer.close()
            await admin.close()
        }
    }

    @Test func groupConsumeAndCommit() async throws {
        try await Self.withBroker { config, _ in
            guard try await Self.supports([.produce, .fetch, .findCoordinator, .joinGroup, .syncGroup, .heartbeat, .offsetCommit, .offsetFetch], config: config) else {
                print("skipped: broker does not advertise the classic group APIs")
                return
            }
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "jobs", numPartitions: 2, replicationFactor: 1)])
            let producer = try KafkaProducer(config: config)
            for index in 0..<10 {
                _ = try await producer.send(ProducerRecord(topic: "jobs", partition: Int32(index % 2), value: ByteBuffer(string: "job-\(index)")))
            }
            await producer.close()

            var consumerConfig = config
            consumerConfig.properties["group.id"] = "workers"
            consumerConfig.properties["auto.offset.reset"] = "earliest"
            consumerConfig.properties["enable.auto.commit"] = "false"
            let consumer = try KafkaConsumer(config: consumerConfig)
            try await consumer.subscribe(["jobs"])
            var count = 0
            let deadline = ContinuousClock.now + .seconds(20)
            while count < 10, ContinuousClock.now < deadline {
                count += try await consumer.poll(timeout: .milliseconds(500)).count
            }
            #expect(count == 10)
            #expect(await consumer.assignment().count == 2)
            try await consumer.commitSync()
            let committed = try await consumer.committed([TopicPartition("jobs", 0), TopicPartition("jobs", 1)])
            #expect(committed.values.map(\.offset).reduce(0, +) == 10)

            let groups = try await admin.listGroups()
            #expect(groups.map(\.groupId).contains("workers"))
            let described = try await admin.describeGroups(["workers"])
            #expect(described.first?.members.count == 1)
            let offsets = try await admin.listConsumerGroupOffsets("workers")
            #expect(offsets[TopicPartition("jobs", 0)]?.offset == 5)
            await consumer.close()

            let afterLeave = try await admin.describeGroups(["workers"])
            #expect(afterLeave.first?.members.isEmpty == true)
            let deleted = try await admin.deleteGroups(["workers"])
            #expect(deleted["workers"] == .some(nil))
            await admin.close()
        }
    }

    /// Two members of one group split the partitions; the second join makes the first rebalance.
    @Test(arguments: ["range", "roundrobin", "cooperative-sticky"])
    func twoMembersShareTheTopic(_ strategy: String) async throws {
        try await Self.withBroker { config, _ in
            guard try await Self.supports([.joinGroup, .syncGroup, .heartbeat, .leaveGroup], config: config) else {
                print("skipped: broker does not advertise the classic group APIs")
                return
            }
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "shared", numPartitions: 4, replicationFactor: 1)])
            var consumerConfig = config
            consumerConfig.properties["group.id"] = "pair-\(strategy)"
            consumerConfig.properties["auto.offset.reset"] = "earliest"
            consumerConfig.properties["heartbeat.interval.ms"] = "100"
            consumerConfig.properties["session.timeout.ms"] = "6000"
            consumerConfig.properties["max.poll.interval.ms"] = "10000"
            consumerConfig.properties["partition.assignment.strategy"] = strategy
            let first = try KafkaConsumer(config: consumerConfig)
            let second = try KafkaConsumer(config: consumerConfig)
            try await first.subscribe(["shared"])
            try await second.subscribe(["shared"])
            let deadline = ContinuousClock.now + .seconds(30)
            try await withThrowingTaskGroup(of: Void.self) { group in
                for consumer in [first, second] {
                    group.addTask {
                        while ContinuousClock.now < deadline {
                            _ = try await consumer.poll(timeout: .milliseconds(200))
                            let mine = await consumer.assignment().count
                            let theirs = await (consumer === first ? second : first).assignment().count
                            if mine == 2 && theirs == 2 { return }
                        }
                    }
                }
                try await group.waitForAll()
            }
            let a = Set(await first.assignment()), b = Set(await second.assignment())
            #expect(a.count == 2 && b.count == 2)
            #expect(a.isDisjoint(with: b))
            await first.close()
            await second.close()
            await admin.close()
        }
    }

    @Test(arguments: ["0", "1", "all"])
    func producerAcks(_ acks: String) async throws {
        try await Self.withBroker { config, _ in
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "acks", numPartitions: 1, replicationFactor: 1)])
            var producerConfig = config
            producerConfig.properties["acks"] = acks
            producerConfig.properties["compression.type"] = "gzip"
            let producer = try KafkaProducer(config: producerConfig)
            var last: RecordMetadata?
            for index in 0..<5 {
                last = try await producer.sendAndWait(ProducerRecord(topic: "acks", value: ByteBuffer(string: "m\(index)")))
            }
            #expect(last?.offset == (acks == "0" ? -1 : 4))
            await producer.close()
            let consumer = try KafkaConsumer(config: config)
            await consumer.assign([TopicPartition("acks", 0)])
            try await consumer.seekToBeginning([TopicPartition("acks", 0)])
            var seen = 0
            let deadline = ContinuousClock.now + .seconds(10)
            while seen < 5, ContinuousClock.now < deadline { seen += try await consumer.poll(timeout: .milliseconds(300)).count }
            #expect(seen == 5)
            await consumer.close()
            await admin.close()
        }
    }

    @Test func producerRejectsUnknownPartition() async throws {
        try await Self.withBroker { config, _ in
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "small", numPartitions: 1, replicationFactor: 1)])
            let producer = try KafkaProducer(config: config)
            await #expect(throws: KafkaError.self) {
                _ = try await producer.send(ProducerRecord(topic: "small", partition: 5, value: ByteBuffer(string: "x")))
            }
            await producer.close()
            await admin.close()
        }
    }

    /// Small batches force several requests in flight per partition; order must survive.
    @Test func pipelinedBatchesKeepOrder() async throws {
        try await Self.withBroker { config, _ in
            let admin = KafkaAdminClient(config: config)
            _ = try await admin.createTopics([NewTopic(name: "ordered", numPartitions: 1, replicationFactor: 1)])
            var producerConfig = config
            producerConfig.properties["batch.size"] = "200"
            producerConfig.properties["linger.ms"] = "0"
            let producer = try KafkaProducer(config: producerConfig)
            var handles: [DeliveryHandle] = []
            for index in 0..<2000 {
                handles.append(try await producer.send(ProducerRecord(topic: "ordered", partition: 0, value: ByteBuffer(string: "\(index)"))))
            }
            await producer.flush()
            var offsets: [Int64] = []
            for handle in handles { offsets.append(try await handle.result().offset) }
            #expect(offsets == (0..<2000).map { Int64($0) })
            await producer.close()

            let consumer = try KafkaConsumer(config: config)
            await consumer.assign([TopicPartition("ordered", 0)])
            try await consumer.seekToBeginning([TopicPartition("ordered", 0)])
            var values: [String] = []
            let deadline = ContinuousClock.now + .seconds(15)
            while values.count < 2000, ContinuousClock.now < deadline {
                values += try await consumer.poll(timeout: .milliseconds(300)).map { $0.value.map { String(buffer: $0) } ?? "" }
            }
            #expect(values == (0..<2000).map { "\($0)" })
            await consumer.close()
            await admin.close()
        }
    }

    @Test func adminPartitionAndOffsetOperations() async throws {
        try await Self.withBroker { config, _ in
            let admin = KafkaAdminClient(config: config)
            let node = try #require(try await admin.describeCluster().nodes.first?.nodeId)
            _ = try await admin.createTopics([NewTopic(name: "ops", numPartitions: 2, replicationFactor: 1)])
            let producer = try KafkaProducer(config: config)
            for index in 0..<6 {
                _ = try await producer.send(ProducerRecord(topic: "ops", partition: 0, value: ByteBuffer(string: "v\(index)")))
            }
            await producer.close()
            let p0 = TopicPartition("ops", 0)
            let p1 = TopicPartition("ops", 1)

            let ends = try await admin.listOffsets([p0: .latest, p1: .latest, TopicPartition("ops", 9): .latest])
            #expect(try ends[p0]?.get().offset == 6)
            #expect(try ends[p1]?.get().offset == 0)
            guard case .failure(let missing)? = ends[TopicPartition("ops", 9)] else { Issue.record("missing partition answered"); return }
            #expect(missing.errorCode == .unknownTopicOrPartition)

            let trimmed = try await admin.deleteRecords([p0: 2])
            #expect(try trimmed[p0]?.get() == 2)
            let starts = try await admin.listOffsets([p0: .earliest])
            #expect(try starts[p0]?.get().offset == 2)

            let dirs = try await admin.describeLogDirs(brokers: [node])
            #expect(dirs[node]?.first?.replicas[p0] != nil)

            let producers = try await admin.describeProducers([p0])
            #expect(try producers[p0]?.get().count == 1)

            let offsets = try await admin.alterConsumerGroupOffsets("offline", offsets: [p0: 3, p1: 0])
            #expect(offsets.values.allSatisfy { $0 == nil })
            let listed = try await admin.listConsumerGroupOffsets("offline")
            #expect(listed[p0]?.offset == 3)
            let removed = try await admin.deleteConsumerGroupOffsets("offline", partitions: [p1])
            #expect(removed[p1] == .some(nil))
            #expect(try await admin.listConsumerGroupOffsets("offline")[p1] == nil)

            let reassignments = try await admin.listPartitionReassignments()
            #expect(reassignments.isEmpty)
            let elected = try await admin.electLeaders(electionType: 0, partitions: [p0])
            // Answered per partition (ELECTION_NOT_NEEDED when the preferred leader already leads).
            #expect(elected.keys.contains(p0))

            let legacy = try await admin.alterConfigs([ConfigResource(type: .topic, name: "ops"): [("retention.bytes", "1048576")]])
            #expect(legacy.values.allSatisfy { $0 == nil })
            let configs = try await admin.describeConfigs([ConfigResource(type: .topic, name: "ops")], includeSynonyms: true)
            #expect(configs.first?.configs.first { $0.name == "retention.bytes" }?.value == "1048576")
            await admin.close()
        }
    }
}
