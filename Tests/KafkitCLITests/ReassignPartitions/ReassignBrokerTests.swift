import Foundation
import KafkaProtocol
@testable import KafkaClient
@testable import KafkitCLI
import Testing

/// `--execute`, `--verify`, `--cancel` and `--list` against the in-process broker (one node,
/// id 1), compared with the three-node recordings c17c and c17d where one node can do the same.
@Suite("reassign-partitions against kafkit's broker")
struct ReassignBrokerTests {
    static func run(_ port: Int, _ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(ReassignPartitionsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(port)"] + arguments)
    }

    /// Every partition of `mv` onto broker 1 (the recorded file moves them to 1, 2 and 3).
    static let allOnOne = #"{"version":1,"partitions":[{"topic":"mv","partition":0,"replicas":[1]},{"topic":"mv","partition":1,"replicas":[1]},{"topic":"mv","partition":2,"replicas":[1]}]}"#

    static func configs(_ port: Int, _ resource: ConfigResource) async throws -> [String: String] {
        let admin = KafkaAdminClient(config: try BrokerSetup.config(port))
        let described: [DescribeConfigsResult]
        do {
            described = try await admin.describeConfigs([resource])
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        var values: [String: String] = [:]
        for config in described.first?.configs ?? [] { values[config.name] = config.value ?? "null" }
        return values
    }

    @Test("c17c/c17d: execute prints the rollback JSON and the started partitions; verify completes and clears throttles")
    func executeAndVerify() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let file = try BrokerSetup.writeTemp(Self.allOnOne)

            let executed = await Self.run(broker.port, ["--reassignment-json-file", file, "--execute"])
            let recordedExecute = try Transcript.load("c17c-reassign-partitions-execute.txt")
            #expect(executed.code == recordedExecute.exit)
            #expect(executed.out == recordedExecute.stdout)
            #expect(executed.err == recordedExecute.stderr)

            let verified = await Self.run(broker.port, ["--reassignment-json-file", file, "--verify"])
            let recordedVerify = try Transcript.load("c17d-reassign-partitions-verify.txt")
            #expect(verified.code == recordedVerify.exit)
            // One broker instead of three: the singular form Kafka uses for a single broker.
            #expect(verified.out == recordedVerify.stdout.replacingOccurrences(
                of: "on brokers 1,2,3\n", with: "on broker 1\n"))
            #expect(verified.err == "")

            let listed = await Self.run(broker.port, ["--list"])
            #expect(listed.code == 0)
            #expect(listed.out == "No partition reassignments found.\n")
        }
    }

    @Test("execute with throttles sets broker rates and topic replica lists; verify removes them")
    func throttles() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let file = try BrokerSetup.writeTemp(Self.allOnOne)
            let executed = await Self.run(broker.port, [
                "--reassignment-json-file", file, "--execute", "--throttle", "50000", "--replica-alter-log-dirs-throttle", "7000",
            ])
            #expect(executed.code == 0)
            let lines = executed.out.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
            #expect(Array(lines.suffix(5)) == [
                "Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.",
                "The inter-broker throttle limit was set to 50000 B/s",
                "The replica-alter-dir throttle limit was set to 7000 B/s",
                "Successfully started partition reassignments for mv-0,mv-1,mv-2",
                "",
            ])
            let brokerConfigs = try await Self.configs(broker.port, ConfigResource(type: .broker, name: "1"))
            #expect(brokerConfigs["leader.replication.throttled.rate"] == "50000")
            #expect(brokerConfigs["follower.replication.throttled.rate"] == "50000")
            let topicConfigs = try await Self.configs(broker.port, ConfigResource(type: .topic, name: "mv"))
            #expect(topicConfigs["leader.replication.throttled.replicas"] == "0:1,1:1,2:1")
            #expect(topicConfigs["follower.replication.throttled.replicas"] == "")

            // --preserve-throttles leaves them.
            let preserved = await Self.run(broker.port, ["--reassignment-json-file", file, "--verify", "--preserve-throttles"])
            #expect(preserved.code == 0)
            #expect(!preserved.out.contains("Clearing"))
            #expect(try await Self.configs(broker.port, ConfigResource(type: .broker, name: "1"))["leader.replication.throttled.rate"] == "50000")

            let verified = await Self.run(broker.port, ["--reassignment-json-file", file, "--verify"])
            #expect(verified.code == 0)
            #expect(verified.out.hasSuffix("\nClearing broker-level throttles on broker 1\nClearing topic-level throttles on topic mv\n"))
            let clearedBroker = try await Self.configs(broker.port, ConfigResource(type: .broker, name: "1"))
            #expect(clearedBroker["leader.replication.throttled.rate"] != "50000")
            #expect(clearedBroker["follower.replication.throttled.rate"] != "50000")
            let clearedTopic = try await Self.configs(broker.port, ConfigResource(type: .topic, name: "mv"))
            #expect(clearedTopic["leader.replication.throttled.replicas"] == "")
        }
    }

    @Test("cancel with nothing active, then clears throttles (or preserves them)")
    func cancel() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let file = try BrokerSetup.writeTemp(Self.allOnOne)
            let cancelled = await Self.run(broker.port, ["--reassignment-json-file", file, "--cancel"])
            #expect(cancelled.code == 0)
            #expect(cancelled.out == """
                None of the specified partition reassignments are active.
                None of the specified partition moves are active.Clearing broker-level throttles on broker 1
                Clearing topic-level throttles on topic mv

                """)
            let preserved = await Self.run(broker.port, ["--reassignment-json-file", file, "--cancel", "--preserve-throttles", "--timeout", "100"])
            #expect(preserved.code == 0)
            #expect(preserved.out == "None of the specified partition reassignments are active.\nNone of the specified partition moves are active.")
        }
    }

    @Test("execute errors: unknown broker, unknown partition, unknown topic")
    func executeErrors() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let recorded = Transcript.path("configs/reassign-mv.json")
            let unknownBroker = await Self.run(broker.port, ["--reassignment-json-file", recorded, "--execute"])
            #expect(unknownBroker.code == 1)
            #expect(unknownBroker.out == """
                Error: Unknown broker id 2
                org.apache.kafka.server.common.AdminCommandFailedException: Unknown broker id 2


                """)
            let partitionFile = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"mv","partition":9,"replicas":[1]},{"topic":"mv","partition":0,"replicas":[1]}]}"#)
            let unknownPartition = await Self.run(broker.port, ["--reassignment-json-file", partitionFile, "--execute"])
            #expect(unknownPartition.code == 1)
            #expect(unknownPartition.out.hasPrefix(
                "Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: mv-9\n"
                    + "java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Unable to find partition: mv-9\n"))
            let topicFile = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"gone","partition":0,"replicas":[1]}]}"#)
            let unknownTopic = await Self.run(broker.port, ["--reassignment-json-file", topicFile, "--execute"])
            #expect(unknownTopic.code == 1)
            #expect(unknownTopic.out.hasPrefix("Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic gone not found.\n"))
            let empty = try BrokerSetup.writeTemp(#"{"version":1,"partitions":[]}"#)
            let emptyResult = await Self.run(broker.port, ["--reassignment-json-file", empty, "--execute"])
            #expect(emptyResult.code == 1)
            #expect(emptyResult.out == """
                Error: Partition reassignment list cannot be empty
                org.apache.kafka.server.common.AdminCommandFailedException: Partition reassignment list cannot be empty


                """)
            let broken = try BrokerSetup.writeTemp("{oops")
            let brokenResult = await Self.run(broker.port, ["--reassignment-json-file", broken, "--verify"])
            #expect(brokenResult.code == 1)
            #expect(brokenResult.out.hasPrefix("Error: com.fasterxml.jackson.core.JsonParseException: "))
        }
    }

    @Test("verify: a topic that is gone and partitions beyond the topic's count")
    func verifyMismatches() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 3)
            let file = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"gone","partition":0,"replicas":[1,2]},{"topic":"mv","partition":5,"replicas":[1]},{"topic":"mv","partition":1,"replicas":[1]}]}"#)
            let result = await Self.run(broker.port, ["--reassignment-json-file", file, "--verify", "--preserve-throttles"])
            #expect(result.code == 0)
            #expect(result.out == """
                Status of partition reassignment:
                There is no active reassignment of partition gone-0, but replica set is  rather than 1,2.
                Reassignment of partition mv-1 is completed.
                There is no active reassignment of partition mv-5, but replica set is  rather than 1.


                """)
            // Kafka checks `size() < partition`, so the partition just past the end fails.
            let edge = try BrokerSetup.writeTemp(#"{"partitions":[{"topic":"mv","partition":3,"replicas":[1]}]}"#)
            let edgeResult = await Self.run(broker.port, ["--reassignment-json-file", edge, "--verify"])
            #expect(edgeResult.code == 1)
            #expect(edgeResult.out == "Error: Index 3 out of bounds for length 3\njava.lang.IndexOutOfBoundsException: Index 3 out of bounds for length 3\n\n")
        }
    }

    @Test("log dirs: verify reports the replica's directory; execute reports that the broker cannot move replicas")
    func logDirMoves() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 1)
            let admin = KafkaAdminClient(config: try BrokerSetup.config(broker.port))
            let dirs = try await admin.describeLogDirs(brokers: [1])[1] ?? []
            await admin.close()
            let dir = try #require(dirs.first?.path)
            let file = try BrokerSetup.writeTemp(
                #"{"partitions":[{"topic":"mv","partition":0,"replicas":[1],"log_dirs":["\#(dir)"]}]}"#)

            let verified = await Self.run(broker.port, ["--reassignment-json-file", file, "--verify", "--preserve-throttles"])
            #expect(verified.code == 0)
            #expect(verified.out == """
                Status of partition reassignment:
                Reassignment of partition mv-0 is completed.
                Reassignment of replica mv-0-1 completed successfully.

                """)
            let elsewhere = try BrokerSetup.writeTemp(
                #"{"partitions":[{"topic":"mv","partition":0,"replicas":[1],"log_dirs":["/other/dir"]}]}"#)
            let notMoving = await Self.run(broker.port, ["--reassignment-json-file", elsewhere, "--verify", "--preserve-throttles"])
            #expect(notMoving.out.hasSuffix("Partition mv-0 on broker 1 is not being moved from log dir \(dir) to /other/dir.\n"))

            // kafkit's broker has no AlterReplicaLogDirs: the partition move starts, the dir move fails
            // as Kafka's tool reports a failed AlterReplicaLogDirs future.
            let executed = await Self.run(broker.port, ["--reassignment-json-file", elsewhere, "--execute"])
            #expect(executed.code == 1)
            #expect(executed.out.hasSuffix("""
                Successfully started partition reassignment for mv-0
                Error: Failed to alter dir for mv-0-1
                org.apache.kafka.server.common.AdminCommandFailedException: Failed to alter dir for mv-0-1
                Caused by: java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnsupportedVersionException: The broker does not support ALTER_REPLICA_LOG_DIRS
                Caused by: org.apache.kafka.common.errors.UnsupportedVersionException: The broker does not support ALTER_REPLICA_LOG_DIRS


                """))
        }
    }

    @Test("list and verify texts for reassignments in progress (a single node finishes them at once)")
    func inProgressTexts() {
        typealias R = KafkaAdminClient.PartitionReassignment
        let text = ReassignPartitionsService.currentReassignmentsText([
            TopicPartition("foo", 1): R(replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1]),
            TopicPartition("foo", 0): R(replicas: [1, 2], addingReplicas: [], removingReplicas: []),
            TopicPartition("bar", 0): R(replicas: [4, 5], addingReplicas: [5], removingReplicas: []),
        ])
        #expect(text == """
            Current partition reassignments:
            bar-0: replicas: 4,5. adding: 5.
            foo-0: replicas: 1,2.
            foo-1: replicas: 1,2,3. adding: 3. removing: 1.
            """)
        #expect(ReassignPartitionsService.partitionStatesText([
            TopicPartition("foo", 1): .init(currentReplicas: [1, 2, 3], targetReplicas: [2, 3], done: false),
            TopicPartition("foo", 0): .init(currentReplicas: [1], targetReplicas: [1], done: true),
        ]) == """
            Status of partition reassignment:
            Reassignment of partition foo-0 is completed.
            Reassignment of partition foo-1 is still in progress.
            """)
        let replica = { (b: Int32) in TopicPartitionReplica(topic: "foo", partition: 0, brokerId: b) }
        #expect(ReassignPartitionsService.moveStatesText([
            replica(5): .missingLogDir(target: "/a"),
            replica(4): .missingReplica(target: "/a"),
            replica(3): .active(current: "/x", target: "/a", future: "/b"),
            replica(2): .active(current: "/x", target: "/a", future: "/a"),
            replica(1): .cancelled(current: "/x", target: "/a"),
        ]) == """
            Partition foo-0 on broker 1 is not being moved from log dir /x to /a.
            Reassignment of replica foo-0-2 is still in progress.
            Partition foo-0 on broker 3 is being moved to log dir /b instead of /a.
            Partition foo-0 cannot be found in any live log directory on broker 4.
            Partition foo-0 is not found in any live log dir on broker 5. There is likely an offline log directory on the broker.
            """)
    }

    @Test("execute refuses to run next to another reassignment unless --additional is given")
    func existingReassignment() throws {
        let running = [TopicPartition("foo", 0): KafkaAdminClient.PartitionReassignment(replicas: [1, 2], addingReplicas: [2], removingReplicas: [])]
        #expect(throws: ReassignTerseException(message: """
            Cannot execute because there is an existing partition assignment.  Use --additional to override this and \
            create a new partition assignment in addition to the existing one. The --additional flag can also be used \
            to change the throttle by resubmitting the current reassignment.
            """)) {
            try ReassignPartitionsService.checkNoExistingReassignment(additional: false, current: running)
        }
        try ReassignPartitionsService.checkNoExistingReassignment(additional: true, current: running)
        try ReassignPartitionsService.checkNoExistingReassignment(additional: false, current: [:])
    }

    @Test("broker errors per partition: the message of each failed partition, sorted")
    func partitionErrors() {
        let text = ReassignPartitionsService.partitionErrorsText("Error reassigning partition(s):", [
            TopicPartition("foo", 1): .broker(.invalidReplicaAssignment, message: "Replica 4 is not alive"),
            TopicPartition("foo", 0): .broker(.noReassignmentInProgress, message: nil),
        ])
        #expect(text == """
            Error reassigning partition(s):
            foo-0: No partition reassignment is in progress.
            foo-1: Replica 4 is not alive
            """)
    }

    @Test("throttle lists: sources as leader, new destinations as follower, sorted as strings")
    func throttleLists() {
        let moves = ReassignThrottles.proposedMoveMap(
            current: [TopicPartition("a", 10): .init(replicas: [1, 2, 3], addingReplicas: [3], removingReplicas: [1])],
            proposed: [TopicPartition("a", 2): [4, 5], TopicPartition("a", 10): [2, 3, 6]],
            currentReplicas: [TopicPartition("a", 2): [4, 1], TopicPartition("a", 10): [1, 2, 3]])
        #expect(ReassignThrottles.leaderThrottles(moves) == ["a": "10:1,10:2,2:1,2:4"])
        #expect(ReassignThrottles.followerThrottles(moves) == ["a": "10:3,10:6,2:5"])
        #expect(ReassignThrottles.reassigningBrokers(moves) == [1, 2, 3, 4, 5, 6])
    }
}
