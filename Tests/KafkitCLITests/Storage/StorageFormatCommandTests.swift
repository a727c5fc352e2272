import Foundation
import KafkaProtocol
import KafkaStorage
import NIOCore
import Testing
@testable import KafkitCLI

@Suite("kafka-storage format")
struct StorageFormatCommandTests {
    static let clusterId = "HkqwEw5qSf2Mzu6iVnNvMg"

    @Test("single node: the transcript's message, meta.properties and bootstrap records")
    func singleNode() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config])
        let recorded = try StorageFixtures.transcript("02-storage-format.txt")
        #expect(run.stdout == recorded.stdout.replacingOccurrences(of: "$REF", with: scratch.path))
        #expect(run.stderr == "")
        #expect(run.exitCode == recorded.exit)

        // meta.properties: Kafka's comment line and key order; own cluster id, node id and a fresh directory id.
        let dir = scratch.path + "/data-single"
        let ours = try String(contentsOfFile: dir + "/meta.properties", encoding: .utf8).split(separator: "\n")
        let kafka = try StorageFixtures.text("data/meta.properties").split(separator: "\n")
        #expect(ours.count == kafka.count)
        #expect(ours[0] == kafka[0])
        #expect(ours.dropFirst(2).map { $0.split(separator: "=")[0] } == kafka.dropFirst(2).map { $0.split(separator: "=")[0] })
        let props = try JavaProperties.load(contentsOf: dir + "/meta.properties")
        #expect(props["cluster.id"] == Self.clusterId)
        #expect(props["node.id"] == "1")
        #expect(props["version"] == "1")
        #expect(KafkaUUID(props["directory.id"] ?? "") != nil)

        // bootstrap.checkpoint: the same records as Kafka's, and the same bytes once timestamps and CRCs are set aside.
        let fixture = ByteBuffer(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: StorageFixtures.directory + "/data/bootstrap.checkpoint"))))
        let written = ByteBuffer(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: dir + "/bootstrap.checkpoint"))))
        #expect(try BootstrapCheckpoint.decode(written, source: "ours").records == BootstrapCheckpoint.decode(fixture, source: "kafka").records)
        #expect(try batchesIgnoringTimestamps(written) == batchesIgnoringTimestamps(fixture))
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir).sorted() == ["bootstrap.checkpoint", "meta.properties"])
    }

    @Test("three-node cluster configs: each node's transcript message", arguments: [1, 2, 3])
    func clusterNodes(node: Int) throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("cluster3-node\(node).properties", root: scratch.path)
        let run = StorageRun(["format", "-t", "alTviH87SM--MpBt4vFl3g", "-c", config])
        let recorded = try StorageFixtures.transcript("c01-storage-format-node\(node).txt")
        #expect(run.stdout == recorded.stdout.replacingOccurrences(of: "$REF", with: scratch.path))
        #expect(run.exitCode == recorded.exit)
        let props = try JavaProperties.load(contentsOf: scratch.path + "/data-cluster3/node\(node)/meta.properties")
        #expect(props["node.id"] == String(node))
    }

    @Test("already formatted → error and exit 1; --ignore-formatted → nothing left, exit 0")
    func alreadyFormatted() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        #expect(StorageRun(["format", "-t", Self.clusterId, "-c", config]).exitCode == 0)
        let again = StorageRun(["format", "-t", Self.clusterId, "-c", config])
        #expect(again.exitCode == 1)
        #expect(again.stdout == "")
        #expect(again.stderr == "Log directory \(scratch.path)/data-single is already formatted. Use --ignore-formatted to ignore this directory and format the others.\n")
        let ignored = StorageRun(["format", "-t", Self.clusterId, "-c", config, "--ignore-formatted"])
        #expect(ignored.exitCode == 0)
        #expect(ignored.stdout == "All of the log directories are already formatted.\n")
        let otherCluster = StorageRun(["format", "-t", "other", "-c", config, "-g"])
        #expect(otherCluster.exitCode == 1)
        #expect(otherCluster.stderr == "Exception in thread \"main\" java.lang.RuntimeException: Invalid cluster.id in: \(scratch.path)/data-single/meta.properties. Expected other, but read \(Self.clusterId)\n")
    }

    static let dynamicConfig = """
        process.roles=broker,controller
        node.id=1
        controller.quorum.bootstrap.servers=localhost:9093
        listeners=PLAINTEXT://:9092,CONTROLLER://:9093
        advertised.listeners=PLAINTEXT://localhost:9092,CONTROLLER://localhost:9093
        controller.listener.names=CONTROLLER
        """

    @Test("a controller without controller.quorum.voters needs a quorum flag")
    func controllerWithoutVoters() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try scratch.write(Self.dynamicConfig + "\nlog.dirs=\(scratch.path)/logs\n", to: "server.properties")
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "Because controller.quorum.voters is not set on this controller, you must specify one of the following: --standalone, --initial-controllers, or --no-initial-controllers.\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/logs"))
    }

    @Test("--standalone writes the voter snapshot; meta.properties carries the voter's directory id")
    func standalone() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try scratch.write(Self.dynamicConfig + "\nlog.dirs=\(scratch.path)/logs\n", to: "server.properties")
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config, "--standalone"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "Formatting dynamic metadata voter directory \(scratch.path)/logs with metadata.version 4.0-IV3.\n")
        let snapshot = scratch.path + "/logs/__cluster_metadata-0/00000000000000000000-0000000000.checkpoint"
        let batches = try RecordBatchReader.decodeAll(ByteBuffer(bytes: Array(try Data(contentsOf: URL(fileURLWithPath: snapshot)))))
        let records = try batches[0].decodeRecords()
        var value = try #require(records.last?.value)
        let voters = try VotersRecord.decode(from: &value, version: 0)
        let props = try JavaProperties.load(contentsOf: scratch.path + "/logs/meta.properties")
        #expect(voters.voters.map(\.voterDirectoryId.description) == [props["directory.id"]])
        #expect(voters.voters.first?.endpoints.first?.host == "localhost")
        #expect(voters.voters.first?.endpoints.first?.port == 9093)
    }

    @Test("--initial-controllers and --no-initial-controllers")
    func initialControllers() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let id = KafkaUUID.random()
        let voterConfig = try scratch.write(Self.dynamicConfig + "\nlog.dirs=\(scratch.path)/a\n", to: "a.properties")
        let voter = StorageRun(["format", "-t", Self.clusterId, "-c", voterConfig, "--initial-controllers", "1@localhost:9093:\(id),2@localhost:9094:\(KafkaUUID.random())"])
        #expect(voter.stdout == "Formatting dynamic metadata voter directory \(scratch.path)/a with metadata.version 4.0-IV3.\n")
        #expect(try JavaProperties.load(contentsOf: scratch.path + "/a/meta.properties")["directory.id"] == id.description)

        let observerConfig = try scratch.write(Self.dynamicConfig + "\nlog.dirs=\(scratch.path)/b\n", to: "b.properties")
        let observer = StorageRun(["format", "-t", Self.clusterId, "-c", observerConfig, "-I", "2@localhost:9094:\(KafkaUUID.random())"])
        #expect(observer.stdout == "Formatting dynamic metadata directory \(scratch.path)/b with metadata.version 4.0-IV3.\n")

        let noneConfig = try scratch.write(Self.dynamicConfig + "\nlog.dirs=\(scratch.path)/c\n", to: "c.properties")
        let none = StorageRun(["format", "-t", Self.clusterId, "-c", noneConfig, "-N"])
        #expect(none.stdout == "Formatting metadata directory \(scratch.path)/c with metadata.version 4.0-IV3.\n")
        #expect(!FileManager.default.fileExists(atPath: scratch.path + "/c/__cluster_metadata-0"))

        let bad = StorageRun(["format", "-t", Self.clusterId, "-c", noneConfig, "-I", "1@localhost"])
        #expect(bad.exitCode == 1)
        #expect(bad.stderr == "Exception in thread \"main\" java.lang.IllegalArgumentException: No colon following hostname could be found.\n")
    }

    @Test("--standalone on a broker-only node is refused")
    func standaloneOnBroker() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try scratch.write("""
            process.roles=broker
            node.id=2
            controller.quorum.bootstrap.servers=localhost:9093
            listeners=PLAINTEXT://:9092
            controller.listener.names=CONTROLLER
            log.dirs=\(scratch.path)/logs
            """, to: "broker.properties")
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config, "-s"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "You can only use --standalone on a controller.\n")
        let plain = StorageRun(["format", "-t", Self.clusterId, "-c", config])
        #expect(plain.exitCode == 0)
        #expect(plain.stdout == "Formatting metadata directory \(scratch.path)/logs with metadata.version 4.0-IV3.\n")
    }

    @Test("release versions, features and SCRAM credentials", arguments: [
        (["-r", "3.9"], 0, "Formatting metadata directory $DIR with metadata.version 3.9-IV0.\n", ""),
        (["-r", "4.1"], 1, "", "metadata.version 4.1-IV0 is not yet stable.\n"),
        (["-r", "9.9"], 1, "", "Exception in thread \"main\" java.lang.IllegalArgumentException: Version 9.9 is not a valid version. The minimum version is 3.3-IV3 and the maximum version is 4.1-IV0\n"),
        (["-f", "metadata.version=21"], 0, "Formatting metadata directory $DIR with metadata.version 3.9-IV0.\n", ""),
        (["-r", "3.9", "-f", "metadata.version=21"], 1, "", "Use --release-version instead of --feature metadata.version=X to avoid ambiguity.\n"),
        (["-f", "foo=1"], 1, "", "Unsupported feature: foo. Supported features are: eligible.leader.replicas.version, group.version, kraft.version, transaction.version\n"),
        (["-f", "group.version"], 1, "", "Exception in thread \"main\" java.lang.RuntimeException: Can't parse feature=level string group.version: equals sign not found.\n"),
        (["-f", "group.version=x"], 1, "", "Exception in thread \"main\" java.lang.RuntimeException: Can't parse feature=level string group.version=x: unable to parse x as a short.\n"),
        (["-f", "kraft.version=1"], 1, "", "Cannot set kraft.version to 1 unless KIP-853 configuration is present. Try removing the --feature flag for kraft.version.\n"),
        (["-f", "group.version=0", "-f", "transaction.version=1"], 0, "Formatting metadata directory $DIR with metadata.version 4.0-IV3.\n", ""),
        (["-S", "SCRAM-SHA-256=[name=alice,password=alice-secret]"], 0, "Formatting metadata directory $DIR with metadata.version 4.0-IV3.\n", ""),
        (["-r", "3.4", "-S", "SCRAM-SHA-256=[name=alice,password=alice-secret]"], 1, "", "SCRAM is only supported in metadata.version 3.5-IV2 or later.\n"),
        (["-S", "SCRAM-SHA-1=[name=alice,password=x]"], 1, "", "The add-scram mechanism SCRAM-SHA-1 is not supported.\n"),
    ])
    func options(extra: [String], exit: Int32, stdout: String, stderr: String) throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config] + extra)
        #expect(run.exitCode == exit)
        #expect(run.stdout == stdout.replacingOccurrences(of: "$DIR", with: scratch.path + "/data-single"))
        #expect(run.stderr == stderr)
    }

    @Test("the written feature levels and SCRAM records are read back from bootstrap.checkpoint")
    func writtenRecords() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", config, "-f", "group.version=0", "--add-scram", "SCRAM-SHA-512=[name=bob,password=pw]"])
        #expect(run.exitCode == 0)
        let records = try BootstrapCheckpoint.read(directory: scratch.path + "/data-single").records
        #expect(records.count == 3)
        #expect(records[0] == .featureLevel(name: "metadata.version", level: 25))
        #expect(records[1] == .featureLevel(name: "transaction.version", level: 2))
        guard case .scramCredential(let credential) = records[2] else {
            Issue.record("expected a SCRAM credential")
            return
        }
        #expect(credential.name == "bob" && credential.mechanism == .scramSha512 && credential.iterations == 4096)
    }

    @Test("config problems surface as Kafka's exceptions", arguments: [
        ("node.id=1\nlog.dirs=/tmp/x\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Missing required configuration \"process.roles\" which has no default value.\n"),
        ("process.roles=broker,controller\nlog.dirs=/tmp/x\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Missing required configuration \"node.id\" which has no default value.\n"),
        ("process.roles=broker,controller\nnode.id=1\nbroker.id=2\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: You must set `node.id` to the same value as `broker.id`.\n"),
        ("process.roles=broker,controller\nnode.id=one\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Invalid value one for configuration node.id: Not a number of type INT\n"),
        ("process.roles=broker,dancer\nnode.id=1\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: Unknown process role 'dancer' (only 'broker' and 'controller' are allowed roles)\n"),
        ("process.roles=\nnode.id=1\n", "The kafka configuration file appears to be for a legacy cluster. Formatting is only supported for clusters in KRaft mode.\n"),
        ("process.roles=controller\nnode.id=1\nlisteners=CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n", "Exception in thread \"main\" org.apache.kafka.common.config.ConfigException: If using process.roles, either controller.quorum.bootstrap.servers must contain the set of bootstrap controllers or controller.quorum.voters must contain a parseable set of controllers.\n"),
        ("process.roles=controller\nnode.id=1\ncontroller.quorum.voters=2@h:1,3@h:2\nlisteners=CONTROLLER://:9093\ncontroller.listener.names=CONTROLLER\n", "Exception in thread \"main\" java.lang.IllegalArgumentException: requirement failed: If process.roles contains the 'controller' role, the node id 1 must be included in the set of voters controller.quorum.voters=Set(2, 3)\n"),
        ("process.roles=controller\nnode.id=1\ncontroller.quorum.voters=1@h:1\nlisteners=PLAINTEXT://:9092\ncontroller.listener.names=CONTROLLER\n", "Exception in thread \"main\" java.lang.IllegalArgumentException: requirement failed: controller.listener.names must contain at least one value appearing in the 'listeners' configuration when running the KRaft controller role\n"),
    ])
    func badConfigs(config: String, stderr: String) throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let path = try scratch.write(config, to: "server.properties")
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", path])
        #expect(run.exitCode == 1)
        #expect(run.stderr == stderr)
        #expect(run.stdout == "")
    }

    /// KafkaConfig.populateSynonyms: a config with only `broker.id` formats as that node.
    @Test("broker.id alone is the node id")
    func brokerIdAlone() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let path = try scratch.write("""
            process.roles=broker,controller
            broker.id=3
            controller.quorum.voters=3@localhost:9093
            listeners=PLAINTEXT://:9092,CONTROLLER://:9093
            controller.listener.names=CONTROLLER
            log.dirs=\(scratch.path)/data
            """, to: "server.properties")
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", path])
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        #expect(try JavaProperties.load(contentsOf: scratch.path + "/data/meta.properties")["node.id"] == "3")
    }

    @Test("a missing config file")
    func missingConfig() {
        let run = StorageRun(["format", "-t", Self.clusterId, "-c", "/nonexistent/server.properties"])
        #expect(run.exitCode == 1)
        #expect(run.stderr == "Exception in thread \"main\" java.nio.file.NoSuchFileException: /nonexistent/server.properties\n")
    }
}
