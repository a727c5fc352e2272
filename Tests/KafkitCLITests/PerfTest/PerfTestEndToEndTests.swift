import Foundation
import Testing

/// The built binary run through links named like Kafka's scripts (multi-call).
@Suite("perf tools end to end", .serialized)
struct PerfTestEndToEndTests {
    @Test(.enabled(if: KafkitBinary.path != nil, "the kafkit executable is built"))
    func linkedScriptsProduceAndConsume() async throws {
        let binary = try #require(KafkitBinary.path)
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "e2e")
        let directory = TestBroker.makeTempDir()
        let producerLink = directory + "/kafka-producer-perf-test.sh"
        let consumerLink = directory + "/kafka-consumer-perf-test.sh"
        try FileManager.default.createSymbolicLink(atPath: producerLink, withDestinationPath: binary)
        try FileManager.default.createSymbolicLink(atPath: consumerLink, withDestinationPath: binary)

        let produced = try await KafkitBinary.run(producerLink, [
            "--topic", "e2e", "--num-records", "1000", "--record-size", "50", "--throughput", "-1",
            "--producer-props", "bootstrap.servers=\(bootstrap)", "request.timeout.ms=60000",
        ])
        #expect(produced.code == 0)
        #expect(produced.err == "")
        let kafkaSummary = try #require(PerfTestFixtures.stdoutLines("20d-producer-perf-test-1M.txt").last)
        let lines = produced.out.split(separator: "\n").map(String.init)
        #expect(lines.last.map(PerfTestFixtures.layout) == PerfTestFixtures.layout(kafkaSummary))
        #expect(lines.last?.hasPrefix("1000 records sent, ") == true)

        let consumed = try await KafkitBinary.run(consumerLink, ["--bootstrap-server", bootstrap, "--topic", "e2e", "--messages", "1000"])
        #expect(consumed.code == 0)
        #expect(consumed.err == "")
        let kafka = try PerfTestFixtures.stdoutLines("21c-consumer-perf-test-1M.txt")
        let consumerLines = consumed.out.split(separator: "\n").map(String.init)
        #expect(consumerLines.map(PerfTestFixtures.layout) == kafka.map(PerfTestFixtures.layout))
        #expect(consumerLines.last.map(PerfTestFixtures.fields)?[4] == "1000")

        let usage = try await KafkitBinary.run(producerLink, ["--topic", "e2e"])
        #expect(usage.code == 1)
        #expect(usage.err.contains("producer-performance: error: "))
        let help = try await KafkitBinary.run(producerLink, [])
        #expect(help.code == 0)
        #expect(help.out.hasPrefix("usage: producer-performance [-h]"))
        try? FileManager.default.removeItem(atPath: directory)
        try await broker.stopAndRemove()
    }
}
