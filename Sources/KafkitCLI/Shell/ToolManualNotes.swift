/// The prose of the man pages that option declarations cannot give: a description, the exit
/// status rules, examples from the usual Kafka workflows, and related pages. Keyed by
/// subcommand name; a tool without an entry gets its abstract and the common rules, and entries
/// for tools that are not registered are simply not used.
struct ToolManualNotes: Sendable {
    struct Example: Sendable {
        var title: String
        var commands: [String]
    }

    var description: [String]
    var exitStatus: [String]
    var examples: [Example]
    var seeAlso: [String]

    static let joptExitStatus = [
        "0 when the tool did what was asked.",
        "1 after a usage error (the message and the option table go to standard error; --help also prints them and exits 1, as Kafka's tools do) or a failed request.",
    ]

    static let argparseExitStatus = [
        "0 when the tool did what was asked, and for -h/--help, which prints help on standard output.",
        "1 after a usage error (usage and the message on standard error) or a failure.",
    ]

    static let jsonExitStatus =
        "With --output json a failure is a JSON document on standard error and the exit status is never 0."

    static func notes(for tool: String) -> ToolManualNotes? { table[tool] }

    static let bootstrap = "--bootstrap-server localhost:9092"

    static let table: [String: ToolManualNotes] = [
        "server": ToolManualNotes(
            description: [
                "Runs a Kafka-compatible broker in the foreground, as kafka-server-start.sh does. Without a properties file it starts the embedded default: one combined broker and controller with PLAINTEXT://127.0.0.1:9092, the controller listener on 9093 and its data in ./kafkit-data, formatted on first start.",
                "With a Kafka server.properties file it reads that file instead; the log directories must have been formatted with kafkit storage format. Each --override key=value replaces one setting of the file. SIGINT and SIGTERM shut the broker down cleanly.",
            ],
            exitStatus: [
                "0 after a clean shutdown, and for --version.",
                "1 when the configuration is invalid, the storage is not formatted, or --help was given.",
            ],
            examples: [
                Example(title: "Start a single-node broker on the embedded default:", commands: ["kafkit server"]),
                Example(
                    title: "Start from a properties file with one setting replaced:",
                    commands: ["kafkit server config/server.properties --override log.retention.hours=1"]),
            ],
            seeAlso: ["storage", "topics"]),
        "storage": ToolManualNotes(
            description: [
                "Prepares and inspects the log directories of a KRaft node, as kafka-storage.sh does: format writes meta.properties and the bootstrap checkpoint, info reports what is there, random-uuid prints a new cluster id, and version-mapping and feature-dependencies describe metadata versions and features.",
                "Options and sub-commands may be abbreviated to any unique prefix.",
            ],
            exitStatus: argparseExitStatus,
            examples: [
                Example(
                    title: "Format the directories of a new single-node cluster:",
                    commands: ["kafkit storage format --config server.properties --cluster-id \"$(kafkit storage random-uuid)\" --standalone"]),
            ],
            seeAlso: ["server"]),
        "topics": ToolManualNotes(
            description: [
                "Creates, lists, describes, alters and deletes topics through the admin API, as kafka-topics.sh does. Exactly one of --create, --list, --describe, --alter and --delete is needed; --topic also takes a regular expression except with --create.",
            ],
            exitStatus: joptExitStatus + ["Errors from the broker are printed as \"Error while executing topic command\" on standard output, with exit status 1."],
            examples: [
                Example(
                    title: "Create a topic:",
                    commands: ["kafkit topics \(bootstrap) --create --topic test --partitions 1 --replication-factor 1"]),
                Example(title: "Describe it:", commands: ["kafkit topics \(bootstrap) --describe --topic test"]),
            ],
            seeAlso: ["configs", "console-producer", "console-consumer"]),
        "console-producer": ToolManualNotes(
            description: [
                "Reads lines from standard input and sends each as one record, as kafka-console-producer.sh does. With parse.key=true each line holds a key and a value separated by key.separator (a tab by default); at end of input it flushes and exits. On a terminal it shows a > prompt.",
            ],
            exitStatus: joptExitStatus + ["A record the broker rejects is logged and does not change the exit status, as in Kafka."],
            examples: [
                Example(
                    title: "Send two records:",
                    commands: ["printf 'hello\\nworld\\n' | kafkit console-producer \(bootstrap) --topic test"]),
                Example(
                    title: "Send keyed records (key and value separated by a colon):",
                    commands: ["printf 'k1:v1\\nk2:v2\\n' | kafkit console-producer \(bootstrap) --topic test --property parse.key=true --property key.separator=:"]),
            ],
            seeAlso: ["console-consumer", "topics"]),
        "console-consumer": ToolManualNotes(
            description: [
                "Reads records from a topic and prints them on standard output, as kafka-console-consumer.sh does: from the end by default, from the beginning with --from-beginning, from one partition and offset with --partition and --offset, or as a member of a consumer group with --group. When it stops it prints \"Processed a total of N messages\" on standard error.",
            ],
            exitStatus: joptExitStatus + ["0 also when --timeout-ms passes without a record, as in Kafka."],
            examples: [
                Example(
                    title: "Read everything from the beginning:",
                    commands: ["kafkit console-consumer \(bootstrap) --topic test --from-beginning --max-messages 2"]),
                Example(
                    title: "Print keys and timestamps too:",
                    commands: ["kafkit console-consumer \(bootstrap) --topic test --from-beginning --property print.key=true --property print.timestamp=true"]),
            ],
            seeAlso: ["console-producer", "consumer-groups"]),
        "consumer-groups": ToolManualNotes(
            description: [
                "Lists, describes, deletes and resets the offsets of consumer groups, as kafka-consumer-groups.sh does. --reset-offsets only shows the new offsets unless --execute is given.",
            ],
            exitStatus: [
                "0 when the tool did what was asked, and also after most errors from the broker, which it prints as \"Error: ...\" (Kafka's tool does the same).",
                "1 after a usage error (message and option table on standard error) or --help.",
            ],
            examples: [
                Example(title: "Describe a group:", commands: ["kafkit consumer-groups \(bootstrap) --describe --group my-group"]),
                Example(
                    title: "Reset a group to the latest offsets of a topic:",
                    commands: ["kafkit consumer-groups \(bootstrap) --group my-group --topic test --reset-offsets --to-latest --execute"]),
            ],
            seeAlso: ["console-consumer", "get-offsets"]),
        "dump-log": ToolManualNotes(
            description: [
                "Prints the contents of log segments, offset and time indexes, producer snapshots, transaction indexes and KRaft metadata snapshots, reading the files directly (no broker needed), as kafka-dump-log.sh does.",
            ],
            exitStatus: joptExitStatus + ["Index mismatches are reported on standard error with exit status 0, as in Kafka."],
            examples: [
                Example(
                    title: "Dump a segment with the record payloads:",
                    commands: ["kafkit dump-log --files kafkit-data/test-0/00000000000000000000.log --print-data-log"]),
                Example(
                    title: "Decode the cluster metadata log:",
                    commands: ["kafkit dump-log --cluster-metadata-decoder --files kafkit-data/__cluster_metadata-0/00000000000000000000.log"]),
            ],
            seeAlso: ["server"]),
        "configs": ToolManualNotes(
            description: [
                "Describes and changes the dynamic configuration of topics, brokers and other entities, as kafka-configs.sh does.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(
                    title: "Shorten the retention of a topic:",
                    commands: ["kafkit configs \(bootstrap) --alter --entity-type topics --entity-name test --add-config retention.ms=3600000"]),
                Example(
                    title: "Show its dynamic configuration:",
                    commands: ["kafkit configs \(bootstrap) --describe --entity-type topics --entity-name test"]),
            ],
            seeAlso: ["topics"]),
        "get-offsets": ToolManualNotes(
            description: [
                "Prints topic:partition:offset for the partitions chosen, at the time given by --time (latest by default), as kafka-get-offsets.sh does.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(title: "Latest offsets of a topic:", commands: ["kafkit get-offsets \(bootstrap) --topic test"]),
                Example(title: "Earliest offsets:", commands: ["kafkit get-offsets \(bootstrap) --topic test --time earliest"]),
            ],
            seeAlso: ["delete-records", "consumer-groups"]),
        "delete-records": ToolManualNotes(
            description: [
                "Deletes the records of partitions below given offsets, as kafka-delete-records.sh does. The partitions and offsets come from a JSON file.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(
                    title: "Delete everything below offset 2 in partition 0:",
                    commands: [
                        "echo '{\"partitions\":[{\"topic\":\"test\",\"partition\":0,\"offset\":2}],\"version\":1}' > delete.json",
                        "kafkit delete-records \(bootstrap) --offset-json-file delete.json",
                    ]),
            ],
            seeAlso: ["get-offsets"]),
        "broker-api-versions": ToolManualNotes(
            description: [
                "Prints, for every broker of the cluster, the versions of each Kafka API it supports, as kafka-broker-api-versions.sh does.",
            ],
            exitStatus: joptExitStatus + ["A broker that cannot be asked is reported and does not change the exit status, as in Kafka."],
            examples: [Example(title: "Show the API versions:", commands: ["kafkit broker-api-versions \(bootstrap)"])],
            seeAlso: ["server"]),
        "metadata-quorum": ToolManualNotes(
            description: [
                "Describes the KRaft metadata quorum, as kafka-metadata-quorum.sh does: describe shows its status (leader, epoch, high watermark, voters, observers) or the replication state of each replica; add-controller and remove-controller change its voters. Global options such as --bootstrap-server come before the sub-command.",
            ],
            exitStatus: argparseExitStatus,
            examples: [
                Example(title: "Show the quorum status:", commands: ["kafkit metadata-quorum \(bootstrap) describe --status"]),
            ],
            seeAlso: ["server", "storage"]),
        "leader-election": ToolManualNotes(
            description: [
                "Asks the controller to elect partition leaders, preferred or unclean, as kafka-leader-election.sh does.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(
                    title: "Elect the preferred leaders of every partition:",
                    commands: ["kafkit leader-election \(bootstrap) --election-type preferred --all-topic-partitions"]),
            ],
            seeAlso: ["reassign-partitions"]),
        "reassign-partitions": ToolManualNotes(
            description: [
                "Generates, starts, verifies, lists and cancels partition reassignments, as kafka-reassign-partitions.sh does.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(title: "List the reassignments in progress:", commands: ["kafkit reassign-partitions \(bootstrap) --list"]),
            ],
            seeAlso: ["leader-election"]),
        "producer-perf-test": ToolManualNotes(
            description: [
                "Measures produce throughput and latency, as kafka-producer-perf-test.sh does, printing a progress line every five seconds and a summary at the end.",
            ],
            exitStatus: ["0 when the run completed.", "1 after a usage error, --help, or a failure."],
            examples: [
                Example(
                    title: "Send 100000 records of 100 bytes as fast as possible:",
                    commands: ["kafkit producer-perf-test --topic test --num-records 100000 --record-size 100 --throughput -1 --producer-props bootstrap.servers=localhost:9092"]),
            ],
            seeAlso: ["consumer-perf-test"]),
        "consumer-perf-test": ToolManualNotes(
            description: [
                "Measures consume throughput, as kafka-consumer-perf-test.sh does, printing one summary line.",
            ],
            exitStatus: joptExitStatus,
            examples: [
                Example(
                    title: "Read 100000 records:",
                    commands: ["kafkit consumer-perf-test \(bootstrap) --topic test --messages 100000"]),
            ],
            seeAlso: ["producer-perf-test"]),
        "install-links": ToolManualNotes(
            description: [
                "Creates one symbolic link per Kafka script in a directory (kafka-topics.sh, kafka-console-producer.sh, ...), each pointing at kafkit. Run through such a link, kafkit runs the tool the name says, so scripts written for Kafka's bin/ directory work unchanged. An existing file of the same name is left alone unless --force is given.",
            ],
            exitStatus: ["0 when every link is in place.", "1 when a link could not be created (its name is reported on standard error)."],
            examples: [
                Example(
                    title: "Make Kafka's script names run kafkit:",
                    commands: ["kafkit install-links ~/.local/bin", "kafka-topics.sh \(bootstrap) --list"]),
            ],
            seeAlso: []),
    ]
}
