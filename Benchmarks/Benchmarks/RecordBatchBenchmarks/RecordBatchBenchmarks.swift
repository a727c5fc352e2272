import Benchmark
import KafkaProtocol
import NIOCore

// Record batch hot paths: decode + CRC, record iteration and re-encode of a 1,000-record batch
// (uncompressed and each codec), and a Fetch-sized buffer of 100 batches. Only mallocCountTotal is
// gated (Thresholds/6.3/*.p90.json); wall clock is informational on a shared 2-core VM.
// Check: swift package --disable-sandbox benchmark thresholds check --path Thresholds/6.3/

/// A 1,000-record batch like a producer's: 16-byte keys, 100-byte values, one header on every tenth.
func makeBatch(codec: CompressionCodec, records: Int = 1_000, baseOffset: Int64 = 0) -> ByteBuffer {
    var builder = RecordBatchBuilder(
        baseOffset: baseOffset, compression: codec, producerId: 7, producerEpoch: 0, baseSequence: 0,
        partitionLeaderEpoch: 1, initialCapacity: records * 140)
    let value = ByteBuffer(string: String(repeating: "payload-0123456789-", count: 6).prefix(100).description)
    for i in 0..<records {
        let key = ByteBuffer(string: "key-\(String(i, radix: 16))-0000000".prefix(16).description)
        let headers = i % 10 == 0 ? [RecordHeader(key: "trace", value: ByteBuffer(string: "abc-\(i)"))] : []
        try! builder.append(key: key, value: value, headers: headers, timestamp: 1_700_000_000_000 + Int64(i))
    }
    return try! builder.build().encoded()
}

/// Decode + CRC check + walk every record + write the batch back out.
@inline(__always)
func decodeIterateEncode(_ bytes: ByteBuffer, into output: inout ByteBuffer) throws -> Int {
    var buffer = bytes
    let batch = try RecordBatch(from: &buffer)
    var iterator = try batch.makeRecordIterator()
    var sum = 0
    while let record = try iterator.next() {
        sum &+= (record.key?.readableBytes ?? 0) &+ (record.value?.readableBytes ?? 0) &+ record.headers.count
    }
    output.clear()
    batch.write(into: &output)
    return sum
}

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.mallocCountTotal, .wallClock, .throughput],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 2_000
    )

    for codec in CompressionCodec.allCases {
        let bytes = makeBatch(codec: codec)
        Benchmark("RecordBatch_decode_iterate_encode_1k_\(codec)") { benchmark in
            var output = ByteBuffer()
            output.reserveCapacity(bytes.readableBytes)
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(try decodeIterateEncode(bytes, into: &output))
            }
            benchmark.stopMeasurement()
        }
    }

    // A Fetch response's records field: 100 uncompressed 1k-record batches back to back.
    var fetch = ByteBuffer()
    for i in 0..<100 {
        var batch = makeBatch(codec: .none, baseOffset: Int64(i) * 1_000)
        fetch.writeBuffer(&batch)
    }
    let fetchBytes = fetch
    Benchmark("Fetch_records_100_batches_1k_iterate") { benchmark in
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var reader = RecordBatchReader(fetchBytes)
            var count = 0
            while let batch = try reader.next() {
                var iterator = try batch.makeRecordIterator()
                while let record = try iterator.next() { count &+= Int(record.offsetDelta) }
            }
            blackHole(count)
        }
        benchmark.stopMeasurement()
    }

    // The same 100 batches inside a real FetchResponse (v17, 10 partitions of 10 batches): decode the
    // response, walk every record of every partition, encode the response again.
    var response = FetchResponse()
    var topic = FetchResponse.FetchableTopicResponse()
    topic.topicId = KafkaUUID(mostSignificantBits: 1, leastSignificantBits: 2)
    for p in 0..<10 {
        var partition = FetchResponse.PartitionData()
        partition.partitionIndex = Int32(p)
        partition.highWatermark = 100_000
        var records = ByteBuffer()
        for i in 0..<10 {
            var batch = makeBatch(codec: .none, baseOffset: Int64(i) * 1_000)
            records.writeBuffer(&batch)
        }
        partition.records = records
        topic.partitions.append(partition)
    }
    response.responses = [topic]
    let responseBytes = try! response.encoded(version: 17)
    Benchmark("FetchResponse_v17_decode_iterate_encode_100_batches") { benchmark in
        var output = ByteBuffer()
        output.reserveCapacity(responseBytes.readableBytes + 1024)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var input = responseBytes
            let decoded = try FetchResponse.decode(from: &input, version: 17)
            var count = 0
            for topic in decoded.responses {
                for partition in topic.partitions {
                    guard let records = partition.records else { continue }
                    var reader = RecordBatchReader(records)
                    while let batch = try reader.next() {
                        var iterator = try batch.makeRecordIterator()
                        while let record = try iterator.next() { count &+= Int(record.offsetDelta) }
                    }
                }
            }
            output.clear()
            try decoded.encode(into: &output, version: 17)
            blackHole(count)
        }
        benchmark.stopMeasurement()
    }

    Benchmark("RecordBatchBuilder_1k_none") { benchmark in
        let key = ByteBuffer(string: "key-000000000000")
        let value = ByteBuffer(repeating: 0x61, count: 100)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var builder = RecordBatchBuilder(initialCapacity: 140_000)
            for i in 0..<1_000 { try builder.append(key: key, value: value, timestamp: Int64(i)) }
            blackHole(try builder.build())
        }
        benchmark.stopMeasurement()
    }

    let crcInput = ByteBuffer(repeating: 0x5A, count: 1 << 20)
    Benchmark("CRC32C_1MiB") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(crcInput.withUnsafeReadableBytes { CRC32C.update(0, $0) })
        }
    }
}
