import Foundation
import KafkitCLI
import Testing

@Suite("configs")
struct ConfigsTests {
    @Test("recorded runs 22, 22c and 22d against kafkit's broker")
    func recordedRuns() async throws {
        try await withTestBroker { broker in
            try await BrokerSetup.createTopic(broker.port, "demo")
            for name in ["22-configs-describe-broker.txt", "22c-configs-alter-topic.txt", "22d-configs-describe-topic.txt"] {
                let recorded = try Transcript.load(name)
                let result = await runTool(ConfigsCommand.execute, withBroker(recorded.arguments, port: broker.port))
                recorded.expectSameRun(result, "\(name)")
            }
        }
    }

    @Test("--all for a broker: Kafka's header and entry layout, sorted by name")
    func describeBrokerAll() async throws {
        try await withTestBroker { broker in
            let recorded = try Transcript.load("22b-configs-describe-broker-all.txt")
            let result = await runTool(ConfigsCommand.execute, withBroker(recorded.arguments, port: broker.port))
            #expect(result.code == 0)
            let lines = result.out.split(separator: "\n").map(String.init)
            #expect(lines.first == "All configs for broker 1 are:")
            let entries = lines.dropFirst()
            #expect(entries.count > 10)
            for line in entries {
                #expect(line.hasPrefix("  ") && line.contains(" sensitive=") && line.hasSuffix("}") && line.contains(" synonyms={"), "\(line)")
            }
            let names = entries.map { String($0.dropFirst(2).prefix { $0 != "=" }) }
            #expect(names == names.sorted { Array($0.utf16).lexicographicallyPrecedes(Array($1.utf16)) })
            // The test broker is configured with `advertised.listeners=PLAINTEXT://127.0.0.1:0`: the static value is what is shown.
            let listener = (entries.first { $0.hasPrefix("  advertised.listeners=") } ?? "")
                .replacingOccurrences(of: "127.0.0.1:0 ", with: "127.0.0.1:19092 ").replacingOccurrences(of: "127.0.0.1:0}", with: "127.0.0.1:19092}")
            #expect(listener == "  advertised.listeners=PLAINTEXT://127.0.0.1:19092 sensitive=false synonyms={STATIC_BROKER_CONFIG:advertised.listeners=PLAINTEXT://127.0.0.1:19092}")
            // KafkaConfig.populateSynonyms: node.id=1 alone makes broker.id=1 a static config too.
            let recordedLines = recorded.stdout.split(separator: "\n").map(String.init)
            for name in ["broker.id", "node.id"] {
                let ours = entries.first { $0.hasPrefix("  \(name)=") }
                let kafka = recordedLines.first { $0.hasPrefix("  \(name)=") }
                #expect(ours != nil && ours == kafka, "\(name)")
            }
        }
    }

    @Test("alter with brackets, file and delete; describe of every topic; broker defaults")
    func alterAndDescribe() async throws {
        try await withTestBroker { broker in
            let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
            try await BrokerSetup.createTopic(broker.port, "demo")
            let set = await runTool(ConfigsCommand.execute, server + [
                "--alter", "--topic", "demo", "--add-config", "cleanup.policy=[compact,delete], retention.ms = 1000"])
            #expect(set.out == "Completed updating config for topic demo.\n")
            #expect(set.err == "")
            let described = await runTool(ConfigsCommand.execute, server + ["--describe", "--topic", "demo"])
            #expect(described.out.hasPrefix("Dynamic configs for topic demo are:\n  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete"))
            #expect(described.out.contains("\n  retention.ms=1000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=1000}\n"))

            let file = try BrokerSetup.writeTemp("max.message.bytes=2000\n", suffix: ".properties")
            let fromFile = await runTool(ConfigsCommand.execute, server + ["--alter", "--entity-type", "topics", "--entity-name", "demo", "--add-config-file", file])
            #expect(fromFile.code == 0)
            let deleted = await runTool(ConfigsCommand.execute, server + ["--alter", "--topic", "demo", "--delete-config", "retention.ms,cleanup.policy"])
            #expect(deleted.out == "Completed updating config for topic demo.\n")
            let after = await runTool(ConfigsCommand.execute, server + ["--describe", "--entity-type", "topics", "--entity-name", "demo"])
            #expect(after.out == "Dynamic configs for topic demo are:\n  max.message.bytes=2000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:max.message.bytes=2000, DEFAULT_CONFIG:message.max.bytes=1048588}\n")

            let notSet = await runTool(ConfigsCommand.execute, server + ["--alter", "--topic", "demo", "--delete-config", "foo"])
            #expect(notSet.code == 1)
            #expect(notSet.err == "Invalid config(s): foo\n")

            let everyTopic = await runTool(ConfigsCommand.execute, server + ["--describe", "--entity-type", "topics"])
            #expect(everyTopic.out.contains("Dynamic configs for topic demo are:\n"))

            let brokers = await runTool(ConfigsCommand.execute, server + ["--describe", "--entity-type", "brokers"])
            #expect(brokers.out.hasPrefix("Dynamic configs for broker 1 are:\n"))
            #expect(brokers.out.hasSuffix("Default configs for brokers in the cluster are:\n"))

            let defaults = await runTool(ConfigsCommand.execute, server + ["--alter", "--broker-defaults", "--add-config", "log.cleaner.threads=2"])
            #expect(defaults.out == "Completed updating default config for brokers in the cluster.\n")
            let describedDefaults = await runTool(ConfigsCommand.execute, server + ["--describe", "--entity-type", "brokers", "--entity-default"])
            #expect(describedDefaults.out.hasPrefix("Default configs for brokers in the cluster are:\n  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.cleaner.threads=2"))

            let missing = await runTool(ConfigsCommand.execute, server + ["--describe", "--topic", "nope"])
            #expect(missing.code == 1)
            #expect(missing.err.hasPrefix("Error while executing config command with args '\((server + ["--describe", "--topic", "nope"]).joined(separator: " "))'\njava.util.concurrent.ExecutionException: org.apache.kafka.common.errors.UnknownTopicOrPartitionException"))

            let badValue = await runTool(ConfigsCommand.execute, server + ["--alter", "--topic", "demo", "--add-config", "retention.ms=abc"])
            #expect(badValue.code == 1)
            #expect(badValue.err.contains("\njava.util.concurrent.ExecutionException: org.apache.kafka.common.errors.InvalidConfigurationException: "), "\(badValue.err)")

            let badName = await runTool(ConfigsCommand.execute, server + ["--describe", "--topic", "a b"])
            #expect(badName.err.contains("org.apache.kafka.common.errors.InvalidTopicException: Topic name \"a b\" is illegal, it contains a character other than ASCII alphanumerics, '.', '_' and '-'"))
        }
    }

    @Test("argument rules: Kafka's messages on stderr, exit 1")
    func argumentRules() async {
        let server = ["--bootstrap-server", "127.0.0.1:1"]
        let cases: [([String], String)] = [
            (server + ["--describe", "--entity-type", "topics", "--entity-type", "topics"], "Duplicate entity type(s) specified: topics"),
            (["--describe", "--entity-type", "topics"], "Either --bootstrap-server or --bootstrap-controller must be specified."),
            (server + ["--describe", "--entity-type", "foo"],
             "Invalid entity type foo, the entity type must be one of topics, clients, users, brokers, ips, client-metrics, groups, broker-loggers with a --bootstrap-server or --bootstrap-controller argument"),
            (server + ["--describe"], "At least one entity type must be specified"),
            (server + ["--describe", "--entity-type", "topics", "--entity-type", "brokers"],
             "Only 'users' and 'clients' entity types may be specified together"),
            (server + ["--describe", "--entity-name", "t1", "--topic", "t1"],
             "--entity-{type,name,default} should not be used in conjunction with specific entity flags"),
            (server + ["--bootstrap-controller", "h:1", "--describe", "--topic", "t"],
             "Only one of --bootstrap-server or --bootstrap-controller can be specified"),
            (server + ["--alter", "--entity-type", "brokers", "--entity-name", "abc", "--add-config", "a=b"],
             "The entity name for brokers must be a valid integer broker id, but it is: abc"),
            (server + ["--describe", "--ip", "x"], "The entity name for ips must be a valid IP or resolvable host, but it is: x"),
            (server + ["--describe", "--entity-type", "topics", "--entity-default"], "--entity-default must not be specified with --describe of topics"),
            (server + ["--describe", "--entity-type", "broker-loggers"], "An entity name must be specified with --describe of broker-loggers"),
            (server + ["--alter", "--entity-type", "brokers", "--add-config", "a=b"],
             "An entity-name or default entity must be specified with --alter of users, clients, brokers or ips"),
            (server + ["--alter", "--entity-type", "topics", "--add-config", "a=b"], "An entity name must be specified with --alter of topics"),
            (server + ["--alter", "--topic", "t", "--add-config", "a=b", "--add-config-file", "f"],
             "Only one of --add-config or --add-config-file must be specified"),
            (server + ["--alter", "--topic", "t"],
             "At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter"),
            (server + ["--alter", "--topic", "t", "--add-config", "a=b=c"],
             "requirement failed: Invalid entity config: all configs to be added must be in the format \"key=val\" or  \"key=[val1,val2]\" to group values which contain commas."),
            (server + ["--alter", "--topic", "t", "--add-config", "a*=b"], "Invalid character found for config key: a*"),
            (server + ["--alter", "--entity-type", "topics", "--entity-name", "a", "--entity-name", "b", "--add-config", "a=b"],
             "An entity name must be specified for every entity type"),
            (server + ["--describe", "--zookeeper", "z"], "zookeeper is not a recognized option"),
        ]
        for (arguments, message) in cases {
            let result = await runTool(ConfigsCommand.execute, arguments)
            #expect(result.code == 1, "\(arguments)")
            #expect(result.err == message + "\n", "\(arguments)")
            #expect(result.out == "", "\(arguments)")
        }
    }

    @Test("action checks print usage")
    func actions() async {
        let none = await runTool(ConfigsCommand.execute, [])
        #expect(none.code == 1)
        #expect(none.err.hasPrefix(
            "This tool helps to manipulate and describe entity config for a topic, client, user, broker, ip, client-metrics or group\n"))
        let noAction = await runTool(ConfigsCommand.execute, ["--bootstrap-server", "h:1", "--topic", "t"])
        #expect(noAction.code == 1)
        #expect(noAction.err.hasPrefix("Command must include exactly one action: --describe, --alter\nOption"))
        let both = await runTool(ConfigsCommand.execute, ["--bootstrap-server", "h:1", "--topic", "t", "--describe", "--alter"])
        #expect(both.err.hasPrefix("Command must include exactly one action: --describe, --alter\n"))
        let addOnDescribe = await runTool(ConfigsCommand.execute, ["--bootstrap-server", "h:1", "--topic", "t", "--describe", "--add-config", "a=b"])
        #expect(addOnDescribe.code == 1)
        #expect(addOnDescribe.err.hasPrefix("Option \"[describe]\" can't be used with option \"[add-config]\"\n"))
        let version = await runTool(ConfigsCommand.execute, ["--version"])
        #expect(version.out == JoptCommandLine.versionLine + "\n" && version.code == 0)
    }
}
