import Foundation
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkitCLI

/// Both console tools against an in-process broker.
@Suite("console tools against a broker", .serialized)
struct ConsoleBrokerTests {
    static func createTopic(_ broker: TestBroker, _ name: String, partitions: Int32 = 1) async throws {
        let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: "127.0.0.1:\(broker.port)"))
        let results = try await admin.createTopics([NewTopic(name: name, numPartitions: partitions, replicationFactor: 1)])
        await admin.close()
        #expect(results.allSatisfy { $0.error == nil })
    }

    static func produce(_ broker: TestBroker, _ arguments: [String], input: String) async -> (Int32, String, String) {
        let console = ToolConsole.capturing()
        let code = await ConsoleProducerCommand.execute(
            arguments: ["--bootstrap-server", "127.0.0.1:\(broker.port)"] + arguments, console: console,
            input: LineInput(bytes: Array(input.utf8)))
        return (code, console.capturedOut, console.capturedErr)
    }

    static func consume(_ broker: TestBroker, _ arguments: [String]) async -> (Int32, String, String) {
        let console = ToolConsole.capturing()
        let code = await ConsoleConsumerCommand.execute(
            arguments: ["--bootstrap-server", "127.0.0.1:\(broker.port)"] + arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    @Test func seedWalkthrough() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "test")
        let produced = await Self.produce(broker, ["--topic", "test"], input: "hello\nworld")
        #expect(produced == (0, "", ""))
        let consumed = await Self.consume(broker, ["--topic", "test", "--from-beginning", "--max-messages", "2"])
        #expect(consumed == (0, "hello\nworld\n", "Processed a total of 2 messages\n"))
        // Transcript 11b's layout: timestamp, partition, offset, key, value.
        let detailed = await Self.consume(broker, [
            "--topic", "test", "--group", "cg1", "--from-beginning", "--max-messages", "2", "--property", "print.timestamp=true",
            "--property", "print.partition=true", "--property", "print.offset=true", "--property", "print.key=true",
        ])
        #expect(detailed.0 == 0)
        let lines = detailed.1.split(separator: "\n").map(String.init)
        #expect(lines.count == 2)
        #expect(lines.first?.hasPrefix("CreateTime:") == true)
        #expect(lines.map { $0.split(separator: "\t").dropFirst().joined(separator: "\t") } == ["Partition:0\tOffset:0\tnull\thello", "Partition:0\tOffset:1\tnull\tworld"])
        // A manual partition and offset.
        let fromOffset = await Self.consume(broker, ["--topic", "test", "--partition", "0", "--offset", "1", "--max-messages", "1"])
        #expect(fromOffset == (0, "world\n", "Processed a total of 1 messages\n"))
        let earliest = await Self.consume(broker, ["--topic", "test", "--partition", "0", "--offset", "EARLIEST", "--max-messages", "1"])
        #expect(earliest == (0, "hello\n", "Processed a total of 1 messages\n"))
        let included = await Self.consume(broker, ["--include", "te.t", "--from-beginning", "--max-messages", "2"])
        #expect(included == (0, "hello\nworld\n", "Processed a total of 2 messages\n"))
        try await broker.stopAndRemove()
    }

    @Test func groupConsumerCommitsWhatItPrinted() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "test")
        #expect(await Self.produce(broker, ["--topic", "test"], input: "a\nb\nc\n").0 == 0)
        let first = await Self.consume(broker, ["--topic", "test", "--consumer-property", "group.id=testGroup", "--from-beginning", "--max-messages", "2"])
        #expect(first == (0, "a\nb\n", "Processed a total of 2 messages\n"))
        let checker = try KafkaConsumer(config: try ClientConfig(properties: ["group.id": "testGroup"], bootstrapServers: "127.0.0.1:\(broker.port)"))
        let committed = try await checker.committed([TopicPartition("test", 0)])
        await checker.close()
        #expect(committed[TopicPartition("test", 0)]?.offset == 2)
        // The next run of the group starts after what was printed (the third record was rewound).
        let second = await Self.consume(broker, ["--topic", "test", "--group", "testGroup", "--max-messages", "1"])
        #expect(second == (0, "c\n", "Processed a total of 1 messages\n"))
        try await broker.stopAndRemove()
    }

    @Test func keysHeadersAndNullMarker() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "keyed")
        let produced = await Self.produce(broker, [
            "--topic", "keyed", "--property", "parse.key=true", "--property", "key.separator=:",
            "--property", "parse.headers=true", "--property", "headers.delimiter=|", "--property", "null.marker=NIL",
        ], input: "h1:v1,h2:NIL|k1:v1\nNIL|NIL:value-2\r\nx:|k3:NIL\n")
        #expect(produced == (0, "", ""))
        let consumed = await Self.consume(broker, [
            "--topic", "keyed", "--from-beginning", "--max-messages", "3", "--property", "print.key=true",
            "--property", "print.headers=true", "--property", "null.literal=<null>", "--property", "key.separator= | ",
        ])
        #expect(consumed.1 == "h1:v1,h2:<null> | k1 | v1\nNO_HEADERS | <null> | value-2\nx: | k3 | <null>\n")
        #expect(consumed.2 == "Processed a total of 3 messages\n")
        try await broker.stopAndRemove()
    }

    @Test func parseErrorStopsButDeliversEarlierLines() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "bad")
        let produced = await Self.produce(broker, ["--topic", "bad", "--property", "parse.key=true", "--property", "key.separator=:"], input: "k1:v1\nno separator\nk3:v3\n")
        #expect(produced == (1, "", "org.apache.kafka.common.KafkaException: No key separator found on line number 2: 'no separator'\n"))
        let consumed = await Self.consume(broker, ["--topic", "bad", "--from-beginning", "--timeout-ms", "1500", "--property", "print.key=true"])
        #expect(consumed.0 == 0)
        #expect(consumed.1 == "k1\tv1\n")
        try await broker.stopAndRemove()
    }

    @Test func timeoutEndsWithKafkasErrorLineAndExitZero() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "empty")
        let consumed = await Self.consume(broker, ["--topic", "empty", "--timeout-ms", "300"])
        #expect(consumed.0 == 0)
        #expect(consumed.1 == "")
        let lines = consumed.2.split(separator: "\n").map(String.init)
        #expect(lines.count == 3)
        let first = lines.first ?? ""
        #expect(first.range(of: #"^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] ERROR Error processing message, terminating consumer process:  \(org\.apache\.kafka\.tools\.consumer\.ConsoleConsumer\)$"#, options: .regularExpression) != nil)
        #expect(lines.dropFirst().first == "org.apache.kafka.common.errors.TimeoutException")
        #expect(lines.last == "Processed a total of 0 messages")
        try await broker.stopAndRemove()
    }

    @Test func syncModeAndCompression() async throws {
        let broker = try await TestBroker()
        try await Self.createTopic(broker, "comp")
        for codec in ["gzip", "snappy", "lz4", "zstd"] {
            let produced = await Self.produce(broker, ["--topic", "comp", "--compression-codec", codec, "--sync"], input: "\(codec)-1\n\(codec)-2\n")
            #expect(produced == (0, "", ""))
        }
        #expect(await Self.produce(broker, ["--topic", "comp", "--compression-codec"], input: "bare-1\n").0 == 0)
        let consumed = await Self.consume(broker, ["--topic", "comp", "--from-beginning", "--max-messages", "9"])
        #expect(consumed.1 == "gzip-1\ngzip-2\nsnappy-1\nsnappy-2\nlz4-1\nlz4-2\nzstd-1\nzstd-2\nbare-1\n")
        try await broker.stopAndRemove()
    }
}

@Suite("console-consumer deserializers", .serialized)
struct ConsoleDeserializerTests {
    @Test func formatterErrorsStopOrSkip() async throws {
        let broker = try await TestBroker()
        try await ConsoleBrokerTests.createTopic(broker, "numbers")
        let producer = try KafkaProducer(config: try ClientConfig(bootstrapServers: "127.0.0.1:\(broker.port)"))
        var eight = ByteBuffer()
        eight.writeInteger(Int64(-42))
        _ = try await producer.sendAndWait(ProducerRecord(topic: "numbers", key: eight, value: ByteBuffer(string: "first")))
        _ = try await producer.sendAndWait(ProducerRecord(topic: "numbers", key: ByteBuffer(string: "abc"), value: ByteBuffer(string: "second")))
        _ = try await producer.sendAndWait(ProducerRecord(topic: "numbers", key: eight, value: ByteBuffer(string: "third")))
        await producer.close()
        let base = ["--topic", "numbers", "--from-beginning", "--max-messages", "3", "--property", "print.key=true",
                    "--key-deserializer", "org.apache.kafka.common.serialization.LongDeserializer"]

        let stopped = await ConsoleBrokerTests.consume(broker, base)
        #expect(stopped.0 == 1)
        #expect(stopped.1 == "-42\tfirst\n")
        let stoppedLines = stopped.2.split(separator: "\n").map(String.init)
        #expect(stoppedLines.count == 3)
        #expect(stoppedLines.first?.hasSuffix("] ERROR Unknown error when running consumer:  (org.apache.kafka.tools.consumer.ConsoleConsumer)") == true)
        #expect(stoppedLines.dropFirst().first == "org.apache.kafka.common.errors.SerializationException: Size of data received by LongDeserializer is not 8")
        #expect(stoppedLines.last == "Processed a total of 2 messages")

        let skipped = await ConsoleBrokerTests.consume(broker, base + ["--skip-message-on-error"])
        #expect(skipped.0 == 0)
        #expect(skipped.1 == "-42\tfirst\n-42\tthird\n")
        #expect(skipped.2.contains("] ERROR Error processing message, skipping this message:  (org.apache.kafka.tools.consumer.ConsoleConsumer)\n"))
        #expect(skipped.2.hasSuffix("Processed a total of 3 messages\n"))

        let unknown = await ConsoleBrokerTests.consume(broker, ["--topic", "numbers", "--value-deserializer", "com.example.Nope"])
        #expect(unknown.0 == 1)
        #expect(unknown.2.hasPrefix("com.example.Nope\n"))
        try await broker.stopAndRemove()
    }
}
