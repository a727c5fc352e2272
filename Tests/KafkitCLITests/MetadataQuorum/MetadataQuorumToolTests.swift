import Foundation
import KafkaClient
import KafkaProtocol
import KafkaStorage
import Testing

@testable import KafkitCLI

/// `kafka-metadata-quorum` against the in-process broker, compared with transcripts `16*`
/// (cluster id, offsets, times and ports normalised on both sides), and every usage error.
@Suite("metadata-quorum", .serialized)
struct MetadataQuorumToolTests {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(MetadataQuorumCommand.execute, arguments)
    }

    static func controllerPort(_ broker: TestBroker) throws -> Int {
        try #require(broker.services.controllerListeners.first?.port)
    }

    /// Replaces what differs from run to run: the value after each `label:` of the status
    /// block, and the controller port.
    static func normaliseStatus(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).map { line -> String in
            for label in ["ClusterId:", "HighWatermark:"] where line.hasPrefix(label) {
                return String(line.prefix(24)) + "<value>"
            }
            return line.replacingOccurrences(of: #"127\.0\.0\.1:\d+"#, with: "127.0.0.1:<port>", options: .regularExpression)
        }.joined(separator: "\n")
    }

    /// Cells without their padding, numbers of the offset and time columns replaced by `#`.
    static func normaliseTable(_ text: String) -> String {
        text.split(separator: "\n", omittingEmptySubsequences: false).enumerated().map { index, line -> String in
            guard index > 0, !line.isEmpty else { return String(line) }
            var cells = line.split(separator: "\t", omittingEmptySubsequences: false).map {
                String($0.reversed().drop(while: { $0 == " " }).reversed())
            }
            for column in [2, 4, 5] where column < cells.count {
                cells[column] = cells[column].replacingOccurrences(of: #"\d+"#, with: "#", options: .regularExpression)
            }
            return cells.joined(separator: "\t")
        }.joined(separator: "\n")
    }

    /// Every cell padded to its column's width and followed by a tab, as Kafka's table printer does.
    static func isPaddedTable(_ text: String) -> Bool {
        let rows = text.split(separator: "\n").map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(\.count) }
        guard let first = rows.first, first.last == 0 else { return false }
        return rows.allSatisfy { $0 == first }
    }

    @Test func describeStatusAsKafka() async throws {
        try await withTestBroker { broker in
            let transcript = try Transcript.load("16-metadata-quorum-describe-status.txt")
            let result = await Self.run(withBroker(transcript.arguments, port: broker.port))
            #expect(result.code == transcript.exit)
            #expect(result.err == transcript.stderr)
            #expect(Self.normaliseStatus(result.out) == Self.normaliseStatus(transcript.stdout))
            #expect(result.out.hasPrefix("ClusterId:              \(broker.services.clusterId)\n"))
            #expect(result.out.contains("\"endpoints\": [\"CONTROLLER://127.0.0.1:\(try Self.controllerPort(broker))\"]"))
        }
    }

    @Test func describeStatusViaTheControllerListener() async throws {
        try await withTestBroker { broker in
            let transcript = try Transcript.load("16d-metadata-quorum-via-bootstrap-controller.txt")
            let arguments = transcript.arguments.map {
                $0.replacingOccurrences(of: "127.0.0.1:19093", with: "127.0.0.1:\((try? Self.controllerPort(broker)) ?? 0)")
            }
            let result = await Self.run(arguments)
            #expect(result.code == 0)
            #expect(result.err == "")
            #expect(Self.normaliseStatus(result.out) == Self.normaliseStatus(transcript.stdout))
        }
    }

    @Test func describeReplicationAsKafka() async throws {
        try await withTestBroker { broker in
            for name in ["16b-metadata-quorum-describe-replication.txt", "16c-metadata-quorum-describe-replication-human-readable.txt"] {
                let transcript = try Transcript.load(name)
                let result = await Self.run(withBroker(transcript.arguments, port: broker.port))
                #expect(result.code == 0, "\(name)")
                #expect(result.err == "")
                #expect(Self.normaliseTable(result.out) == Self.normaliseTable(transcript.stdout), "\(name)")
                #expect(Self.isPaddedTable(result.out), "\(name)")
                #expect(Self.isPaddedTable(transcript.stdout), "\(name)")
            }
        }
    }

    @Test func uniquePrefixesOfOptionsAndSubcommands() async throws {
        try await withTestBroker { broker in
            let status = await Self.run(["--bootstrap-s", "127.0.0.1:\(broker.port)", "desc", "--stat"])
            #expect(status.code == 0)
            #expect(status.out.hasPrefix("ClusterId:              "))
            let replication = await Self.run(["--bootstrap-server=127.0.0.1:\(broker.port)", "d", "--rep", "--hum"])
            #expect(replication.code == 0)
            #expect(replication.out.contains(" ms ago "))
        }
    }

    @Test func jsonDocuments() async throws {
        try await withTestBroker { broker in
            let server = "127.0.0.1:\(broker.port)"
            let status = await Self.run(["--bootstrap-server", server, "describe", "--status", "--output", "json"])
            #expect(status.code == 0)
            let document = try #require(try JSONSerialization.jsonObject(with: Data(status.out.utf8)) as? [String: Any])
            #expect(document["clusterId"] as? String == broker.services.clusterId)
            #expect(document["leaderId"] as? Int == 1)
            #expect((document["leaderEpoch"] as? Int ?? -1) >= 1)
            #expect((document["highWatermark"] as? Int ?? -1) > 0)
            #expect(document["maxFollowerLag"] as? Int == 0)
            #expect(document["maxFollowerLagTimeMs"] as? Int == 0)
            let voters = try #require(document["currentVoters"] as? [[String: Any]])
            #expect(voters.count == 1)
            #expect(voters.first?["id"] as? Int == 1)
            #expect(voters.first?["directoryId"] is NSNull)
            #expect(voters.first?["endpoints"] as? [String] == ["CONTROLLER://127.0.0.1:\(try Self.controllerPort(broker))"])
            #expect((document["currentObservers"] as? [Any])?.isEmpty == true)
            #expect(document.count == 8)

            let replication = await Self.run(["--bootstrap-server", server, "describe", "--replication", "--output", "json"])
            #expect(replication.code == 0)
            let table = try #require(try JSONSerialization.jsonObject(with: Data(replication.out.utf8)) as? [String: Any])
            let replicas = try #require(table["replicas"] as? [[String: Any]])
            let leader = try #require(replicas.first)
            #expect(replicas.count == 1)
            #expect(leader["nodeId"] as? Int == 1)
            #expect(leader["directoryId"] as? String == "AAAAAAAAAAAAAAAAAAAAAA")
            #expect((leader["logEndOffset"] as? Int ?? -1) > 0)
            #expect(leader["lag"] as? Int == 0)
            #expect((leader["lastFetchTimestamp"] as? Int ?? 0) > 1_700_000_000_000)
            #expect((leader["lastCaughtUpTimestamp"] as? Int ?? 0) > 1_700_000_000_000)
            #expect(leader["status"] as? String == "Leader")
            #expect(leader.count == 7)

            let bad = await Self.run(["--bootstrap-server", server, "describe", "--status", "--output", "yaml"])
            #expect(bad.code == 1)
            #expect(bad.err.hasSuffix("kafka-metadata-quorum: error: argument --output: invalid choice: 'yaml' (choose from {text,json})\n"))
        }
    }

    @Test func jsonNullsForUnknownTimes() throws {
        let row = QuorumDescription.Row(
            replica: QuorumInfo.ReplicaState(replicaId: 2, replicaDirectoryId: .zero, logEndOffset: -1, lastFetchTimestamp: nil, lastCaughtUpTimestamp: nil),
            lag: 5, status: "Follower")
        let text = JSONOutput.text(of: MetadataQuorumJSON.Replication(rows: [row]))
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let replica = try #require((document["replicas"] as? [[String: Any]])?.first)
        #expect(replica["lastFetchTimestamp"] is NSNull)
        #expect(replica["lastCaughtUpTimestamp"] is NSNull)
        #expect(replica["lag"] as? Int == 5)
    }

    // MARK: usage errors

    static func expectUsageError(_ arguments: [String], _ message: String, sourceLocation: SourceLocation = #_sourceLocation) async {
        let result = await run(arguments)
        #expect(result.code == 1, sourceLocation: sourceLocation)
        #expect(result.out == "", sourceLocation: sourceLocation)
        #expect(result.err.hasPrefix("usage: kafka-metadata-quorum"), sourceLocation: sourceLocation)
        #expect(result.err.contains("kafka-metadata-quorum: error: \(message)\n"), "\(result.err)", sourceLocation: sourceLocation)
    }

    @Test func parseErrors() async {
        await Self.expectUsageError([], "too few arguments")
        await Self.expectUsageError(["describe", "--status"], "one of the arguments --bootstrap-server --bootstrap-controller is required")
        await Self.expectUsageError(
            ["--bootstrap-server", "h:1", "--bootstrap-controller", "h:2", "describe", "--status"],
            "argument --bootstrap-controller: not allowed with argument --bootstrap-server")
        await Self.expectUsageError(["describe", "--status", "--bootstrap-server", "h:1"], "unrecognized arguments: '--bootstrap-server'")
        await Self.expectUsageError(
            ["--boot", "h:1", "describe", "--status"], "ambiguous option: --boot could match --bootstrap-controller, --bootstrap-server")
        await Self.expectUsageError(["--bootstrap-server", "h:1", "nope"], "invalid choice: 'nope' (choose from 'describe', 'add-controller', 'remove-controller')")
        await Self.expectUsageError(["--bootstrap-server", "h:1", "remove-controller", "-d", "x"], "argument --controller-id/-i is required")
        await Self.expectUsageError(["--bootstrap-server", "h:1", "remove-controller", "-i", "1"], "argument --controller-directory-id/-d is required")
        await Self.expectUsageError(
            ["--bootstrap-server", "h:1", "remove-controller", "-i", "x", "-d", "y"],
            "argument --controller-id/-i: could not convert 'x' to Integer (For input string: \"x\")")
        await Self.expectUsageError(["--bootstrap-server"], "argument --bootstrap-server: expected one argument")
    }

    @Test func helpGoesToStdoutWithExitZero() async {
        for arguments in [["-h"], ["--bootstrap-server", "h:1", "describe", "-h"], ["--bootstrap-server", "h:1", "remove-controller", "--help"]] {
            let result = await Self.run(arguments)
            #expect(result.code == 0)
            #expect(result.err == "")
            #expect(result.out.hasPrefix("usage: kafka-metadata-quorum"))
        }
        let main = await Self.run(["-h"])
        for option in ["--bootstrap-server", "--bootstrap-controller", "--command-config", "describe", "add-controller", "remove-controller"] {
            #expect(main.out.contains(option), "\(option)")
        }
        let describe = await Self.run(["--bootstrap-server", "h:1", "describe", "-h"])
        for option in ["--status", "--replication", "--human-readable", "--output"] {
            #expect(describe.out.contains(option), "\(option)")
        }
        let remove = await Self.run(["--bootstrap-server", "h:1", "remove-controller", "-h"])
        for option in ["--controller-id", "--controller-directory-id", "--dry-run"] {
            #expect(remove.out.contains(option), "\(option)")
        }
    }

    /// Kafka's `TerseException`s: the message alone on stderr, exit 1. None needs a broker.
    @Test func terseErrors() async throws {
        let cases: [([String], String)] = [
            (["--bootstrap-server", "h:1", "describe", "--status", "--replication"],
             "Only one of --status or --replication should be specified with describe sub-command"),
            (["--bootstrap-server", "h:1", "describe"], "One of --status or --replication must be specified with describe sub-command"),
            (["--bootstrap-server", "h:1", "describe", "--status", "--human-readable"],
             "The option --human-readable is only supported along with --replication"),
            (["--bootstrap-server", "h:1", "--command-config", "/nonexistent/admin.properties", "describe", "--status"],
             "Properties file /nonexistent/admin.properties does not exists!"),
            (["--bootstrap-server", "h:1", "add-controller"],
             "You must supply the configuration file of the controller you are adding when using add-controller."),
            (["--bootstrap-server", "h:1", "remove-controller", "-i", "-1", "-d", "pZ-5c3NjQTy1w0bgwOtNvQ"], "Invalid negative --controller-id: -1"),
            (["--bootstrap-server", "h:1", "remove-controller", "-i", "3", "-d", "abc"],
             "Failed to parse --controller-directory-id: Input string `abc` decoded as 2 bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID"),
        ]
        for (arguments, message) in cases {
            let result = await Self.run(arguments)
            #expect(result.code == 1, "\(arguments)")
            #expect(result.out == "")
            #expect(result.err == message + "\n")
        }
    }

    /// Nobody answers: Kafka's admin times out waiting for a node for the call.
    @Test func unreachableClusterTimesOutAsKafka() async throws {
        let config = try BrokerSetup.writeTemp("default.api.timeout.ms=300\nrequest.timeout.ms=200\n", suffix: ".properties")
        let text = await Self.run(["--bootstrap-server", "127.0.0.1:1", "--command-config", config, "describe", "--status"])
        let cause = "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeCluster"
        #expect(text.code == 1)
        #expect(text.out == "")
        #expect(text.err == "\(cause)\njava.util.concurrent.ExecutionException: \(cause)\n")
        let json = await Self.run(["--bootstrap-controller", "127.0.0.1:1", "--command-config", config, "describe", "--replication", "--output", "json"])
        #expect(json.code == 1)
        #expect(json.out == "")
        let document = try #require(try JSONSerialization.jsonObject(with: Data(json.err.utf8)) as? [String: [String: String]])
        #expect(document["error"]?["type"] == "TimeoutException")
        #expect(document["error"]?["message"] == "org.apache.kafka.common.errors.TimeoutException: Timed out waiting for a node assignment. Call: describeMetadataQuorum")
    }

    static func controllerConfig(_ lines: [String]) throws -> String {
        try BrokerSetup.writeTemp(lines.joined(separator: "\n") + "\n", suffix: ".properties")
    }

    /// A formatted metadata directory with a directory id, as `kafka-storage format` leaves it.
    static func formattedDirectory(directoryId: KafkaUUID?) throws -> String {
        let directory = NSTemporaryDirectory() + "kafkit-quorum-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        var text = "cluster.id=abc\nnode.id=3\nversion=1\n"
        if let directoryId { text += "directory.id=\(directoryId)\n" }
        try text.write(toFile: directory + "/meta.properties", atomically: true, encoding: .utf8)
        return directory
    }

    @Test func addControllerConfigurationErrors() async throws {
        let formatted = try Self.formattedDirectory(directoryId: nil)
        let empty = NSTemporaryDirectory() + "kafkit-quorum-empty-" + UUID().uuidString
        let cases: [([String], String)] = [
            ([], "node.id not found in configuration file. Is this a valid controller configuration file?"),
            (["node.id=-2"], "node.id was negative in configuration file. Is this a valid controller configuration file?"),
            (["node.id=3", "process.roles=broker"], "process.roles did not contain 'controller' in configuration file. Is this a valid controller configuration file?"),
            (["node.id=3", "process.roles=controller"], "Neither metadata.log.dir nor log.dirs were found. Is this a valid controller configuration file?"),
            (["node.id=3", "process.roles=controller", "log.dirs=\(empty),/other"], "Unable to read meta.properties from \(empty)"),
            (["node.id=3", "process.roles=controller", "metadata.log.dir=\(formatted)"], "No directory id found in \(formatted)"),
        ]
        for (lines, message) in cases {
            let file = try Self.controllerConfig(lines)
            let result = await Self.run(["--bootstrap-server", "h:1", "--command-config", file, "add-controller", "--dry-run"])
            #expect(result.code == 1, "\(lines)")
            #expect(result.err == message + "\n", "\(lines)")
        }
        let withId = try Self.formattedDirectory(directoryId: KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
        let base = ["node.id=3", "process.roles=controller", "metadata.log.dir=\(withId)"]
        let noNames = try Self.controllerConfig(base + ["listeners=CONTROLLER://:9095"])
        let missingNames = await Self.run(["--bootstrap-server", "h:1", "--command-config", noNames, "add-controller", "--dry-run"])
        #expect(missingNames.err == "controller.listener.names was not found. Is this a valid controller configuration file?\n")
        let unknownName = try Self.controllerConfig(base + ["listeners=CONTROLLER://:9095", "controller.listener.names=ctl"])
        let unknown = await Self.run(["--bootstrap-server", "h:1", "--command-config", unknownName, "add-controller", "--dry-run"])
        #expect(unknown.err == "Cannot find information about controller listener name: CTL\n")
        let badId = try Self.controllerConfig(["node.id=x"])
        let notANumber = await Self.run(["--bootstrap-server", "h:1", "--command-config", badId, "add-controller"])
        #expect(notANumber.code == 1)
        #expect(notANumber.err == "For input string: \"x\"\njava.lang.NumberFormatException: For input string: \"x\"\n")
    }

    @Test func dryRunsPrintWithoutAsking() async throws {
        let directory = try Self.formattedDirectory(directoryId: KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
        let file = try Self.controllerConfig([
            "node.id=3", "process.roles=controller", "log.dirs=\(directory)", "controller.listener.names=CONTROLLER",
            "listeners=CONTROLLER://:9095", "advertised.listeners=CONTROLLER://[::1]:9096",
        ])
        let add = await Self.run(["--bootstrap-server", "h:1", "--command-config", file, "add-controller", "--dry-run"])
        #expect(add.code == 0)
        #expect(add.out == "DRY RUN of adding controller 3 with directory id pZ-5c3NjQTy1w0bgwOtNvQ and endpoints: CONTROLLER://[::1]:9096\n")
        let remove = await Self.run(["--bootstrap-controller", "h:1", "remove-controller", "-i", "3", "-d", "pZ-5c3NjQTy1w0bgwOtNvQ", "--dry-run"])
        #expect(remove.code == 0)
        #expect(remove.out == "DRY RUN of removing  KRaft controller 3 with directory id pZ-5c3NjQTy1w0bgwOtNvQ\n")
    }

    /// On a static quorum Kafka's controller refuses both changes; the tool prints the failed
    /// future's message and its trace line.
    @Test func controllerChangesFailOnAStaticQuorum() async throws {
        try await withTestBroker { broker in
            let directory = try Self.formattedDirectory(directoryId: KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
            let file = try Self.controllerConfig([
                "node.id=3", "process.roles=controller", "metadata.log.dir=\(directory)", "controller.listener.names=CONTROLLER",
                "listeners=CONTROLLER://localhost:9095",
            ])
            let add = await Self.run(["--bootstrap-server", "127.0.0.1:\(broker.port)", "--command-config", file, "add-controller"])
            #expect(add.code == 1)
            #expect(add.out == "")
            let addCause = "org.apache.kafka.common.errors.UnsupportedVersionException: Cluster doesn't support adding voter because the kraft.version feature is 0"
            #expect(add.err == "\(addCause)\njava.util.concurrent.ExecutionException: \(addCause)\n")

            let remove = await Self.run([
                "--bootstrap-controller", "127.0.0.1:\(try Self.controllerPort(broker))", "remove-controller", "-i", "1", "-d", "pZ-5c3NjQTy1w0bgwOtNvQ",
            ])
            #expect(remove.code == 1)
            let removeCause = "org.apache.kafka.common.errors.UnsupportedVersionException: Cluster doesn't support removing voter because the kraft.version feature is 0"
            #expect(remove.err == "\(removeCause)\njava.util.concurrent.ExecutionException: \(removeCause)\n")
        }
    }
}
