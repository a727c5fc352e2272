import Foundation
@testable import KafkaClient
@testable import KafkitCLI
import Testing

/// `--output json`: every documented field and type of each action's document
/// (`docs/json/reassign-partitions.md`), and the error document.
@Suite("reassign-partitions --output json")
struct ReassignJsonOutputTests: JSONDocumentSuite {
    static func run(_ port: Int, _ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(ReassignPartitionsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(port)", "--output", "json"] + arguments)
    }

    /// A reassignment document in Kafka's file format.
    static func checkReassignment(_ value: Any?, partitions expected: Int) throws {
        let document = try #require(value as? [String: Any])
        #expect(document["version"] as? Int == 1)
        let partitions = try #require(document["partitions"] as? [[String: Any]])
        #expect(partitions.count == expected)
        for partition in partitions {
            #expect(partition["topic"] is String)
            #expect(partition["partition"] is Int)
            let replicas = try #require(partition["replicas"] as? [Int])
            #expect((partition["log_dirs"] as? [String])?.count == replicas.count)
        }
    }

    static let allOnOne = ReassignBrokerTests.allOnOne

    @Test("generate, execute, verify, cancel and list documents")
    func documents() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let topics = try BrokerSetup.writeTemp(#"{"topics":[{"topic":"mv"}],"version":1}"#)
            let generated = await Self.run(broker.port, ["--generate", "--topics-to-move-json-file", topics, "--broker-list", "1"])
            #expect(generated.code == 0)
            #expect(generated.err == "")
            let generate = try Self.document(generated.out)
            #expect(Set(generate.keys) == ["current", "proposed"])
            try Self.checkReassignment(generate["current"], partitions: 3)
            try Self.checkReassignment(generate["proposed"], partitions: 3)

            // The proposal is a valid reassignment file.
            let proposedData = try JSONSerialization.data(withJSONObject: try #require(generate["proposed"]))
            let file = try BrokerSetup.writeTemp(String(decoding: proposedData, as: UTF8.self))
            let executed = await Self.run(broker.port, ["--execute", "--reassignment-json-file", file, "--throttle", "1000"])
            #expect(executed.code == 0)
            let execute = try Self.document(executed.out)
            #expect(Set(execute.keys) == ["rollback", "started", "interBrokerThrottle", "logDirThrottle", "logDirMovesStarted"])
            try Self.checkReassignment(execute["rollback"], partitions: 3)
            let started = try #require(execute["started"] as? [[String: Any]])
            #expect(started.map { $0["topic"] as? String } == ["mv", "mv", "mv"])
            #expect(started.map { $0["partition"] as? Int } == [0, 1, 2])
            #expect(execute["interBrokerThrottle"] as? Int == 1000)
            #expect(execute["logDirThrottle"] is NSNull)
            #expect((execute["logDirMovesStarted"] as? [Any])?.isEmpty == true)

            let verified = await Self.run(broker.port, ["--verify", "--reassignment-json-file", file])
            #expect(verified.code == 0)
            let verify = try Self.document(verified.out)
            #expect(Set(verify.keys) == ["partitions", "logDirMoves", "throttlesCleared"])
            let statuses = try #require(verify["partitions"] as? [[String: Any]])
            #expect(statuses.count == 3)
            for status in statuses {
                #expect(status["topic"] as? String == "mv")
                #expect(status["partition"] is Int)
                #expect(status["state"] as? String == "completed")
                #expect(status["currentReplicas"] as? [Int] == [1])
                #expect(status["targetReplicas"] as? [Int] == [1])
            }
            #expect((verify["logDirMoves"] as? [Any])?.isEmpty == true)
            let cleared = try #require(verify["throttlesCleared"] as? [String: Any])
            #expect(cleared["brokers"] as? [Int] == [1])
            #expect(cleared["topics"] as? [String] == ["mv"])

            let preserved = try Self.document(await Self.run(broker.port, ["--verify", "--reassignment-json-file", file, "--preserve-throttles"]).out)
            #expect(preserved["throttlesCleared"] is NSNull)

            let cancelled = await Self.run(broker.port, ["--cancel", "--reassignment-json-file", file])
            #expect(cancelled.code == 0)
            let cancel = try Self.document(cancelled.out)
            #expect(Set(cancel.keys) == ["cancelled", "logDirMovesCancelled", "throttlesCleared"])
            #expect((cancel["cancelled"] as? [Any])?.isEmpty == true)
            #expect((cancel["logDirMovesCancelled"] as? [Any])?.isEmpty == true)
            #expect(cancel["throttlesCleared"] is [String: Any])

            let listed = await Self.run(broker.port, ["--list"])
            #expect(listed.code == 0)
            #expect(try Self.document(listed.out)["reassignments"] as? [Any] != nil)
        }
    }

    @Test("log-dir move states in the verify document")
    func logDirMoveStatus() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv")
            let file = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"mv","partition":0,"replicas":[1],"log_dirs":["/other"]}]}"#)
            let verify = try Self.document(await Self.run(broker.port, ["--verify", "--reassignment-json-file", file]).out)
            let moves = try #require(verify["logDirMoves"] as? [[String: Any]])
            #expect(moves.count == 1)
            let move = try #require(moves.first)
            #expect(move["topic"] as? String == "mv")
            #expect(move["partition"] as? Int == 0)
            #expect(move["broker"] as? Int == 1)
            #expect(move["state"] as? String == "not_moving")
            #expect(move["currentLogDir"] is String)
            #expect(move["targetLogDir"] as? String == "/other")
            #expect(move["futureLogDir"] is NSNull)
        }
    }

    @Test("list entries carry replicas, adding and removing replicas")
    func listEntries() throws {
        let list = ReassignJsonOutput.List([
            TopicPartition("foo", 0): KafkaAdminClient.PartitionReassignment(replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1])
        ])
        let entry = try #require(try Self.document(JSONOutput.text(of: list))["reassignments"] as? [[String: Any]]).first
        #expect(entry?["topic"] as? String == "foo")
        #expect(entry?["partition"] as? Int == 0)
        #expect(entry?["replicas"] as? [Int] == [1, 2, 3])
        #expect(entry?["addingReplicas"] as? [Int] == [3])
        #expect(entry?["removingReplicas"] as? [Int] == [1])
    }

    @Test("failures: an error document on stderr, nothing on stdout, exit 1")
    func errors() async throws {
        try await withTestBroker { broker in
            let missing = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"gone","partition":0,"replicas":[1]}]}"#)
            let unknown = await Self.run(broker.port, ["--execute", "--reassignment-json-file", missing])
            #expect(unknown.code == 1)
            #expect(unknown.out == "")
            let error = try #require(try Self.document(unknown.err)["error"] as? [String: String])
            #expect(error == ["message": "Topic gone not found.", "type": "UnknownTopicOrPartitionException"])

            let empty = try BrokerSetup.writeTemp(#"{"partitions":[]}"#)
            let invalid = await Self.run(broker.port, ["--execute", "--reassignment-json-file", empty])
            #expect(invalid.code == 1)
            #expect(try Self.document(invalid.err)["error"] as? [String: String]
                == ["message": "Partition reassignment list cannot be empty", "type": "AdminCommandFailedException"])
        }
        let usage = await runTool(ReassignPartitionsCommand.execute, ["--bootstrap-server", "h:1", "--list", "--output", "yaml"])
        #expect(usage.code == 1)
        #expect(usage.err.hasPrefix("Unknown output format 'yaml': use 'text' or 'json'\n"))
    }
}
