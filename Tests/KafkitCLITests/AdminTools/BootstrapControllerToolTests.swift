import Foundation
import KafkitCLI
import Testing

/// `--bootstrap-controller` (KIP-919) for configs and reassign-partitions against the test
/// broker's controller listener: each run prints what the same run prints via `--bootstrap-server`.
@Suite("--bootstrap-controller tools")
struct BootstrapControllerToolTests {
    static func both(_ broker: TestBroker, _ execute: ([String], ToolConsole) async -> Int32, _ arguments: [String]) async
        -> (controller: (code: Int32, out: String, err: String), server: (code: Int32, out: String, err: String)) {
        let controller = await runTool(execute, ["--bootstrap-controller", "127.0.0.1:\(broker.controllerPort)"] + arguments)
        let server = await runTool(execute, ["--bootstrap-server", "127.0.0.1:\(broker.port)"] + arguments)
        return (controller, server)
    }

    @Test("configs: alter and describe a broker's config through the controller")
    func configsBroker() async throws {
        try await withTestBroker { broker in
            let described = await Self.both(broker, ConfigsCommand.execute, ["--describe", "--entity-type", "brokers", "--entity-name", "1"])
            #expect(described.controller.code == 0)
            #expect(described.controller.out == described.server.out)
            #expect(described.controller.err == "")

            let alter = ["--alter", "--entity-type", "brokers", "--entity-name", "1", "--add-config", "log.cleaner.threads=2"]
            let altered = await Self.both(broker, ConfigsCommand.execute, alter)
            #expect(altered.controller.code == 0)
            #expect(altered.controller.out == "Completed updating config for broker 1.\n")
            #expect(altered.controller.out == altered.server.out && altered.controller.err == altered.server.err)

            let after = await Self.both(broker, ConfigsCommand.execute, ["--describe", "--entity-type", "brokers", "--entity-name", "1"])
            #expect(after.controller.out.contains("\n  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:log.cleaner.threads=2"))
            #expect(after.controller.out == after.server.out)

            // Without a name, the nodes come from DescribeCluster: the controllers (here node 1 too).
            let every = await Self.both(broker, ConfigsCommand.execute, ["--describe", "--entity-type", "brokers", "--all"])
            #expect(every.controller.code == 0)
            #expect(every.controller.out.hasPrefix("All configs for broker 1 are:\n"))
            #expect(every.controller.out == every.server.out)

            // Topic configs go to the active controller.
            try await BrokerSetup.createTopic(broker.port, "demo")
            let topicAltered = await Self.both(broker, ConfigsCommand.execute, ["--alter", "--topic", "demo", "--add-config", "retention.ms=1000"])
            #expect(topicAltered.controller.out == "Completed updating config for topic demo.\n")
            #expect(topicAltered.controller.out == topicAltered.server.out)
            let topic = await Self.both(broker, ConfigsCommand.execute, ["--describe", "--topic", "demo"])
            #expect(topic.controller.out.contains("\n  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000"))
            #expect(topic.controller.out == topic.server.out && topic.controller.err == topic.server.err)

            let deleted = await Self.both(broker, ConfigsCommand.execute, [
                "--alter", "--entity-type", "brokers", "--entity-name", "1", "--delete-config", "log.cleaner.threads"])
            #expect(deleted.controller.code == 0)
            #expect(deleted.controller.out == "Completed updating config for broker 1.\n")
        }
    }

    @Test("configs: a broker listener given as --bootstrap-controller is Kafka's endpoint mismatch")
    func configsAgainstBrokerListener() async throws {
        try await withTestBroker { broker in
            let arguments = ["--bootstrap-controller", "127.0.0.1:\(broker.port)", "--describe", "--entity-type", "brokers", "--entity-name", "1"]
            let result = await runTool(ConfigsCommand.execute, arguments)
            #expect(result.code == 1)
            // Kafka prints the entity's header before asking for its configs.
            #expect(result.out == "Dynamic configs for broker 1 are:\n")
            #expect(result.err.hasPrefix("Error while executing config command with args '\(arguments.joined(separator: " "))'\n"), "\(result.err)")
            #expect(result.err.contains("MismatchedEndpointTypeException: The request was sent to an endpoint of type BROKER, but we wanted an endpoint of type CONTROLLER"), "\(result.err)")
        }
    }

    @Test("bootstrap.servers in --command-config with --bootstrap-controller is Kafka's 'cannot set both'")
    func bothBootstrapKinds() async throws {
        let file = try BrokerSetup.writeTemp("bootstrap.servers=127.0.0.1:1\n", suffix: ".properties")
        let controller = ["--bootstrap-controller", "127.0.0.1:1", "--command-config", file]
        let configs = await runTool(ConfigsCommand.execute, controller + ["--describe", "--broker", "1"])
        let reassign = await runTool(ReassignPartitionsCommand.execute, controller + ["--list"])
        let message = "You cannot set both bootstrap.servers and bootstrap.controllers"
        #expect(configs.code == 1)
        #expect(configs.out == "")
        #expect(configs.err.contains(message), "\(configs.err)")
        // Kafka's reassign tool reports every failure on stdout ("Error: " and the stack trace).
        #expect(reassign.code == 1)
        #expect(reassign.out.hasPrefix("Error: org.apache.kafka.common.KafkaException: \(message)\n"), "\(reassign.out)")
    }

    @Test("reassign-partitions --list and --cancel through the controller")
    func reassignListAndCancel() async throws {
        try await withTestBroker { broker in
            let listed = await Self.both(broker, ReassignPartitionsCommand.execute, ["--list"])
            #expect(listed.controller.code == 0)
            #expect(listed.controller.out == "No partition reassignments found.\n")
            #expect(listed.controller.out == listed.server.out && listed.controller.err == listed.server.err)

            try await BrokerSetup.createTopic(broker.port, "mv", partitions: 1)
            let file = try BrokerSetup.writeTemp(#"{"version":1,"partitions":[{"topic":"mv","partition":0,"replicas":[1]}]}"#)
            let cancelled = await Self.both(broker, ReassignPartitionsCommand.execute, ["--reassignment-json-file", file, "--cancel"])
            #expect(cancelled.controller.code == cancelled.server.code)
            #expect(cancelled.controller.out == cancelled.server.out)
            #expect(cancelled.controller.err == cancelled.server.err)
        }
    }

    @Test("the built binary, as kafka-configs.sh and kafka-reassign-partitions.sh, with --bootstrap-controller",
          .enabled(if: AdminToolsEndToEndTests.binary != nil, "the kafkit executable is built"))
    func endToEnd() async throws {
        let binary = try #require(AdminToolsEndToEndTests.binary)
        try await withTestBroker { broker in
            let controller = ["--bootstrap-controller", "127.0.0.1:\(broker.controllerPort)"]
            let configs = try AdminToolsEndToEndTests.link("kafka-configs.sh", to: binary)
            let altered = try await KafkitBinary.run(configs, controller + ["--alter", "--broker", "1", "--add-config", "log.cleaner.threads=3"])
            #expect(altered.code == 0)
            #expect(altered.out == "Completed updating config for broker 1.\n")
            let described = try await KafkitBinary.run(configs, controller + ["--describe", "--broker", "1"])
            let viaServer = try await KafkitBinary.run(configs, ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--describe", "--broker", "1"])
            #expect(described.code == 0)
            #expect(described.out.hasPrefix("Dynamic configs for broker 1 are:\n  log.cleaner.threads=3 sensitive=false"))
            #expect(described.out == viaServer.out)

            let reassign = try AdminToolsEndToEndTests.link("kafka-reassign-partitions.sh", to: binary)
            let listed = try await KafkitBinary.run(reassign, controller + ["--list"])
            #expect(listed.code == 0)
            #expect(listed.out == "No partition reassignments found.\n")
        }
    }
}
