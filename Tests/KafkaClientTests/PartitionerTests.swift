import KafkaClient
import Testing

@Suite("Partitioner")
struct PartitionerTests {
    /// `UtilsTest.testMurmur2` in Kafka's clients module.
    @Test(arguments: [
        ("21", Int32(-973932308)),
        ("foobar", -790332482),
        ("a-little-bit-long-string", -985981536),
        ("a-little-bit-longer-string", -1486304829),
        ("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", -58897971),
        ("abc", 479470107),
    ])
    func murmur2MatchesKafka(_ input: String, _ expected: Int32) {
        #expect(Murmur2.hash(Array(input.utf8)) == expected)
    }

    @Test func emptyKeyHashes() {
        // Length 0: only the seed mixing runs; must not trap.
        _ = Murmur2.hash([UInt8]())
        #expect(Murmur2.partition(forKey: [UInt8](), numPartitions: 0) == 0)
    }

    @Test func keyedPartitionIsToPositiveModulo() {
        let key = Array("foobar".utf8)
        let hash = Murmur2.hash(key)
        #expect(hash < 0)
        #expect(Murmur2.partition(forKey: key, numPartitions: 7) == (hash & 0x7fff_ffff) % 7)
    }

    @Test func stickyStaysUntilBatchSizeThenMoves() {
        var partitioner = BuiltInPartitioner(stickyBatchSize: 100)
        let first = partitioner.partition(topic: "t", numPartitions: 4, available: [0, 1, 2, 3])
        for _ in 0..<3 {
            #expect(partitioner.partition(topic: "t", numPartitions: 4, available: [0, 1, 2, 3]) == first)
            partitioner.recordAppended(topic: "t", partition: first, bytes: 30)
        }
        partitioner.recordAppended(topic: "t", partition: first, bytes: 30)
        let second = partitioner.partition(topic: "t", numPartitions: 4, available: [0, 1, 2, 3])
        #expect(second != first)
    }

    @Test func stickyUsesOnlyAvailablePartitions() {
        var partitioner = BuiltInPartitioner(stickyBatchSize: 1)
        for _ in 0..<20 {
            let partition = partitioner.partition(topic: "t", numPartitions: 5, available: [2])
            #expect(partition == 2)
            partitioner.recordAppended(topic: "t", partition: partition, bytes: 10)
        }
    }

    @Test func stickyFallsBackToAllPartitionsWithoutLeaders() {
        var partitioner = BuiltInPartitioner(stickyBatchSize: 1)
        var seen = Set<Int32>()
        for _ in 0..<50 {
            let partition = partitioner.partition(topic: "t", numPartitions: 3, available: [])
            #expect((0..<3).contains(partition))
            seen.insert(partition)
            partitioner.recordAppended(topic: "t", partition: partition, bytes: 10)
        }
        #expect(seen.count > 1)
    }
}
