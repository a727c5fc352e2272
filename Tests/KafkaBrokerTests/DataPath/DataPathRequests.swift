import KafkaBroker
import KafkaProtocol
import KafkaStorage
import NIOCore

/// Request builders and batch helpers shared by the data-path tests.
enum DataPath {
    static func batch(_ values: [String], key: String? = nil, timestamp: Int64 = PartitionClock.now(),
                      compression: CompressionCodec = .none, producerId: Int64 = -1, producerEpoch: Int16 = -1,
                      baseSequence: Int32 = -1) throws -> ByteBuffer {
        var builder = RecordBatchBuilder(compression: compression, producerId: producerId, producerEpoch: producerEpoch,
                                         baseSequence: baseSequence)
        for (index, value) in values.enumerated() {
            try builder.append(key: key.map { ByteBuffer(string: $0) }, value: ByteBuffer(string: value),
                               headers: [RecordHeader(key: "h", value: ByteBuffer(string: "\(index)"))],
                               timestamp: timestamp + Int64(index))
        }
        return try builder.build().encoded()
    }

    static func produce(_ partitions: [(topic: String, partition: Int32, records: ByteBuffer?)], acks: Int16 = -1) -> ProduceRequest {
        var request = ProduceRequest()
        request.acks = acks
        request.timeoutMs = 10_000
        for item in partitions {
            var data = ProduceRequest.PartitionProduceData()
            data.index = item.partition
            data.records = item.records
            if let index = request.topicData.firstIndex(where: { $0.name == item.topic }) {
                request.topicData[index].partitionData.append(data)
            } else {
                var topic = ProduceRequest.TopicProduceData()
                topic.name = item.topic
                topic.partitionData = [data]
                request.topicData.append(topic)
            }
        }
        return request
    }

    static func fetch(_ topic: String, partition: Int32 = 0, offset: Int64, topicId: KafkaUUID = .zero,
                      partitionMaxBytes: Int32 = 1_048_576, maxBytes: Int32 = 52_428_800, minBytes: Int32 = 0,
                      maxWaitMs: Int32 = 0, isolationLevel: Int8 = 0, sessionId: Int32 = 0, sessionEpoch: Int32 = -1) -> FetchRequest {
        var request = FetchRequest()
        request.maxWaitMs = maxWaitMs
        request.minBytes = minBytes
        request.maxBytes = maxBytes
        request.isolationLevel = isolationLevel
        request.sessionId = sessionId
        request.sessionEpoch = sessionEpoch
        var t = FetchRequest.FetchTopic()
        t.topic = topic
        t.topicId = topicId
        var p = FetchRequest.FetchPartition()
        p.partition = partition
        p.fetchOffset = offset
        p.partitionMaxBytes = partitionMaxBytes
        t.partitions = [p]
        request.topics = [t]
        return request
    }

    static func listOffsets(_ topic: String, partition: Int32 = 0, timestamp: Int64, isolationLevel: Int8 = 0) -> ListOffsetsRequest {
        var request = ListOffsetsRequest()
        request.replicaId = -1
        request.isolationLevel = isolationLevel
        var t = ListOffsetsRequest.ListOffsetsTopic()
        t.name = topic
        var p = ListOffsetsRequest.ListOffsetsPartition()
        p.partitionIndex = partition
        p.timestamp = timestamp
        t.partitions = [p]
        request.topics = [t]
        return request
    }

    /// The batches of a fetched record set.
    static func batches(_ records: ByteBuffer?) throws -> [RecordBatch] {
        guard var buffer = records else { return [] }
        var result: [RecordBatch] = []
        while buffer.readableBytes > 0 { result.append(try RecordBatch(from: &buffer)) }
        return result
    }

    /// `batch` as the leader writes it: base offset and partition leader epoch set (outside the CRC).
    static func asAppended(_ batch: ByteBuffer, baseOffset: Int64, leaderEpoch: Int32) -> ByteBuffer {
        var copy = batch
        copy.setInteger(baseOffset, at: copy.readerIndex, endianness: .big)
        copy.setInteger(leaderEpoch, at: copy.readerIndex + RecordBatchHeader.partitionLeaderEpochOffset, endianness: .big)
        return copy
    }
}

/// Wall clock in milliseconds for record timestamps.
enum PartitionClock {
    static func now() -> Int64 { PartitionLog.wallClock() }
}
