import KafkaProtocol
import NIOCore

/// A record to send. `partition` nil lets the partitioner choose; `timestamp` nil uses now.
public struct ProducerRecord: Sendable {
    public var topic: String
    public var partition: Int32?
    public var key: ByteBuffer?
    public var value: ByteBuffer?
    public var headers: [RecordHeader]
    public var timestamp: Int64?

    public init(topic: String, partition: Int32? = nil, key: ByteBuffer? = nil, value: ByteBuffer?, headers: [RecordHeader] = [], timestamp: Int64? = nil) {
        self.topic = topic
        self.partition = partition
        self.key = key
        self.value = value
        self.headers = headers
        self.timestamp = timestamp
    }
}

/// Where a record landed (`RecordMetadata`). `offset` is -1 with acks=0.
public struct RecordMetadata: Sendable, Hashable {
    public var topic: String
    public var partition: Int32
    public var offset: Int64
    public var timestamp: Int64
    public var serializedKeySize: Int
    public var serializedValueSize: Int
}

/// The outcome of one produced batch.
struct BatchResult: Sendable {
    var baseOffset: Int64
    var logAppendTime: Int64
}

/// The pending delivery of one record: completes when its batch is acknowledged (or fails).
public struct DeliveryHandle: Sendable {
    let future: EventLoopFuture<BatchResult>
    let partition: TopicPartition
    let offsetDelta: Int32
    let timestamp: Int64
    let keySize: Int
    let valueSize: Int

    public func result() async throws -> RecordMetadata {
        let batch = try await future.get()
        return RecordMetadata(
            topic: partition.topic, partition: partition.partition,
            offset: batch.baseOffset < 0 ? -1 : batch.baseOffset + Int64(offsetDelta),
            timestamp: batch.logAppendTime >= 0 ? batch.logAppendTime : timestamp,
            serializedKeySize: keySize, serializedValueSize: valueSize)
    }

    /// Whether both records went into the same batch, so they complete together (lets a caller
    /// watch one batch instead of every record).
    public func isSameBatch(as other: DeliveryHandle) -> Bool { future === other.future }

    /// Calls `body` when the delivery completes (for callbacks that must not await).
    public func whenComplete(_ body: @escaping @Sendable (Result<RecordMetadata, any Error>) -> Void) {
        let partition = self.partition, delta = offsetDelta, timestamp = self.timestamp, keySize = self.keySize, valueSize = self.valueSize
        future.whenComplete { result in
            body(result.map { batch in
                RecordMetadata(
                    topic: partition.topic, partition: partition.partition,
                    offset: batch.baseOffset < 0 ? -1 : batch.baseOffset + Int64(delta),
                    timestamp: batch.logAppendTime >= 0 ? batch.logAppendTime : timestamp,
                    serializedKeySize: keySize, serializedValueSize: valueSize)
            })
        }
    }
}
