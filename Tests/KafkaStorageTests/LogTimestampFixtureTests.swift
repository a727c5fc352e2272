import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkaStorage

/// Lookup by timestamp on Kafka's partitions, compressed ones included, against a brute-force
/// walk over every decoded record.
@Suite("PartitionLog timestamp lookups on Kafka's data")
struct LogTimestampFixtureTests {
    @Test(arguments: ["fx-plain-0", "fx-compressed-librdkafka-0", "fx-compressed-java-0", "fx-logappendtime-0", "fx-multisegment-0"])
    func matchesBruteForce(partition: String) throws {
        let temp = try TemporaryDirectory()
        defer { temp.remove() }
        let dir = try temp.copyFixture(partition)
        let log = try PartitionLog(directory: dir)
        var records: [(offset: Int64, timestamp: Int64)] = []
        for batch in try LogFixtureTests.fixtureBatches(partition) {
            var bytes = batch
            let decoded = try RecordBatch(from: &bytes)
            if decoded.isControl { continue }
            try decoded.forEachRecord { records.append(($0.offset, $0.timestamp)) }
        }
        #expect(!records.isEmpty)
        let targets = Set(records.map(\.timestamp) + records.map { $0.timestamp + 1 } + [0])
        for target in targets.sorted() {
            let expected = records.first { $0.timestamp >= target }
            let found = try log.fetchOffset(byTimestamp: target)
            #expect(found?.offset == expected?.offset, "\(partition) target \(target)")
            #expect(found?.timestamp == expected?.timestamp, "\(partition) target \(target)")
        }
        let maxTimestamp = records.map(\.timestamp).max()!
        #expect(try log.fetchOffset(byTimestamp: -3)?.offset == records.first { $0.timestamp == maxTimestamp }?.offset)
        try log.close()
    }
}
