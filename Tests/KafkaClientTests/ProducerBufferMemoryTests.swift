@testable import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

/// `buffer.memory`: unfinished batches hold memory; a send that needs a new batch waits up to
/// `max.block.ms` for completed ones to free some (Java's `BufferPool`).
@Suite("Producer buffer.memory")
struct ProducerBufferMemoryTests {
    /// A producer whose every record fills its own 1024-byte batch, with room for two batches.
    static func producer(broker: TestBroker, _ overrides: [String: String]) async throws -> KafkaProducer {
        // Generous timeouts: the suite also runs beside every other test on a loaded machine. The
        // producer's default.api.timeout.ms bounds each metadata retry round once the broker is
        // gone, after which expired batches are failed: shorter keeps the test short.
        let bootstrap = "127.0.0.1:\(broker.port)"
        let adminConfig = try ClientConfig(properties: ["request.timeout.ms": "10000", "default.api.timeout.ms": "20000"], bootstrapServers: bootstrap)
        var properties = [
            "batch.size": "1024", "buffer.memory": "2048", "linger.ms": "0",
            "request.timeout.ms": "10000", "default.api.timeout.ms": "8000", "retry.backoff.ms": "50",
            "retry.backoff.max.ms": "200",
        ]
        for (key, value) in overrides { properties[key] = value }
        let config = try ClientConfig(properties: properties, bootstrapServers: bootstrap)
        let admin = KafkaAdminClient(config: adminConfig)
        _ = try await admin.createTopics([NewTopic(name: "memory", numPartitions: 1, replicationFactor: 1)])
        await admin.close()
        let producer = try KafkaProducer(config: config)
        // Metadata, producer id and leader are known before the broker goes away; an acknowledged
        // batch gives its memory back.
        _ = try await producer.sendAndWait(Self.record())
        #expect(await producer.availableBufferMemory == 2048)
        return producer
    }

    static func record() -> ProducerRecord {
        ProducerRecord(topic: "memory", partition: 0, value: ByteBuffer(string: "x"))
    }

    /// Polls `condition` (generously) instead of sleeping a fixed time.
    static func eventually(_ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(10))
        }
        return false
    }

    @Test("a send waits for memory and goes on when earlier batches complete")
    func sendWaitsThenProceeds() async throws {
        let broker = try await TestBroker()
        let producer = try await Self.producer(broker: broker, ["delivery.timeout.ms": "3000", "max.block.ms": "120000"])
        try await broker.stopAndRemove()
        // Two batches the stopped broker never takes: buffer.memory is used up.
        let first = try await producer.send(Self.record())
        let second = try await producer.send(Self.record())
        #expect(await producer.availableBufferMemory == 0)
        let blocked = Task { try await producer.send(Self.record()) }
        #expect(try await Self.eventually { await producer.sendsWaitingForBufferMemory == 1 })
        // The queued batches fail once delivery.timeout.ms passes; their memory lets the send go on.
        let third = try await blocked.value
        await #expect(throws: KafkaError.self) { _ = try await first.result() }
        await #expect(throws: KafkaError.self) { _ = try await second.result() }
        #expect(await producer.sendsWaitingForBufferMemory == 0)
        await #expect(throws: KafkaError.self) { _ = try await third.result() }
        await producer.close()
        #expect(await producer.availableBufferMemory == 2048)
    }

    @Test("no memory within max.block.ms is Java's BufferExhaustedException")
    func exhaustedAfterMaxBlock() async throws {
        let broker = try await TestBroker()
        let producer = try await Self.producer(broker: broker, ["delivery.timeout.ms": "10000", "max.block.ms": "300"])
        try await broker.stopAndRemove()
        _ = try await producer.send(Self.record())
        _ = try await producer.send(Self.record())
        let error = await #expect(throws: BufferExhaustedError.self) { _ = try await producer.send(Self.record()) }
        // BufferPool.allocate's message, word for word.
        #expect(error?.message == "Failed to allocate 1024 bytes within the configured max blocking time 300 ms. "
            + "Total memory: 2048 bytes. Available memory: 0 bytes. Poolable size: 1024 bytes")
        #expect(BufferExhaustedError.javaClassName == "org.apache.kafka.clients.producer.BufferExhaustedException")
        #expect(await producer.sendsWaitingForBufferMemory == 0)
        #expect(await producer.availableBufferMemory == 0)
        await producer.close()
        #expect(await producer.availableBufferMemory == 2048)
    }

    @Test("a record larger than buffer.memory is refused at once")
    func recordLargerThanTheBuffer() async throws {
        let broker = try await TestBroker()
        let producer = try await Self.producer(broker: broker, [:])
        let big = ProducerRecord(topic: "memory", partition: 0, value: ByteBuffer(repeating: 0x61, count: 2000))
        // 61 + 21 + (1 null key) + (2 + 2000 value: 4000 zig-zagged, 2 varint bytes) + (1 header count) = 2086 bytes.
        let error = await #expect(throws: KafkaError.self) { _ = try await producer.send(big) }
        #expect(error?.description == "The message is 2086 bytes when serialized which is larger than the total memory buffer you have configured with the buffer.memory configuration.")
        await producer.close()
        // A batch.size above buffer.memory can never be allocated (BufferPool.allocate's check).
        let small = try ClientConfig(
            properties: ["buffer.memory": "100", "request.timeout.ms": "10000", "default.api.timeout.ms": "20000"],
            bootstrapServers: "127.0.0.1:\(broker.port)")
        let tiny = try KafkaProducer(config: small)
        let refused = await #expect(throws: KafkaError.self) { _ = try await tiny.send(Self.record()) }
        #expect(refused?.description == "Attempt to allocate 16384 bytes, but there is a hard limit of 100 on memory allocations.")
        await tiny.close()
        try await broker.stopAndRemove()
    }

    @Test("the size bound is DefaultRecordBatch.estimateBatchSizeUpperBound")
    func batchSizeUpperBound() {
        // 61 batch header + 21 record overhead + 1 (null key) + 2 + 100 (value: 100 zig-zags to
        // 200, a 2-byte varint) + 1 (no headers).
        let plain = ProducerRecord(topic: "t", value: ByteBuffer(repeating: 0, count: 100))
        #expect(KafkaProducer.batchSizeUpperBound(plain) == 186)
        // 82 + key "k" (1 + 1) + value (2 + 100) + header count 1 + header ("h" 1 + 1, null value 1).
        var keyed = ProducerRecord(topic: "t", key: ByteBuffer(string: "k"), value: ByteBuffer(repeating: 0, count: 100))
        keyed.headers = [RecordHeader(key: ByteBuffer(string: "h"), value: nil)]
        #expect(KafkaProducer.batchSizeUpperBound(keyed) == 190)
        #expect(KafkaProducer.varintSize(63) == 1 && KafkaProducer.varintSize(64) == 2 && KafkaProducer.varintSize(-1) == 1)
    }

    @Test("buffer.memory defaults to 32 MiB and must not be negative")
    func config() throws {
        let config = try ClientConfig(properties: [:], bootstrapServers: "127.0.0.1:9092")
        #expect(try ProducerConfig(config).bufferMemory == 33_554_432)
        let negative = try ClientConfig(properties: ["buffer.memory": "-1"], bootstrapServers: "127.0.0.1:9092")
        #expect(throws: KafkaError.invalidConfig(key: "buffer.memory", value: "-1", reason: "Value must be at least 0")) {
            try ProducerConfig(negative)
        }
    }
}
