import Foundation
import KafkaClient
@testable import KafkitCLI

/// Kafka's recorded perf-test runs and the helpers to compare output layouts with them.
enum PerfTestFixtures {
    static let directory = Bundle.module.bundleURL.appendingPathComponent("Fixtures/kafka-4.0/perf-test")

    /// The stdout lines of a recorded run.
    static func stdoutLines(_ name: String) throws -> [String] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        guard let start = text.range(of: "### ---- stdout ----\n"), let end = text.range(of: "### ---- stderr ----") else { return [] }
        return text[start.upperBound..<end.lowerBound].split(separator: "\n").map(String.init)
    }

    /// A line with its numbers abstracted: an integer becomes `N`, a decimal `N.` plus one `d`
    /// per fraction digit (so `%.1f` and `%.2f` stay distinguishable).
    static func layout(_ line: String) -> String {
        var out = ""
        var chars = Array(line)[...]
        while let c = chars.first {
            if c.isASCII, c.isNumber {
                while let d = chars.first, d.isASCII, d.isNumber { chars.removeFirst() }
                out += "N"
                if chars.first == ".", chars.dropFirst().first?.isNumber == true {
                    chars.removeFirst()
                    var digits = 0
                    while let d = chars.first, d.isASCII, d.isNumber {
                        chars.removeFirst()
                        digits += 1
                    }
                    out += "." + String(repeating: "d", count: digits)
                }
            } else {
                out.append(c)
                chars.removeFirst()
            }
        }
        return out
    }

    /// The comma-separated fields of a consumer perf data line.
    static func fields(_ line: String) -> [String] {
        line.components(separatedBy: ", ")
    }

    static func createTopic(_ bootstrap: String, _ name: String, partitions: Int32 = 1) async throws {
        let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: bootstrap))
        _ = try await admin.createTopics([NewTopic(name: name, numPartitions: partitions, replicationFactor: 1)])
        await admin.close()
    }

    /// Every record value of the topic, read with our consumer from the beginning.
    static func values(_ bootstrap: String, _ topic: String, expecting count: Int) async throws -> [[UInt8]] {
        let consumer = try KafkaConsumer(config: try ClientConfig(properties: ["auto.offset.reset": "earliest"], bootstrapServers: bootstrap))
        let partitions = try await consumer.partitionsFor(topic)
        await consumer.assign(partitions.map { TopicPartition(topic, $0.partition) })
        var values: [[UInt8]] = []
        let deadline = ContinuousClock.now + .seconds(60)
        while values.count < count, ContinuousClock.now < deadline {
            for record in try await consumer.poll(timeout: .milliseconds(500)) {
                values.append(record.value.map { Array($0.readableBytesView) } ?? [])
            }
        }
        // Anything beyond the expected count would show up in one more short poll.
        for record in try await consumer.poll(timeout: .milliseconds(300)) {
            values.append(record.value.map { Array($0.readableBytesView) } ?? [])
        }
        await consumer.close()
        return values
    }
}
