import Foundation
import KafkaClient
@testable import KafkitCLI
import Testing

/// `--generate`: Kafka's replica placement and the recorded runs 18 (one node) and c17b (three
/// nodes).
@Suite("reassign-partitions generate")
struct ReassignGenerateTests {
    static func fixed(_ values: Int...) -> AssignmentRandom {
        let box = SequenceBox(values)
        return AssignmentRandom { _ in box.next() }
    }

    /// Hands out a fixed sequence of numbers, repeating the last.
    final class SequenceBox: @unchecked Sendable {
        private let lock = NSLock()
        private var values: [Int]
        init(_ values: [Int]) { self.values = values }
        func next() -> Int {
            lock.lock()
            defer { lock.unlock() }
            return values.count > 1 ? values.removeFirst() : values.first ?? 0
        }
    }

    static func brokers(_ ids: [Int32], racks: [String]? = nil) -> [ReassignBrokerMetadata] {
        ids.enumerated().map { ReassignBrokerMetadata(id: $1, rack: racks?[$0]) }
    }

    @Test("rack-unaware placement follows AdminUtils' documented example (5 brokers, 10 partitions, RF 3)")
    func rackUnawareExample() throws {
        let assignment = try ReplicaAssignmentGenerator.assign(
            brokers: Self.brokers([0, 1, 2, 3, 4]), partitions: 10, replicationFactor: 3, random: Self.fixed(0, 0))
        // The table of AdminUtils' Javadoc: first replicas p0..p4 and p5..p9 on brokers 0..4; second
        // replicas shifted by one, then by two after the first round.
        for partition in Int32(0)..<10 {
            #expect(assignment[partition]?.first == partition % 5)
        }
        #expect(assignment[0] == [0, 1, 2])
        #expect(assignment[4] == [4, 0, 1])
        #expect(assignment[5] == [0, 2, 3])
        #expect(assignment[9] == [4, 1, 2])
    }

    @Test("rack-aware placement follows AdminUtils' documented example")
    func rackAwareExample() throws {
        let brokers = Self.brokers([0, 1, 2, 3, 4, 5], racks: ["rack1", "rack3", "rack3", "rack2", "rack2", "rack1"])
        #expect(ReplicaAssignmentGenerator.rackAlternatedBrokerList(
            Dictionary(uniqueKeysWithValues: brokers.map { ($0.id, $0.rack ?? "") })) == [0, 3, 1, 5, 4, 2])
        let assignment = try ReplicaAssignmentGenerator.assign(
            brokers: brokers, partitions: 7, replicationFactor: 3, random: Self.fixed(0, 0))
        #expect(assignment[0] == [0, 3, 1])
        #expect(assignment[1] == [3, 1, 5])
        #expect(assignment[2] == [1, 5, 4])
        #expect(assignment[3] == [5, 4, 2])
        #expect(assignment[4] == [4, 2, 0])
        #expect(assignment[5] == [2, 0, 3])
        #expect(assignment[6] == [0, 4, 2])
    }

    @Test("every start index spreads replicas evenly and never twice on a broker")
    func evenSpread() throws {
        for start in 0..<4 {
            for shift in 0..<4 {
                let assignment = try ReplicaAssignmentGenerator.assign(
                    brokers: Self.brokers([1, 2, 3, 4]), partitions: 8, replicationFactor: 3, random: Self.fixed(start, shift))
                var load: [Int32: Int] = [:]
                for (_, replicas) in assignment {
                    #expect(Set(replicas).count == 3)
                    for id in replicas { load[id, default: 0] += 1 }
                }
                #expect(load.values.allSatisfy { $0 == 6 })
                #expect(Set(assignment.values.map { $0[0] }).count == 4)
            }
        }
    }

    @Test("placement errors carry Kafka's exception and message")
    func placementErrors() {
        #expect(throws: ReplicaAssignmentGenerator.Failure(
            className: "org.apache.kafka.common.errors.InvalidReplicationFactorException",
            message: "Replication factor: 3 larger than available brokers: 2.")) {
            try ReplicaAssignmentGenerator.assign(brokers: Self.brokers([1, 2]), partitions: 1, replicationFactor: 3, random: .system)
        }
        #expect(throws: ReplicaAssignmentGenerator.Failure(
            className: "org.apache.kafka.server.common.AdminOperationException",
            message: "Not all brokers have rack information for replica rack aware assignment.")) {
            try ReplicaAssignmentGenerator.assign(
                brokers: [.init(id: 1, rack: "a"), .init(id: 2, rack: nil)], partitions: 1, replicationFactor: 1, random: .system)
        }
        #expect(throws: ReplicaAssignmentGenerator.Failure(
            className: "org.apache.kafka.common.errors.InvalidPartitionsException",
            message: "Number of partitions must be larger than 0.")) {
            try ReplicaAssignmentGenerator.assign(brokers: Self.brokers([1]), partitions: 0, replicationFactor: 1, random: .system)
        }
    }

    @Test("c17b: topic mv (c17a: --replica-assignment 1,1,1) over brokers 1,2,3 reproduces Kafka's proposal")
    func threeNodeTranscript() throws {
        let created = try Transcript.load("c17a-topics-create-mv-replica-assignment.txt")
        let layout = try #require(created.arguments.split(separator: "--replica-assignment").last?.first)
        var current: [TopicPartition: [Int32]] = [:]
        for (index, part) in layout.split(separator: ",").enumerated() {
            current[TopicPartition("mv", Int32(index))] = part.split(separator: ":").compactMap { Int32($0) }
        }
        let recorded = try Transcript.load("c17b-reassign-partitions-generate.txt")
        let brokerList = try #require(recorded.arguments.split(separator: "--broker-list").last?.first)
        let ids = brokerList.split(separator: ",").compactMap { Int32($0) }
        // Kafka's run drew start index 2 (the shift does not matter with one replica).
        let proposed = try ReassignPartitionsService.calculateAssignment(
            current, brokers: Self.brokers(ids), random: Self.fixed(2, 0))
        #expect(ReassignPartitionsService.generateText(current: current, proposed: proposed) == recorded.stdout)
        #expect(recorded.exit == 0)

        // Any other start gives the same structure: one partition per broker, in round-robin order.
        for start in 0..<3 {
            let other = try ReassignPartitionsService.calculateAssignment(
                current, brokers: Self.brokers(ids), random: Self.fixed(start, 0))
            #expect(Set(other.values.map { $0[0] }) == Set(ids))
            #expect(other[TopicPartition("mv", 1)] == [ids[(start + 1) % 3]])
        }
    }

    /// Transcript 18's topics (demo and t) created on the broker at `port`, the recorded run, and
    /// its command line against that broker.
    static func transcript18(_ port: Int) async throws -> (recorded: Transcript, arguments: [String]) {
        try await BrokerSetup.createTopic(port, "demo", partitions: 6)
        try await BrokerSetup.createTopic(port, "t")
        let recorded = try Transcript.load("18-reassign-partitions-generate.txt")
        let arguments = withBroker(recorded.arguments, port: port).map {
            $0.replacingOccurrences(of: "$KAFKA_HOME/../configs/", with: Transcript.path("configs/"))
        }
        return (recorded, arguments)
    }

    @Test("18: demo and t over broker 1 against kafkit's broker match Kafka's output exactly")
    func singleNodeTranscript() async throws {
        try await withTestBroker { broker in
            let (recorded, arguments) = try await Self.transcript18(broker.port)
            let result = await runTool(ReassignPartitionsCommand.execute, arguments)
            recorded.expectSameRun(result)
        }
    }

    @Test("generate: listed brokers that do not exist are dropped; replication factor above them fails")
    func unknownBrokersDropped() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "g", partitions: 2)
            let topics = try BrokerSetup.writeTemp(#"{"topics":[{"topic":"g"}],"version":1}"#)
            let ok = await runTool(ReassignPartitionsCommand.execute, [
                "--bootstrap-server", "127.0.0.1:\(broker.port)", "--generate",
                "--topics-to-move-json-file", topics, "--broker-list", "1,7",
            ])
            #expect(ok.code == 0)
            #expect(ok.out.hasSuffix(
                "Proposed partition reassignment configuration\n" + #"{"version":1,"partitions":[{"topic":"g","partition":0,"replicas":[1],"log_dirs":["any"]},{"topic":"g","partition":1,"replicas":[1],"log_dirs":["any"]}]}"# + "\n"))
            let none = await runTool(ReassignPartitionsCommand.execute, [
                "--bootstrap-server", "127.0.0.1:\(broker.port)", "--generate",
                "--topics-to-move-json-file", topics, "--broker-list", "7",
            ])
            #expect(none.code == 1)
            #expect(none.out == """
                Error: Replication factor: 1 larger than available brokers: 0.
                org.apache.kafka.common.errors.InvalidReplicationFactorException: Replication factor: 1 larger than available brokers: 0.


                """)
        }
    }

    @Test("generate: unknown topic, bad broker list, duplicate brokers and topics")
    func generateErrors() async throws {
        try await withTestBroker { broker in
            let bootstrap = ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--generate"]
            let missing = try BrokerSetup.writeTemp(#"{"topics":[{"topic":"nope"}],"version":1}"#)
            let unknown = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", missing, "--broker-list", "1"])
            #expect(unknown.code == 1)
            #expect(unknown.out == """
                Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.
                java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.
                Caused by: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.


                """)
            let badList = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", missing, "--broker-list", "1,x"])
            #expect(badList.code == 1)
            #expect(badList.out.hasPrefix("Error: For input string: \"x\"\njava.lang.NumberFormatException: For input string: \"x\"\n"))
            let duplicateBrokers = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", missing, "--broker-list", "2,1,2,1"])
            #expect(duplicateBrokers.out.hasPrefix("Error: Broker list contains duplicate entries: [1, 2]\n"))
            let twice = try BrokerSetup.writeTemp(#"{"topics":[{"topic":"a"},{"topic":"a"}],"version":1}"#)
            let duplicateTopics = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", twice, "--broker-list", "1"])
            #expect(duplicateTopics.code == 1)
            #expect(duplicateTopics.out.hasPrefix(
                "Error: List of topics to reassign contains duplicate entries: [a]\norg.apache.kafka.server.common.AdminCommandFailedException: "))
            let notJson = try BrokerSetup.writeTemp("")
            let invalid = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", notJson, "--broker-list", "1"])
            #expect(invalid.out.hasPrefix("Error: The input string is not a valid JSON\norg.apache.kafka.server.common.AdminOperationException: "))
            let noFile = await runTool(ReassignPartitionsCommand.execute, bootstrap + ["--topics-to-move-json-file", "/nonexistent/t.json", "--broker-list", "1"])
            #expect(noFile.code == 1)
            #expect(noFile.out == "Error: /nonexistent/t.json\njava.nio.file.NoSuchFileException: /nonexistent/t.json\n\n")
        }
    }

    @Test("rack information: all or none, unless rack awareness is off; unknown brokers dropped")
    func rackInformation() throws {
        let nodes = [
            BrokerNode(nodeId: 1, host: "a", port: 1, rack: "r1"), BrokerNode(nodeId: 2, host: "b", port: 1, rack: nil),
            BrokerNode(nodeId: 3, host: "c", port: 1, rack: "r2"),
        ]
        #expect(throws: ReassignJavaException.adminOperation(
            "Not all brokers have rack information. Add --disable-rack-aware in command line to make replica assignment without rack information.")) {
            try ReassignPartitionsService.brokerMetadata([1, 2, 3], nodes: nodes, enableRackAwareness: true)
        }
        #expect(try ReassignPartitionsService.brokerMetadata([1, 2, 3], nodes: nodes, enableRackAwareness: false)
            == [.init(id: 1, rack: nil), .init(id: 2, rack: nil), .init(id: 3, rack: nil)])
        #expect(try ReassignPartitionsService.brokerMetadata([3, 1, 9], nodes: nodes, enableRackAwareness: true)
            == [.init(id: 1, rack: "r1"), .init(id: 3, rack: "r2")])
    }

    @Test("Java's String.split drops trailing empty parts")
    func javaSplit() {
        #expect(ReassignPartitionsService.javaSplit("1,2,", ",") == ["1", "2"])
        #expect(ReassignPartitionsService.javaSplit("", ",") == [""])
        #expect(ReassignPartitionsService.javaSplit(",", ",") == [])
        #expect(ReassignPartitionsService.javaSplit("1,,2", ",") == ["1", "", "2"])
    }
}
