import Foundation
import KafkitCLI
import Testing

@Suite("get-offsets")
struct GetOffsetsTests {
    @Test("recorded runs 24 and 24b against kafkit's broker")
    func recordedRuns() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "t")
            try await BrokerSetup.createTopic(broker.port, "perf")
            try await BrokerSetup.produce(broker.port, topic: "t", count: 5)
            for name in ["24-get-offsets.txt", "24b-get-offsets-earliest.txt"] {
                let recorded = try Transcript.load(name)
                let result = await runTool(GetOffsetsCommand.execute, withBroker(recorded.arguments, port: broker.port))
                recorded.expectSameRun(result, "\(name)")
            }
        }
    }

    @Test("sorting by the topic-partition string, time specs, filters and omitted -1 offsets")
    func ordersAndSpecs() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "many", partitions: 11)
            try await BrokerSetup.createTopic(port, "a-b")
            try await BrokerSetup.createTopic(port, "a")
            try await BrokerSetup.produce(port, topic: "many", partition: 10, count: 3, timestamp: 1_000)
            try await BrokerSetup.produce(port, topic: "many", partition: 2, count: 2, timestamp: 2_000)
            let server = ["--bootstrap-server", "127.0.0.1:\(port)"]

            let all = await runTool(GetOffsetsCommand.execute, server + ["--topic", "many", "--partitions", "1,2,10"])
            #expect(all.out == "many:1:0\nmany:10:3\nmany:2:2\n")
            #expect(all.code == 0)

            let names = await runTool(GetOffsetsCommand.execute, server + ["--topic", "a.*", "--time", "-1"])
            #expect(names.out == "a:0:0\na-b:0:0\n")

            let byTime = await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "many:2-11", "--time", "1500"])
            #expect(byTime.out == "many:2:0\n")

            let late = await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "many:10", "--time", "5000"])
            #expect(late.code == 0)
            #expect(late.out == "")

            let rule = await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "many:-2,:10", "--time", "latest"])
            #expect(rule.out.split(separator: "\n").filter { $0.hasPrefix("many") } == ["many:0:0", "many:1:0", "many:10:3"])

            let earliest = await runTool(GetOffsetsCommand.execute, server + ["--topic", "many", "--partitions", "10", "--time", "-2"])
            #expect(earliest.out == "many:10:0\n")

            let maxTimestamp = await runTool(GetOffsetsCommand.execute, server + ["--topic", "many", "--partitions", "2", "--time", "max-timestamp"])
            #expect(maxTimestamp.code == 0)

            let internalExcluded = await runTool(GetOffsetsCommand.execute, server + ["--exclude-internal-topics"])
            #expect(!internalExcluded.out.contains("__"))
            #expect(internalExcluded.out.contains("many:10:3\n"))
        }
    }

    @Test("errors: Kafka's messages and exit 1")
    func errors() async throws {
        try await withTestBroker { broker in
            let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
            try await BrokerSetup.createTopic(broker.port, "t")
            let cases: [([String], String)] = [
                (["--time", "foo"],
                 "Error occurred: Malformed time argument foo. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered, or a specified long format timestamp\n"),
                (["--topic-partitions", "t:0", "--topic", "t"],
                 "Error occurred: --topic-partitions cannot be used with --topic or --partitions\n"),
                (["--topic-partitions", "t:0", "--partitions", "0"],
                 "Error occurred: --topic-partitions cannot be used with --topic or --partitions\n"),
                (["--partitions", "a,b"],
                 "Error occurred: --partitions expects a comma separated list of numeric partition ids, but received: a,b\n"),
                (["--topic", "nothing-here"], "Error occurred: Could not match any topic-partitions with the specified filters\n"),
                (["--topic", "t", "--partitions", "7"], "Error occurred: Could not match any topic-partitions with the specified filters\n"),
                (["--bootstrap"], "Error occurred: bootstrap is not a recognized option\n"),
                (["--time"], "Error occurred: Option time requires an argument\n"),
            ]
            for (arguments, expected) in cases {
                let result = await runTool(GetOffsetsCommand.execute, server + arguments)
                #expect(result.code == 1, "\(arguments)")
                #expect(result.err == expected, "\(arguments)")
                #expect(result.out == "", "\(arguments)")
            }
            let rule = await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "x:y"])
            #expect(rule.code == 1)
            #expect(rule.err.hasPrefix(
                "Error occurred: org.apache.kafka.tools.TerseException: Invalid rule specification: x:y\njava.lang.RuntimeException: org.apache.kafka.tools.TerseException: Invalid rule specification: x:y\n"))
            let regex = await runTool(GetOffsetsCommand.execute, server + ["--topic", "t["])
            #expect(regex.code == 1)
            #expect(regex.err.hasPrefix("Error occurred: t[ is an invalid regex.\njava.lang.RuntimeException: t[ is an invalid regex.\n"))
            let big = await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "t:99999999999"])
            #expect(big.code == 1)
            #expect(big.err.hasPrefix("Error occurred: For input string: \"99999999999\"\n"))
        }
    }

    @Test("usage, version, missing and invalid --bootstrap-server")
    func usage() async {
        let none = await runTool(GetOffsetsCommand.execute, [])
        #expect(none.code == 1)
        #expect(none.err.hasPrefix("An interactive shell for getting topic-partition offsets.\n"))
        let version = await runTool(GetOffsetsCommand.execute, ["--version"])
        #expect(version.code == 0 && version.out == JoptCommandLine.versionLine + "\n")
        let missing = await runTool(GetOffsetsCommand.execute, ["--topic", "t"])
        #expect(missing.code == 1)
        #expect(missing.err.hasPrefix("Missing required argument \"[bootstrap-server]\"\n"))
        let invalid = await runTool(GetOffsetsCommand.execute, ["--bootstrap-server", "nohost"])
        #expect(invalid.code == 1)
        #expect(invalid.err.hasPrefix("Please provide valid host:port like host1:9091,host2:9092\n\n"))
        let removed = await runTool(GetOffsetsCommand.execute, ["--broker-list", "h:1"])
        #expect(removed.err == "Error occurred: broker-list is not a recognized option\n")
    }

    @Test("--topic-partitions rule grammar")
    func ruleGrammar() throws {
        let filter = try TopicPartitionFilter.patternList("t:1,u:0-3,v,w:5-,x:-3,:9")
        #expect(filter.isTopicPartitionAllowed("t", 1) && !filter.isTopicPartitionAllowed("t", 2))
        #expect(filter.isTopicPartitionAllowed("u", 2) && !filter.isTopicPartitionAllowed("u", 3))
        #expect(filter.isTopicPartitionAllowed("v", 1000))
        #expect(filter.isTopicPartitionAllowed("w", 5) && !filter.isTopicPartitionAllowed("w", 4))
        #expect(filter.isTopicPartitionAllowed("x", 2) && !filter.isTopicPartitionAllowed("x", 3))
        #expect(filter.isTopicPartitionAllowed("anything", 9) && !filter.isTopicPartitionAllowed("anything", 8))
        #expect(filter.isTopicAllowed("anything"))
        let empty = try TopicPartitionFilter.patternList("t:3-1")
        #expect(!empty.isTopicPartitionAllowed("t", 2))
        let regex = try TopicPartitionFilter.patternList("te.*:0")
        #expect(regex.isTopicPartitionAllowed("test", 0) && !regex.isTopicAllowed("xtest"))
        #expect(throws: TopicPartitionFilter.InvalidRule.self) { try TopicPartitionFilter.patternList("a:1:2") }
        #expect(throws: TopicPartitionFilter.InvalidRule.self) { try TopicPartitionFilter.patternList("a:1-2-3") }
        let include = try IncludeList("'a, b'")
        #expect(include.isTopicAllowed("a") && include.isTopicAllowed("b") && !include.isTopicAllowed("ab"))
    }
}
