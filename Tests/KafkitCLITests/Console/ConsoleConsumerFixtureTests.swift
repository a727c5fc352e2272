import Foundation
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkitCLI

/// The fixture topic `fx-plain` (records of `produced-records.jsonl`, CreateTimes included)
/// produced to our broker, then printed by our console consumer with the recorded Kafka 4.0
/// command line; stdout, stderr and the exit code must equal Kafka's recorded run.
@Suite("console-consumer vs Kafka's recorded output", .serialized)
struct ConsoleConsumerFixtureTests {
    static let directory = Bundle.module.bundleURL.appendingPathComponent("Fixtures/kafka-4.0/console")

    static func recorded(_ name: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
    }

    /// The fx-plain records in offset order.
    static func fxPlainRecords() throws -> [ProducerRecord] {
        var records: [(Int, ProducerRecord)] = []
        for line in try recorded("produced-records.jsonl").split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["topic"] as? String == "fx-plain", let offset = object["offset"] as? Int else { continue }
            let timestamp = try #require(object["timestamp"] as? NSNumber).int64Value
            var headers: [RecordHeader] = []
            for pair in object["headers"] as? [[Any]] ?? [] {
                let key = try #require(pair.first as? String)
                headers.append(RecordHeader(key: key, value: (pair.last as? String).map { ByteBuffer(string: $0) }))
            }
            records.append((offset, ProducerRecord(
                topic: "fx-plain", partition: 0, key: (object["key"] as? String).map { ByteBuffer(string: $0) },
                value: (object["value"] as? String).map { ByteBuffer(string: $0) }, headers: headers, timestamp: timestamp)))
        }
        return records.sorted { $0.0 < $1.0 }.map(\.1)
    }

    /// The recorded command's arguments after the script name, with our broker's address.
    static func recordedArguments(port: Int) throws -> [String] {
        let words = try recorded("console-consumer-group-fx-console-group.cmd").split(whereSeparator: \.isWhitespace).map(String.init)
        var arguments = Array(words.dropFirst())
        if let index = arguments.firstIndex(of: "--bootstrap-server"), index + 1 < arguments.count {
            arguments[index + 1] = "127.0.0.1:\(port)"
        }
        return arguments
    }

    @Test func fxConsoleGroupRun() async throws {
        let broker = try await TestBroker()
        let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: "127.0.0.1:\(broker.port)"))
        _ = try await admin.createTopics([NewTopic(name: "fx-plain", numPartitions: 1, replicationFactor: 1)])
        await admin.close()
        let producer = try KafkaProducer(config: try ClientConfig(bootstrapServers: "127.0.0.1:\(broker.port)"))
        let records = try Self.fxPlainRecords()
        #expect(records.count == 13)
        for record in records { _ = try await producer.sendAndWait(record) }
        await producer.close()

        let console = ToolConsole.capturing()
        let code = await ConsoleConsumerCommand.execute(arguments: try Self.recordedArguments(port: broker.port), console: console)
        #expect(console.capturedOut == (try Self.recorded("console-consumer-group-fx-console-group.out")))
        #expect(console.capturedErr == (try Self.recorded("console-consumer-group-fx-console-group.err")))
        #expect("\(code)\n" == (try Self.recorded("console-consumer-group-fx-console-group.exit")))

        // Other formatter property combinations over the same records, against the recorded
        // output's columns (timestamp, partition, offset, headers, key, value).
        let recordedRows = try Self.recorded("console-consumer-group-fx-console-group.out")
            .split(separator: "\n", omittingEmptySubsequences: false).dropLast()
            .map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        let combinations: [([String], [Int], String)] = [
            (["print.value=false"], [], ""),
            (["print.key=true", "print.value=false"], [4], "\t"),
            (["print.offset=true", "print.key=true", "key.separator=|"], [2, 4, 5], "|"),
            (["print.headers=true", "print.partition=true", "print.value=false"], [1, 3], "\t"),
        ]
        for (properties, columns, separator) in combinations {
            let run = ToolConsole.capturing()
            var arguments = ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--topic", "fx-plain", "--from-beginning", "--max-messages", "13"]
            for property in properties { arguments += ["--property", property] }
            _ = await ConsoleConsumerCommand.execute(arguments: arguments, console: run)
            let expected = columns.isEmpty ? "" : recordedRows.map { row in
                columns.map { row.indices.contains($0) ? row[$0] : "" }.joined(separator: separator) + "\n"
            }.joined()
            #expect(run.capturedOut == expected, "\(properties)")
        }
        // print.epoch / print.delivery never have values in the console consumer.
        let epochRun = ToolConsole.capturing()
        _ = await ConsoleConsumerCommand.execute(arguments: [
            "--bootstrap-server", "127.0.0.1:\(broker.port)", "--topic", "fx-plain", "--from-beginning", "--max-messages", "1",
            "--property", "print.epoch=true", "--property", "print.delivery=true",
        ], console: epochRun)
        #expect(epochRun.capturedOut == "Delivery:NOT_PRESENT\tEpoch:NOT_PRESENT\thello, kafka\n")
        try await broker.stopAndRemove()
    }
}
