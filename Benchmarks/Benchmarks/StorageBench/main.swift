import Foundation
import KafkaProtocol
import KafkaStorage
import NIOCore

// Storage figures for the issue notes (not a pass/fail test):
//   swift run -c release StorageBench <scratch dir> [appendMB] [recoveryMB]
// 1. append throughput of 16 KB batches to a PartitionLog (compare with `dd bs=16k` to the same disk);
// 2. offset lookup in a log of 1,000 segments;
// 3. recovery (unclean open) of one large segment;
// and leaves `<scratch>/dump-0/00000000000000000000.log` (~100 MB) for timing `kafkit dump-log`.

let arguments = CommandLine.arguments
let scratch = arguments.count > 1 ? arguments[1] : NSTemporaryDirectory() + "kafkit-storage-bench"
let appendMB = arguments.count > 2 ? Int(arguments[2]) ?? 1024 : 1024
let recoveryMB = arguments.count > 3 ? Int(arguments[3]) ?? 1024 : 1024
try? FileManager.default.removeItem(atPath: scratch)
try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)

func now() -> Double { Double(DispatchTime.now().uptimeNanoseconds) / 1e9 }

/// One uncompressed batch of ~16 KB: 160 records of 100-byte values.
func makeBatch(records: Int = 160, valueSize: Int = 100) throws -> ByteBuffer {
    var builder = RecordBatchBuilder(initialCapacity: records * (valueSize + 16))
    let value = ByteBuffer(repeating: 0x61, count: valueSize)
    for i in 0..<records { try builder.append(key: nil, value: value, timestamp: 1_700_000_000_000 + Int64(i)) }
    return try builder.build().encoded()
}

let batch = try makeBatch()
print("batch size: \(batch.readableBytes) bytes")

// 1. Append throughput.
do {
    let dir = scratch + "/append-0"
    let log = try PartitionLog(directory: dir)
    let count = appendMB * 1024 * 1024 / batch.readableBytes
    let start = now()
    for _ in 0..<count { _ = try log.appendAsLeader(batch, leaderEpoch: 0) }
    try log.flush()
    let elapsed = now() - start
    let mb = Double(count * batch.readableBytes) / 1_048_576
    print(String(format: "append: %d batches, %.0f MB in %.3f s = %.0f MB/s (flushed)", count, mb, elapsed, mb / elapsed))
    try log.close()
}

// 2. Offset lookup in a log of 1,000 segments.
do {
    let dir = scratch + "/lookup-0"
    var config = LogConfig()
    config.segmentBytes = batch.readableBytes * 4  // four batches per segment
    let log = try PartitionLog(directory: dir, config: config)
    for _ in 0..<4_000 { _ = try log.appendAsLeader(batch, leaderEpoch: 0) }
    let segments = log.segmentBaseOffsets.count
    let end = log.logEndOffset
    var generator = SystemRandomNumberGenerator()
    let lookups = 100_000
    let targets = (0..<lookups).map { _ in Int64.random(in: 0..<end, using: &generator) }
    let start = now()
    var found = 0
    for offset in targets where try log.locate(offset: offset) != nil { found += 1 }
    let elapsed = now() - start
    print(String(format: "lookup: %d segments, %d lookups (%d found) in %.3f s = %.2f µs each",
                 segments, lookups, found, elapsed, elapsed / Double(lookups) * 1e6))
    try log.close()
}

// 3. Recovery of one large segment after an unclean stop.
do {
    let dir = scratch + "/recovery-0"
    let log = try PartitionLog(directory: dir)
    let count = recoveryMB * 1024 * 1024 / batch.readableBytes
    for _ in 0..<count { _ = try log.appendAsLeader(batch, leaderEpoch: 0) }
    try log.flush()
    try log.close()
    // Drop the indexes too, as a crash before they were flushed would.
    for name in try FileManager.default.contentsOfDirectory(atPath: dir) where name.hasSuffix(".index") || name.hasSuffix(".timeindex") {
        try FileManager.default.removeItem(atPath: dir + "/" + name)
    }
    let start = now()
    let reopened = try PartitionLog(directory: dir, hadCleanShutdown: false)
    let elapsed = now() - start
    let mb = Double(count * batch.readableBytes) / 1_048_576
    print(String(format: "recovery: %.0f MB segment, %d batches, log end offset %d, in %.3f s = %.0f MB/s",
                 mb, count, reopened.logEndOffset, elapsed, mb / elapsed))
    try reopened.close()
    try FileManager.default.removeItem(atPath: dir)
}

// A ~100 MB segment for `kafkit dump-log --print-data-log`.
do {
    let dir = scratch + "/dump-0"
    let log = try PartitionLog(directory: dir)
    let count = 100 * 1024 * 1024 / batch.readableBytes
    for _ in 0..<count { _ = try log.appendAsLeader(batch, leaderEpoch: 0) }
    try log.close()
    print("dump-log input: \(dir)/00000000000000000000.log")
}
