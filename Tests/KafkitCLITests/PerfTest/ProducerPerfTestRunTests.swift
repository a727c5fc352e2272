import Foundation
import Testing
@testable import KafkitCLI

/// `producer-perf-test` against the in-process broker: what arrives, and the printed layout
/// compared with Kafka's recorded runs.
@Suite("producer-perf-test runs", .serialized)
struct ProducerPerfTestRunTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await ProducerPerformanceCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    @Test func sendsExactlyTheRecordsAndPrintsKafkasSummary() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "perf")
        let result = await Self.run([
            "--topic", "perf", "--num-records", "500", "--record-size", "100", "--throughput", "-1",
            "--producer-props", "bootstrap.servers=\(bootstrap)", "request.timeout.ms=60000",
        ])
        #expect(result.code == 0)
        #expect(result.err == "")
        let lines = result.out.split(separator: "\n").map(String.init)
        let kafka = try PerfTestFixtures.stdoutLines("20-producer-perf-test.txt")
        let kafkaWindow = try #require(kafka.first), kafkaSummary = try #require(kafka.last)
        // A loaded machine may take over 5 s: window lines then come first, as in Kafka's run.
        #expect(lines.last.map(PerfTestFixtures.layout) == PerfTestFixtures.layout(kafkaSummary))
        #expect(lines.dropLast().allSatisfy { PerfTestFixtures.layout($0) == PerfTestFixtures.layout(kafkaWindow) })
        #expect(lines.last?.hasPrefix("500 records sent, ") == true)

        let values = try await PerfTestFixtures.values(bootstrap, "perf", expecting: 500)
        #expect(values.count == 500)
        #expect(values.allSatisfy { $0.count == 100 && $0.allSatisfy { (65...90).contains($0) } })
        // Regenerated per record, not one payload repeated.
        #expect(Set(values).count > 1)
        try await broker.stopAndRemove()
    }

    @Test func everyRecordedSummaryHasTheSameLayout() throws {
        let summaries = try ["20-producer-perf-test.txt", "20d-producer-perf-test-1M.txt", "29e-producer-perf-test-zstd.txt", "c18-producer-perf-test-rf3-acks-all.txt"]
            .map { try #require(PerfTestFixtures.stdoutLines($0).last) }
        #expect(Set(summaries.map(PerfTestFixtures.layout)).count == 1)
    }

    @Test func throttledRunKeepsToTheRate() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "slow")
        let start = ContinuousClock.now
        let result = await Self.run([
            "--topic", "slow", "--num-records", "40", "--record-size", "10", "--throughput", "40",
            "--producer-props", "bootstrap.servers=\(bootstrap)", "linger.ms=0",
        ])
        let elapsed = ContinuousClock.now - start
        #expect(result.code == 0)
        // 40 records at 40/s: the throttler holds the run to about a second (only a lower bound
        // is safe on a loaded machine).
        #expect(elapsed >= .milliseconds(700))
        // A slow start can put a 5-second progress line first; the summary is the last line.
        let summary = result.out.split(separator: "\n").last.map(String.init) ?? ""
        #expect(summary.hasPrefix("40 records sent, "))
        let values = try await PerfTestFixtures.values(bootstrap, "slow", expecting: 40)
        #expect(values.count == 40)
        #expect(values.allSatisfy { $0.count == 10 })
        try await broker.stopAndRemove()
    }

    @Test func payloadFileEntriesAndCustomDelimiter() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "payloads")
        let directory = TestBroker.makeTempDir()
        let file = directory + "/payloads.txt"
        try "alpha,beta,,gamma,".write(toFile: file, atomically: true, encoding: .utf8)
        let result = await Self.run([
            "--topic", "payloads", "--num-records", "60", "--payload-file", file, "--payload-delimiter", ",",
            "--throughput", "-1", "--producer.config", Self.propertiesFile(directory, bootstrap),
        ])
        #expect(result.code == 0)
        let lines = result.out.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        #expect(lines.first == "Reading payloads from: \(file)")
        // Scanner keeps the empty entry between two delimiters and drops nothing else.
        #expect(lines.dropFirst().first == "Number of messages read: 4")
        let values = try await PerfTestFixtures.values(bootstrap, "payloads", expecting: 60)
        #expect(values.count == 60)
        let allowed: Set<[UInt8]> = [Array("alpha".utf8), Array("beta".utf8), [], Array("gamma".utf8)]
        #expect(values.allSatisfy { allowed.contains($0) })
        try? FileManager.default.removeItem(atPath: directory)
        try await broker.stopAndRemove()
    }

    @Test func newlineSeparatedPayloadFileIsTheDefault() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "lines")
        let directory = TestBroker.makeTempDir()
        let file = directory + "/lines.txt"
        try "one\ntwo\nthree\n".write(toFile: file, atomically: true, encoding: .utf8)
        let result = await Self.run([
            "--topic", "lines", "--num-records", "30", "--payload-file", file, "--throughput", "-1",
            "--producer-props", "bootstrap.servers=\(bootstrap)",
        ])
        #expect(result.code == 0)
        #expect(result.out.contains("Number of messages read: 3\n"))
        let values = try await PerfTestFixtures.values(bootstrap, "lines", expecting: 30)
        #expect(values.count == 30)
        #expect(Set(values.map { String(decoding: $0, as: UTF8.self) }).isSubset(of: ["one", "two", "three"]))
        try? FileManager.default.removeItem(atPath: directory)
        try await broker.stopAndRemove()
    }

    @Test func monotonicPayloadsAreTheRecordIndexes() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "mono")
        let result = await Self.run([
            "--topic", "mono", "--num-records", "25", "--payload-monotonic", "--throughput", "-1",
            "--producer-props", "bootstrap.servers=\(bootstrap)",
        ])
        #expect(result.code == 0)
        let values = try await PerfTestFixtures.values(bootstrap, "mono", expecting: 25)
        #expect(values.map { String(decoding: $0, as: UTF8.self) } == (0..<25).map(String.init))
        try await broker.stopAndRemove()
    }

    @Test func printMetricsFollowsTheSummary() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        try await PerfTestFixtures.createTopic(bootstrap, "metrics")
        let result = await Self.run([
            "--topic", "metrics", "--num-records", "20", "--record-size", "8", "--throughput", "-1",
            "--producer-props", "bootstrap.servers=\(bootstrap)", "client.id=mine", "--print-metrics",
        ])
        #expect(result.code == 0)
        // A slow start can put 5-second progress lines first; the summary carries the percentiles.
        let lines = Array(result.out.components(separatedBy: "\n").drop { !$0.hasSuffix("99.9th.") })
        #expect(lines.first?.hasPrefix("20 records sent, ") == true)
        #expect(lines.dropFirst().first == "")
        let header = try #require(lines.dropFirst(2).first)
        #expect(header.hasPrefix("Metric Name "))
        #expect(header.hasSuffix("   Value"))
        let metricLines = lines.dropFirst(3).filter { !$0.isEmpty }
        let names = metricLines.map { String($0.prefix(while: { $0 != " " })) }
        #expect(names == names.sorted())
        #expect(metricLines.contains { $0.hasPrefix("producer-metrics:record-send-total:{client-id=mine}") && $0.hasSuffix(" : 20.000") })
        // Every name is padded to the header's width.
        let width = header.count - "   Value".count
        #expect(metricLines.allSatisfy { $0.dropFirst(width).hasPrefix(" : ") })
        try await broker.stopAndRemove()
    }

    static func propertiesFile(_ directory: String, _ bootstrap: String) -> String {
        let path = directory + "/producer.properties"
        try? "bootstrap.servers=\(bootstrap)\nlinger.ms=1\n".write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }
}
