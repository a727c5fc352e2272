import Foundation
import KafkaClient
import KafkitCLI
import NIOCore

/// Recorded `kafka-consumer-groups.sh` runs (copied from the shared reference) and helpers that
/// make real consumer groups on the test broker with our `KafkaConsumer`.
enum GroupTranscripts {
    static var directory: String {
        Bundle.module.bundleURL.appendingPathComponent("Fixtures/kafka-4.0/consumer-groups/transcripts").path
    }

    static func load(_ name: String) throws -> Transcript {
        Transcript.parse(try String(contentsOfFile: directory + "/" + name, encoding: .utf8))
    }
}

enum GroupSetup {
    static func consumerConfig(_ port: Int, group: String, clientId: String? = nil) throws -> ClientConfig {
        var properties = ["group.id": group, "auto.offset.reset": "earliest", "enable.auto.commit": "false"]
        if let clientId { properties["client.id"] = clientId }
        return try ClientConfig(properties: properties, bootstrapServers: "127.0.0.1:\(port)")
    }

    /// Joins `group`, polls until it owns a partition of `topic`, and returns the consumer (still a member).
    static func join(_ port: Int, group: String, topic: String, clientId: String? = nil) async throws -> KafkaConsumer {
        let consumer = try KafkaConsumer(config: try consumerConfig(port, group: group, clientId: clientId))
        try await consumer.subscribe([topic])
        let deadline = ContinuousClock.now + .seconds(60)
        while await consumer.assignment().isEmpty, ContinuousClock.now < deadline {
            _ = try await consumer.poll(timeout: .milliseconds(200))
        }
        return consumer
    }

    /// A real group that consumed `topic` and committed `offsets` (partition → offset), then left: Empty.
    static func makeGroup(_ port: Int, group: String, topic: String, offsets: [Int32: Int64]) async throws {
        let consumer = try await join(port, group: group, topic: topic)
        for (partition, offset) in offsets { try await consumer.seek(TopicPartition(topic, partition), offset: offset) }
        try await consumer.commitSync()
        await consumer.close()
    }
}

/// The test broker's port and node-specific text replaced by the transcript's.
func normaliseGroupOutput(_ text: String, port: Int) -> String {
    normalisePort(text, port: port)
}
