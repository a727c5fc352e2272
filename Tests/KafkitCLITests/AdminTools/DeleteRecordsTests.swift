import KafkaStorage
import Foundation
import KafkaClient
import KafkitCLI
import Testing

@Suite("delete-records")
struct DeleteRecordsTests {
    @Test("recorded runs 28 and 28b against kafkit's broker")
    func recordedRuns() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "t")
            try await BrokerSetup.produce(broker.port, topic: "t", count: 5)
            let recorded = try Transcript.load("28-delete-records.txt")
            let arguments = withBroker(recorded.arguments, port: broker.port).map {
                $0.replacingOccurrences(of: "$KAFKA_HOME/../configs/delete-records.json", with: Transcript.path("configs/delete-records.json"))
            }
            let result = await runTool(DeleteRecordsCommand.execute, arguments)
            recorded.expectSameRun(result)

            let after = try Transcript.load("28b-get-offsets-after-delete-records.txt")
            let offsets = await runTool(GetOffsetsCommand.execute, withBroker(after.arguments, port: broker.port))
            #expect(offsets.out == after.stdout)
            #expect(offsets.code == after.exit)
        }
    }

    @Test("per-partition errors are printed as error lines, exit 0")
    func partitionErrors() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "t")
            try await BrokerSetup.produce(broker.port, topic: "t", count: 2)
            let file = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"t","partition":0,"offset":9}],"version":1}"#)
            let result = await runTool(DeleteRecordsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--offset-json-file", file])
            #expect(result.code == 0)
            #expect(result.out == """
                Executing records delete operation
                Records delete operation completed:
                partition: t-0\terror: org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.

                """)
        }
    }

    @Test("several partitions, an unknown one")
    func severalPartitions() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "m", partitions: 2)
            try await BrokerSetup.produce(broker.port, topic: "m", partition: 0, count: 3)
            try await BrokerSetup.produce(broker.port, topic: "m", partition: 1, count: 4)
            let file = try BrokerSetup.writeTemp(
                #"{"partitions":[{"topic":"m","partition":1,"offset":4},{"topic":"m","partition":0,"offset":1},{"topic":"m","partition":5,"offset":1}],"version":1}"#)
            let result = await runTool(DeleteRecordsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--offset-json-file", file])
            #expect(result.code == 0)
            let lines = result.out.split(separator: "\n").map(String.init)
            let order = DeleteRecordsCommand.outputOrder([TopicPartition("m", 1), TopicPartition("m", 0), TopicPartition("m", 5)])
            #expect(lines.count == 5)
            #expect(Array(lines.dropFirst(2).map { String($0.dropFirst(11).prefix(3)) }) == order.map(\.description))
            #expect(lines.contains("partition: m-1\tlow_watermark: 4"))
            #expect(lines.contains("partition: m-0\tlow_watermark: 1"))
            #expect(lines.contains { $0.hasPrefix("partition: m-5\terror: org.apache.kafka.common.errors.") }, "\(lines)")
            let offsets = await runTool(GetOffsetsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--topic", "m", "--time", "earliest"])
            #expect(offsets.out == "m:0:1\nm:1:4\n")
        }
    }

    @Test("bad offset files: Kafka's exceptions, exit 1")
    func badFiles() async throws {
        let cases: [(String, String)] = [
            ("not json", "org.apache.kafka.server.common.AdminOperationException: The input string is not a valid JSON"),
            (#"{"version":2,"partitions":[]}"#, "org.apache.kafka.server.common.AdminOperationException: Not supported version field value 2"),
            (#"{"version":1}"#, "org.apache.kafka.server.common.AdminOperationException: Missing partitions field"),
            (#"{"partitions":[{"topic":"t","partition":0,"offset":1},{"topic":"t","partition":0,"offset":2}]}"#,
             "org.apache.kafka.server.common.AdminCommandFailedException: Offset json file contains duplicate topic partitions: t-0"),
            (#"{"partitions":[{"partition":0,"offset":1}]}"#,
             "com.fasterxml.jackson.databind.JsonMappingException: No such field exists: `topic`"),
        ]
        for (json, message) in cases {
            let file = try BrokerSetup.writeTemp(json)
            let result = await runTool(DeleteRecordsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--offset-json-file", file])
            #expect(result.code == 1, "\(json)")
            #expect(result.err == "Exception in thread \"main\" \(message)\n", "\(json)")
            #expect(result.out == "")
        }
    }

    @Test("usage and required options")
    func usage() async {
        let none = await runTool(DeleteRecordsCommand.execute, [])
        #expect(none.code == 1)
        #expect(none.err.hasPrefix("This tool helps to delete records of the given partitions down to the specified offset.\n"))
        let missingFile = await runTool(DeleteRecordsCommand.execute, ["--bootstrap-server", "h:1"])
        #expect(missingFile.code == 1)
        #expect(missingFile.err.hasPrefix("Missing required argument \"[offset-json-file]\"\n"))
        let missingServer = await runTool(DeleteRecordsCommand.execute, ["--offset-json-file", "f"])
        #expect(missingServer.err.hasPrefix("Missing required argument \"[bootstrap-server]\"\n"))
        let version = await runTool(DeleteRecordsCommand.execute, ["--version"])
        #expect(version.out == JoptCommandLine.versionLine + "\n" && version.code == 0)
    }

    @Test("several partitions print in Java HashMap order")
    func hashOrder() {
        let partitions = (0..<3).map { ("t", Int32($0)) } + [("a", 0)]
        let ordered = JavaHashOrder.ordered(partitions) { JavaHashOrder.topicPartitionHash(topic: $0.0, partition: $0.1) }
        // TopicPartition("t", p).hashCode() = 31 * (31 + p) + 116; bucket = low 4 bits of h ^ (h >>> 16).
        let buckets = ordered.map { item -> UInt32 in
            let h = UInt32(bitPattern: JavaHashOrder.topicPartitionHash(topic: item.0, partition: item.1))
            return (h ^ (h >> 16)) & 15
        }
        #expect(buckets == buckets.sorted())
        #expect(JavaHashOrder.hashCode("t") == 116)
        // `new HashMap<>(2)` has 2 buckets: the low bit of the spread hash decides.
        let two = [TopicPartition("t", 0), TopicPartition("t", 1)]
        let spread = two.map { tp -> UInt32 in
            let h = UInt32(bitPattern: JavaHashOrder.topicPartitionHash(topic: tp.topic, partition: tp.partition))
            return (h ^ (h >> 16)) & 1
        }
        let expectedFirst = spread[0] <= spread[1] ? two[0] : two[1]
        #expect(DeleteRecordsCommand.outputOrder(two).first == expectedFirst)
        #expect(JavaHashOrder.topicPartitionHash(topic: "t", partition: 0) == 1077)
    }
}
