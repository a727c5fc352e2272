import Foundation
import KafkaProtocol
import NIOCore
import NIOPosix

/// Kafka's producer: records accumulate per partition into v2 batches (closed at `batch.size`
/// or after `linger.ms`), partitions are chosen by murmur2 of the key or stickily for keyless
/// records, and batches are sent to partition leaders with the configured acks. Idempotent by
/// default: one producer id, per-partition sequence numbers, and one batch in flight per
/// partition so retries never reorder.
public actor KafkaProducer {
    public let cluster: KafkaCluster
    public let config: ProducerConfig
    let clientConfig: ClientConfig
    let eventLoop: any EventLoop

    struct OpenBatch {
        var id: UInt64
        var builder: RecordBatchBuilder
        var promise: EventLoopPromise<BatchResult>
        /// The `buffer.memory` bytes the batch holds until it completes.
        var memory: Int
    }

    private var open: [TopicPartition: OpenBatch] = [:]
    var queues: [TopicPartition: PartitionQueue] = [:]
    var sequences: [TopicPartition: Int32] = [:]
    var leaders: [TopicPartition: KafkaConnection] = [:]
    var outstanding: [UInt64: EventLoopFuture<BatchResult>] = [:]
    var producerId: (Int64, Int16)?
    private var partitioner: BuiltInPartitioner
    var producerIdTask: Task<(Int64, Int16), any Error>?
    private var nextBatchId: UInt64 = 0
    var topicCache: [String: (TopicMetadata, ContinuousClock.Instant)] = [:]
    private var closed = false
    var bufferPool: ProducerBufferPool
    var nextBufferWaiterId: UInt64 = 0

    public init(config clientConfig: ClientConfig, eventLoopGroup: any EventLoopGroup = MultiThreadedEventLoopGroup.singleton) throws {
        var clientConfig = clientConfig
        if clientConfig.clientId.isEmpty { clientConfig.clientId = "producer-1" }
        self.clientConfig = clientConfig
        self.config = try ProducerConfig(clientConfig)
        self.cluster = KafkaCluster(config: clientConfig, eventLoopGroup: eventLoopGroup)
        self.eventLoop = eventLoopGroup.next()
        self.partitioner = BuiltInPartitioner(stickyBatchSize: self.config.batchSize)
        self.bufferPool = ProducerBufferPool(totalMemory: self.config.bufferMemory, poolableSize: self.config.batchSize)
    }

    static func nowMs() -> Int64 { Int64(Date().timeIntervalSince1970 * 1000) }

    /// Appends the record to its partition's batch and returns a handle for its delivery.
    /// Waits (up to `max.block.ms` in all) for metadata of a topic not seen yet, and for
    /// `buffer.memory` when a new batch does not fit (`BufferExhaustedError` when time runs out).
    public func send(_ record: ProducerRecord) async throws -> DeliveryHandle {
        guard !closed else { throw KafkaError.clientClosed }
        // A known topic is served synchronously: no async frame or hop per record.
        let partition: Int32
        var remainingBlockMs = config.maxBlockMs
        if let metadata = freshCachedTopic(record.topic) {
            partition = try choosePartition(record, metadata)
        } else {
            let start = ContinuousClock.now
            partition = try await choosePartition(record)
            let waited = start.duration(to: .now).components
            remainingBlockMs = max(0, remainingBlockMs - waited.seconds * 1000 - waited.attoseconds / 1_000_000_000_000_000)
        }
        let tp = TopicPartition(record.topic, partition)
        let timestamp = record.timestamp ?? Self.nowMs()
        let keySize = record.key?.readableBytes ?? -1
        let valueSize = record.value?.readableBytes ?? -1
        let recordSize = Record.maxRecordOverhead + max(keySize, 0) + max(valueSize, 0)
            + record.headers.reduce(0) { $0 + $1.keyBytes.readableBytes + ($1.value?.readableBytes ?? 0) + 10 }
        // KafkaProducer.ensureValidRecordSize, on the record's batch size bound.
        let serializedSize = Self.batchSizeUpperBound(record)
        if serializedSize > config.maxRequestSize {
            throw KafkaError.broker(.messageTooLarge, message: "The message is \(serializedSize) bytes when serialized which is larger than \(config.maxRequestSize), which is the value of the max.request.size configuration.")
        }
        if serializedSize > config.bufferMemory {
            throw KafkaError.broker(.messageTooLarge, message: "The message is \(serializedSize) bytes when serialized which is larger than the total memory buffer you have configured with the buffer.memory configuration.")
        }
        // One hash lookup per record; the batch is then read and appended to in place through
        // the dictionary's index (reading it through the getter would copy it).
        var appended: Appended?
        if let index = open.index(forKey: tp) {
            appended = try Self.append(record, timestamp: timestamp, recordSize: recordSize, to: &open.values[index], batchSize: config.batchSize, force: false)
            if appended == nil { dispatch(tp) }
        }
        if appended == nil {
            // RecordAccumulator.append: a new batch takes max(batch.size, the record's bound) of
            // buffer.memory. If that meant waiting, another send may have opened a batch with room
            // meanwhile: the record goes there and the memory back, as Java retries tryAppend.
            let memory = max(config.batchSize, serializedSize)
            if try await allocateBatchMemory(memory, maxBlockMs: remainingBlockMs) {
                guard !closed else {
                    releaseBatchMemory(memory)
                    throw KafkaError.clientClosed
                }
                if let index = open.index(forKey: tp) {
                    appended = try Self.append(record, timestamp: timestamp, recordSize: recordSize, to: &open.values[index], batchSize: config.batchSize, force: false)
                    if appended == nil { dispatch(tp) } else { releaseBatchMemory(memory) }
                }
            }
            if appended == nil {
                openBatch(tp, memory: memory)
                guard let index = open.index(forKey: tp) else { throw KafkaError.clientClosed }
                appended = try Self.append(record, timestamp: timestamp, recordSize: recordSize, to: &open.values[index], batchSize: config.batchSize, force: true)
            }
        }
        guard let appended else { throw KafkaError.clientClosed }
        partitioner.recordAppended(topic: tp.topic, partition: partition, bytes: recordSize)
        let handle = DeliveryHandle(
            future: appended.future, partition: tp, offsetDelta: appended.offsetDelta, timestamp: timestamp,
            keySize: keySize, valueSize: valueSize)
        if appended.full || config.lingerMs <= 0 {
            dispatch(tp)
        }
        return handle
    }

    struct Appended {
        var offsetDelta: Int32
        var future: EventLoopFuture<BatchResult>
        /// The batch reached `batch.size`.
        var full: Bool
    }

    /// Appends to `batch` unless it already holds records and this one would take it past
    /// `batch.size` (nil then; `force` appends anyway, for a fresh batch).
    static func append(
        _ record: ProducerRecord, timestamp: Int64, recordSize: Int, to batch: inout OpenBatch, batchSize: Int, force: Bool
    ) throws -> Appended? {
        if !force, !batch.builder.isEmpty, batch.builder.estimatedSizeInBytes + recordSize > batchSize { return nil }
        let offsetDelta = batch.builder.recordCount
        try batch.builder.append(key: record.key, value: record.value, headers: record.headers, timestamp: timestamp)
        return Appended(offsetDelta: offsetDelta, future: batch.promise.futureResult, full: batch.builder.estimatedSizeInBytes >= batchSize)
    }

    /// Sends the record and waits for its acknowledgement.
    public func sendAndWait(_ record: ProducerRecord) async throws -> RecordMetadata {
        try await send(record).result()
    }

    /// Topic metadata as last seen, so a send does not cross to the cluster actor per record.
    func cachedTopic(_ topic: String) async throws -> TopicMetadata? {
        if let metadata = freshCachedTopic(topic) { return metadata }
        let metadata = try await cluster.topicMetadata(topic)
        if let metadata, !metadata.partitions.isEmpty { topicCache[topic] = (metadata, .now) }
        return metadata
    }

    /// The cached metadata of `topic` while younger than `metadata.max.age.ms`.
    func freshCachedTopic(_ topic: String) -> TopicMetadata? {
        guard let (metadata, fetched) = topicCache[topic],
              ContinuousClock.now - fetched < .milliseconds(clientConfig.metadataMaxAgeMs) else { return nil }
        return metadata
    }

    func choosePartition(_ record: ProducerRecord) async throws -> Int32 {
        var metadata = try await cachedTopic(record.topic)
        if metadata == nil || metadata?.partitions.isEmpty == true {
            // Only an unknown topic waits (and reads the clock for its deadline).
            let deadline = ContinuousClock.now + .milliseconds(config.maxBlockMs)
            while metadata == nil || metadata?.partitions.isEmpty == true {
                guard ContinuousClock.now < deadline else {
                    throw KafkaError.timeout("Topic \(record.topic) not present in metadata after \(config.maxBlockMs) ms.")
                }
                try await Task.sleep(for: .milliseconds(max(clientConfig.retryBackoffMs, 10)))
                try await cluster.refreshMetadata(topics: [record.topic], allowAutoTopicCreation: true)
                metadata = await cluster.metadata.topics[record.topic]
            }
        }
        guard let topic = metadata else { throw KafkaError.broker(.unknownTopicOrPartition, message: nil) }
        return try choosePartition(record, topic)
    }

    /// The partition for `record` of a topic with partitions.
    func choosePartition(_ record: ProducerRecord, _ topic: TopicMetadata) throws -> Int32 {
        let count = topic.partitions.count
        if let partition = record.partition {
            guard partition >= 0, partition < count else {
                throw KafkaError.invalidArgument("Invalid partition given with record: \(partition) is not in the range [0...\(count)).")
            }
            return partition
        }
        if let key = record.key {
            return Murmur2.partition(forKey: key.readableBytesView, numPartitions: count)
        }
        if let sticky = partitioner.currentPartition(topic: record.topic, numPartitions: count) { return sticky }
        let available = topic.partitions.filter { $0.leader >= 0 }.map(\.partition)
        return partitioner.partition(topic: record.topic, numPartitions: count, available: available)
    }

    func openBatch(_ tp: TopicPartition, memory: Int) {
        nextBatchId += 1
        let id = nextBatchId
        let builder = RecordBatchBuilder(
            compression: config.compression, compressionLevel: config.compressionLevel,
            initialCapacity: min(config.batchSize, 1 << 20))
        open[tp] = OpenBatch(id: id, builder: builder, promise: eventLoop.makePromise(of: BatchResult.self), memory: memory)
        if config.lingerMs > 0 {
            let linger = config.lingerMs
            Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(linger))
                await self?.lingerExpired(tp, id: id)
            }
        }
    }

    func lingerExpired(_ tp: TopicPartition, id: UInt64) {
        if open[tp]?.id == id { dispatch(tp) }
    }

    /// Closes the partition's open batch and queues it for sending.
    func dispatch(_ tp: TopicPartition) {
        guard let batch = open.removeValue(forKey: tp) else { return }
        guard !batch.builder.isEmpty else {
            batch.promise.fail(KafkaError.clientClosed)
            releaseBatchMemory(batch.memory)
            return
        }
        outstanding[batch.id] = batch.promise.futureResult
        queues[tp, default: PartitionQueue()].ready.append(SealedBatch(open: batch, created: .now))
        pump(tp)
    }

    func producerIdAndEpoch() async throws -> (Int64, Int16) {
        if let task = producerIdTask { return try await task.value }
        let cluster = self.cluster
        // An idempotent producer without a transactional id asks with Integer.MAX_VALUE, as Java's
        // TransactionManager does.
        let timeout = Int32.max
        let task = Task {
            try await cluster.request(.anyBroker, build: { _ in
                KafkaProducer.initProducerIdRequest(transactionTimeoutMs: timeout)
            }) { response, _ in
                try KafkaError.check(response.errorCode)
                return (response.producerId, response.producerEpoch)
            }
        }
        producerIdTask = task
        do {
            let value = try await task.value
            producerId = value
            return value
        } catch {
            producerIdTask = nil
            throw error
        }
    }

    /// InitProducerId for an idempotent (non-transactional) producer.
    public static func initProducerIdRequest(transactionTimeoutMs: Int32) -> InitProducerIdRequest {
        var request = InitProducerIdRequest()
        request.transactionalId = nil
        request.transactionTimeoutMs = transactionTimeoutMs
        request.producerId = -1
        request.producerEpoch = -1
        return request
    }

    /// Sends every open batch and waits until all sent batches completed.
    public func flush() async {
        for tp in Array(open.keys) { dispatch(tp) }
        while let (id, future) = outstanding.first {
            _ = try? await future.get()
            outstanding[id] = nil
        }
    }

    public func close() async {
        guard !closed else { return }
        await flush()
        closed = true
        failBufferWaiters()
        await cluster.close()
    }
}
