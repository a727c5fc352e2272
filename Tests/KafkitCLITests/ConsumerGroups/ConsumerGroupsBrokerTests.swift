import Foundation
import KafkaClient
import KafkitCLI
import Testing

/// Every action against kafkit's broker, with groups made by our `KafkaConsumer`.
@Suite("consumer-groups against the broker")
struct ConsumerGroupsBrokerTests {
    static func run(_ port: Int, _ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(ConsumerGroupsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(port)"] + arguments)
    }

    /// The data rows of a table (header and blank lines dropped), split into columns.
    static func rows(_ text: String) -> [[String]] {
        text.split(separator: "\n").dropFirst().map { $0.split(separator: " ").map(String.init) }
    }

    @Test("a group with lag; reset to latest with --execute; describe then shows LAG 0")
    func lagAndResetToLatest() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "orders", partitions: 2)
            try await BrokerSetup.produce(port, topic: "orders", partition: 0, count: 6)
            try await BrokerSetup.produce(port, topic: "orders", partition: 1, count: 4)
            try await GroupSetup.makeGroup(port, group: "billing", topic: "orders", offsets: [0: 1, 1: 4])

            let before = await Self.run(port, ["--describe", "--group", "billing"])
            #expect(before.code == 0)
            #expect(before.err == "\nConsumer group 'billing' has no active members.\n")
            #expect(Self.rows(before.out) == [
                ["billing", "orders", "0", "1", "6", "5", "-", "-", "-"],
                ["billing", "orders", "1", "4", "4", "0", "-", "-", "-"],
            ])

            let reset = await Self.run(port, ["--reset-offsets", "--group", "billing", "--topic", "orders", "--to-latest", "--execute"])
            #expect(reset.code == 0)
            #expect(reset.err == "")
            #expect(Set(Self.rows(reset.out)) == [["billing", "orders", "0", "6"], ["billing", "orders", "1", "4"]])

            let after = await Self.run(port, ["--describe", "--group", "billing", "--offsets", "--verbose"])
            #expect(after.out.contains("LEADER-EPOCH"))
            #expect(Self.rows(after.out).map { $0[6] } == ["0", "0"])
        }
    }

    @Test("an active member: offsets rows, --members, --state, and the inactive-group rule for resets")
    func activeGroup() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "live")
            try await BrokerSetup.produce(port, topic: "live", count: 3)
            let consumer = try await GroupSetup.join(port, group: "runners", topic: "live", clientId: "runner-client")
            try await consumer.seek(TopicPartition("live", 0), offset: 1)
            try await consumer.commitSync()
            let offsets = await Self.run(port, ["--describe", "--group", "runners"])
            #expect(offsets.err == "")
            let row = Self.rows(offsets.out).first ?? []
            #expect(row.count == 9)
            #expect(Array(row.prefix(6)) == ["runners", "live", "0", "1", "3", "2"])
            #expect(row.last == "runner-client")
            #expect(row[7].hasPrefix("/127.0.0.1"))

            let members = await Self.run(port, ["--describe", "--group", "runners", "--members", "--verbose"])
            let member = Self.rows(members.out).first ?? []
            #expect(member.first == "runners")
            #expect(member[3] == "runner-client")
            #expect(member[4] == "1")
            #expect(member.contains("live:0"))

            let state = await Self.run(port, ["--describe", "--group", "runners", "--state"])
            #expect(Self.rows(state.out).first?.suffix(3) == ["range", "Stable", "1"])

            let refused = await Self.run(port, ["--reset-offsets", "--group", "runners", "--topic", "live", "--to-earliest", "--execute"])
            #expect(refused.code == 0)
            #expect(refused.out == "\nError: Assignments can only be reset if the group 'runners' is inactive, but the current state is Stable.\n"
                + "\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     \n")

            let deleteRefused = await Self.run(port, ["--delete", "--group", "runners"])
            #expect(deleteRefused.out == "\nError: Deletion of some consumer groups failed:\n"
                + "* Group 'runners' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n")
            await consumer.close()
        }
    }

    @Test("reset by datetime and by duration, with the empty-partition fallback")
    func resetByTime() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "events", partitions: 2)
            try await BrokerSetup.produce(port, topic: "events", partition: 0, count: 2, timestamp: 1_000)
            try await BrokerSetup.produce(port, topic: "events", partition: 0, count: 3, timestamp: 1_700_000_000_000)
            try await GroupSetup.makeGroup(port, group: "audit", topic: "events", offsets: [0: 0, 1: 0])

            // 2023-11-14T22:13:20Z is 1_700_000_000_000: the first record at or after it is offset 2.
            let utc = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events:0", "--to-datetime", "2023-11-14T22:13:20.000", "--dry-run"])
            #expect(Self.rows(utc.out) == [["audit", "events", "0", "2"]])
            let zoned = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events:0", "--to-datetime", "2023-11-15T00:13:20.000+02:00", "--dry-run"])
            #expect(Self.rows(zoned.out) == [["audit", "events", "0", "2"]])
            let early = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events:0", "--to-datetime", "1970-01-01T00:00:00.500Z", "--dry-run"])
            #expect(Self.rows(early.out) == [["audit", "events", "0", "0"]])

            // Partition 1 has no records: Kafka warns on stdout and falls back to the latest offset.
            let duration = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events", "--by-duration", "PT1H", "--dry-run"])
            #expect(duration.out.contains("\nWarn: Partition 1 from topic events is empty. Falling back to latest known offset.\n"))
            #expect(duration.out.contains("\nWarn: Partition 0 from topic events is empty. Falling back to latest known offset.\n"))
            // Ten years back lands between the 1970 and the 2023 records.
            let long = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events:0", "--by-duration", "P3650D", "--dry-run"])
            #expect(Self.rows(long.out) == [["audit", "events", "0", "2"]])

            let bad = await Self.run(port, ["--reset-offsets", "--group", "audit", "--topic", "events", "--to-datetime", "2023-13-01T00:00:00.000", "--dry-run"])
            #expect(bad.code == 0)
            #expect(bad.out == "\nError: Executing consumer group command failed due to java.text.ParseException: Unparseable date: \"2023-13-01T00:00:00.000Z\"\n")
            let badDuration = await Self.run(port, ["--reset-offsets", "--group", "audit", "--all-topics", "--by-duration", "1H", "--dry-run"])
            #expect(badDuration.out == "\nError: Executing consumer group command failed due to Text cannot be parsed to a Duration\n")
        }
    }

    @Test("--export then --from-file round trip; shift-by, to-offset clamping, to-current")
    func exportAndFromFile() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "logs", partitions: 3)
            for partition in Int32(0)..<3 { try await BrokerSetup.produce(port, topic: "logs", partition: partition, count: 4) }
            try await GroupSetup.makeGroup(port, group: "shipper", topic: "logs", offsets: [0: 1, 1: 2, 2: 3])

            let export = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--all-topics", "--shift-by", "1", "--export"])
            #expect(export.code == 0)
            let csvLines = export.out.split(separator: "\n").map(String.init)
            #expect(Set(csvLines) == ["logs,0,2", "logs,1,3", "logs,2,4"])
            #expect(export.out.hasSuffix("\n\n"))

            let path = try BrokerSetup.writeTemp(export.out, suffix: ".csv")
            let applied = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--from-file", path, "--execute"])
            #expect(applied.err == "")
            #expect(Set(Self.rows(applied.out)) == [["shipper", "logs", "0", "2"], ["shipper", "logs", "1", "3"], ["shipper", "logs", "2", "4"]])
            let described = await Self.run(port, ["--describe", "--group", "shipper"])
            #expect(Self.rows(described.out).map { $0[3] } == ["2", "3", "4"])

            // Two groups: the 4-column form, and Kafka's stderr notice about line 1.
            let both = try BrokerSetup.writeTemp("shipper,logs,0,0\nother,logs,1,1\n", suffix: ".csv")
            let multi = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--group", "other", "--from-file", both, "--dry-run"])
            #expect(Set(Self.rows(multi.out)) == [["shipper", "logs", "0", "0"], ["other", "logs", "1", "1"]])
            #expect(multi.err.contains("Too many entries"))
            let exported = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--group", "other", "--from-file", both, "--export"])
            #expect(Set(exported.out.split(separator: "\n").map(String.init)) == ["shipper,logs,0,0", "other,logs,1,1"])
            // The 4-column file has no line for this group.
            let noPlan = await Self.run(port, ["--reset-offsets", "--group", "ghost", "--from-file", both, "--dry-run"])
            #expect(noPlan.out.hasPrefix("\nError: No reset plan for group ghost found\n"))

            let high = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--topic", "logs:1", "--to-offset", "99", "--dry-run"])
            #expect(Self.rows(high.out) == [["shipper", "logs", "1", "4"]])
            #expect(high.err.contains("] WARN New offset (99) is higher than latest offset for topic partition logs-1. Value will be set to 4 (org.apache.kafka.tools.consumer.group.ConsumerGroupCommand)\n"))
            let low = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--topic", "logs:1", "--shift-by", "-10", "--dry-run"])
            #expect(Self.rows(low.out) == [["shipper", "logs", "1", "0"]])
            #expect(low.err.contains("New offset (-7) is lower than earliest offset for topic partition logs-1. Value will be set to 0"))
            let current = await Self.run(port, ["--reset-offsets", "--group", "shipper", "--topic", "logs:2,0", "--to-current", "--dry-run"])
            #expect(Set(Self.rows(current.out)) == [["shipper", "logs", "2", "4"], ["shipper", "logs", "0", "2"]])

            // A group that does not exist yet is inactive: offsets can be seeded for it.
            let seeded = await Self.run(port, ["--reset-offsets", "--group", "fresh", "--topic", "logs:0", "--to-offset", "3", "--execute"])
            #expect(Self.rows(seeded.out) == [["fresh", "logs", "0", "3"]])
            let noShift = await Self.run(port, ["--reset-offsets", "--group", "fresh", "--topic", "logs:1", "--shift-by", "1", "--dry-run"])
            #expect(noShift.code == 1)
            #expect(noShift.err.hasPrefix("Cannot shift offset for partition logs-1 since there is no current committed offset\n"))
        }
    }

    @Test("several groups, --all-groups, delete-offsets, delete, missing groups")
    func deleteAndScopes() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "a")
            try await BrokerSetup.createTopic(port, "b")
            try await BrokerSetup.produce(port, topic: "a", count: 2)
            try await BrokerSetup.produce(port, topic: "b", count: 2)
            try await GroupSetup.makeGroup(port, group: "g1", topic: "a", offsets: [0: 1])
            try await GroupSetup.makeGroup(port, group: "g2", topic: "b", offsets: [0: 2])

            let two = await Self.run(port, ["--describe", "--group", "g2", "--group", "g1"])
            #expect(Self.rows(two.out).map(\.first) == ["g1", "GROUP", "g2"])
            #expect(two.err == "\nConsumer group 'g1' has no active members.\n\nConsumer group 'g2' has no active members.\n")
            let all = await Self.run(port, ["--describe", "--all-groups", "--state"])
            #expect(all.out.components(separatedBy: "COORDINATOR (ID)").count == 3)

            let resetAll = await Self.run(port, ["--reset-offsets", "--all-groups", "--all-topics", "--to-earliest", "--dry-run"])
            #expect(Set(Self.rows(resetAll.out)) == [["g1", "a", "0", "0"], ["g2", "b", "0", "0"]])

            let deletedOffsets = await Self.run(port, ["--delete-offsets", "--group", "g1", "--topic", "a"])
            #expect(deletedOffsets.out == "Request succeed for deleting offsets with topic a group g1\n"
                + "\nTOPIC                          PARTITION       STATUS         \na                              0               Successful     \n")
            let unknownTopic = await Self.run(port, ["--delete-offsets", "--group", "g2", "--topic", "nope"])
            #expect(unknownTopic.out.hasPrefix("Request succeed for deleting offsets with topic nope group g2\n"))
            #expect(unknownTopic.out.contains("nope                           Not Provided    Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException"))
            let missingGroup = await Self.run(port, ["--delete-offsets", "--group", "ghost", "--topic", "a"])
            #expect(missingGroup.out.hasPrefix("\nError: 'ghost' does not exist.\n"))

            let afterOffsets = await Self.run(port, ["--describe", "--group", "g1"])
            #expect(afterOffsets.out == "")
            #expect(afterOffsets.err == "\nConsumer group 'g1' has no active members.\n")

            let deleted = await Self.run(port, ["--delete", "--group", "g1", "--group", "g2"])
            #expect(deleted.out == "Deletion of requested consumer groups ('g1, g2') was successful.\n")
            let again = await Self.run(port, ["--delete", "--group", "g1"])
            #expect(again.out == "\nError: Deletion of some consumer groups failed:\n"
                + "* Group 'g1' could not be deleted due to: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.\n")
            let list = await Self.run(port, ["--list"])
            #expect(list.out == "")

            let missing = await Self.run(port, ["--describe", "--group", "g1", "--members"])
            #expect(missing.code == 0)
            #expect(missing.out == "\nError: Executing consumer group command failed due to org.apache.kafka.common.errors.GroupIdNotFoundException: Group g1 not found.\n")
            #expect(missing.err.hasPrefix("java.util.concurrent.ExecutionException: org.apache.kafka.common.errors.GroupIdNotFoundException: Group g1 not found.\n"))
        }
    }

    @Test("--list filters and the table with TYPE and STATE")
    func listFilters() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "t")
            try await GroupSetup.makeGroup(port, group: "a-rather-long-group-name", topic: "t", offsets: [0: 0])
            let both = await Self.run(port, ["--list", "--type", "--state"])
            // GROUP is max(15, longest id) + 10 wide, then ` %-20s` per column.
            let name = "a-rather-long-group-name"
            func pad(_ text: String, _ width: Int) -> String { text + String(repeating: " ", count: width - text.count) }
            #expect(both.out == pad("GROUP", name.count + 10) + " " + pad("TYPE", 20) + " " + pad("STATE", 20) + "\n"
                + pad(name, name.count + 10) + " " + pad("Classic", 20) + " " + pad("Empty", 20) + "\n")
            let empty = await Self.run(port, ["--list", "--state", "stable"])
            #expect(empty.out == "GROUP                     STATE               \n")
            let classic = await Self.run(port, ["--list", "--type", "CLASSIC"])
            #expect(classic.out.contains("a-rather-long-group-name"))
        }
    }

    @Test("a broker that cannot be reached: Kafka's error line and exit 0; JSON mode exits 1")
    func unreachable() async throws {
        let text = await runTool(ConsumerGroupsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--list", "--timeout", "300"])
        #expect(text.code == 0)
        #expect(text.out.hasPrefix("\nError: Executing consumer group command failed due to "))
        let json = await runTool(ConsumerGroupsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--list", "--timeout", "300", "--output", "json"])
        #expect(json.code == 1)
        #expect(json.out == "")
        #expect(json.err.contains("\"error\""))
    }
}

/// Runtime checks Kafka makes after describing the groups, and the admin-client options.
@Suite("consumer-groups runtime checks")
struct ConsumerGroupsRuntimeCheckTests {
    @Test("reset scope and scenario checks, topic argument errors, bad option values, --command-config")
    func runtimeChecks() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "t", partitions: 2)
            try await GroupSetup.makeGroup(port, group: "g", topic: "t", offsets: [0: 0])
            func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
                await ConsumerGroupsBrokerTests.run(port, arguments)
            }

            let noScope = await run(["--reset-offsets", "--group", "g", "--to-earliest", "--dry-run"])
            #expect(noScope.code == 1)
            #expect(noScope.err.hasPrefix("One of the reset scopes should be defined: --all-topics, --topic.\nOption "))

            let noScenario = await run(["--reset-offsets", "--group", "g", "--all-topics", "--dry-run"])
            #expect(noScenario.code == 1)
            #expect(noScenario.err.hasPrefix("Option '[reset-offsets]' requires one of the following scenarios: [[to-offset], [shift-by], [to-datetime], [by-duration], [to-earliest], [to-latest], [to-current], [from-file]]\n"))

            let badPartition = await run(["--reset-offsets", "--group", "g", "--topic", "t:x", "--to-earliest", "--dry-run"])
            #expect(badPartition.code == 1)
            #expect(badPartition.err.hasPrefix("Invalid partition 'x' specified in topic arg 't:x''\n"))
            let badTopic = await run(["--delete-offsets", "--group", "g", "--topic", "t:0:1"])
            #expect(badTopic.code == 1)
            #expect(badTopic.err.hasPrefix("Invalid topic arg 't:0:1', expected topic name and partitions\n"))

            let missingTopic = await run(["--reset-offsets", "--group", "g", "--topic", "nope", "--to-earliest", "--dry-run"])
            #expect(missingTopic.code == 0)
            // Kafka rethrows the describe-topics failure's cause: its message alone.
            #expect(missingTopic.out == "\nError: Executing consumer group command failed due to This server does not host this topic-partition.\n")
            let missingPartition = await run(["--reset-offsets", "--group", "g", "--topic", "t:7", "--to-earliest", "--dry-run"])
            #expect(missingPartition.code == 0)
            #expect(missingPartition.out.hasPrefix("\nError: Executing consumer group command failed due to java.util.concurrent.ExecutionException: org.apache.kafka.common.errors."))

            let badOffset = await run(["--reset-offsets", "--group", "g", "--all-topics", "--to-offset", "abc", "--dry-run"])
            #expect(badOffset.code == 0)
            #expect(badOffset.out == "\nError: Executing consumer group command failed due to Cannot parse argument 'abc' of option to-offset\n")
            let badTimeout = await run(["--list", "--timeout", "soon"])
            #expect(badTimeout.out == "\nError: Executing consumer group command failed due to Cannot parse argument 'soon' of option timeout\n")
            let twoGroups = await run(["--delete-offsets", "--group", "g", "--group", "h", "--topic", "t"])
            #expect(twoGroups.out == "\nError: Executing consumer group command failed due to Found multiple arguments for option group, but you asked for only one\n")

            let partitionScoped = await run(["--delete-offsets", "--group", "g", "--topic", "t:1,0"])
            #expect(partitionScoped.out == "Request succeed for deleting offsets with topic t:1,0 group g\n"
                + "\nTOPIC                          PARTITION       STATUS         "
                + "\nt                              0               Successful     "
                + "\nt                              1               Successful     \n")

            let config = try BrokerSetup.writeTemp("client.id=groups-tool-test\nrequest.timeout.ms=20000\n", suffix: ".properties")
            let withConfig = await run(["--list", "--command-config", config])
            #expect(withConfig.code == 0)
            #expect(withConfig.out == "g\n")
            let deleteAll = await run(["--delete", "--all-groups"])
            #expect(deleteAll.out == "Deletion of requested consumer groups ('g') was successful.\n")
            let nothing = await run(["--describe", "--all-groups"])
            #expect(nothing.code == 0 && nothing.out == "" && nothing.err == "")
            let nothingJSON = await run(["--describe", "--all-groups", "--members", "--output", "json"])
            #expect(nothingJSON.out == "{\n  \"groups\" : [\n\n  ]\n}\n")
            let missingConfig = await run(["--list", "--command-config", "/nonexistent/admin.properties"])
            #expect(missingConfig.code == 0)
            #expect(missingConfig.out == "\nError: Executing consumer group command failed due to java.nio.file.NoSuchFileException: /nonexistent/admin.properties\n")
        }
    }
}
