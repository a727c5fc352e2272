import Foundation
import KafkaProtocol
import Testing
@testable import KafkaStorage

@Suite("StorageFormatter")
struct StorageFormatterTests {
    static func formatter(_ directories: [String], metadata: String? = nil) -> StorageFormatter {
        var formatter = StorageFormatter()
        formatter.nodeId = 1
        formatter.clusterId = "HkqwEw5qSf2Mzu6iVnNvMg"
        formatter.directories = directories
        formatter.metadataLogDirectory = metadata ?? directories.first
        formatter.controllerListenerName = "CONTROLLER"
        return formatter
    }

    @Test("formats every directory: meta.properties with its own directory.id, bootstrap.checkpoint")
    func formatsDirectories() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let a = scratch.file("a"), b = scratch.file("b/nested")
        var lines: [String] = []
        let result = try Self.formatter([b, a], metadata: a).run { lines.append($0) }
        #expect(Set(lines) == [
            "Formatting metadata directory \(a) with metadata.version 4.0-IV3.",
            "Formatting data directory \(b) with metadata.version 4.0-IV3.",
        ])
        #expect(result.formattedDirectories.count == 2)
        let metaA = try #require(try MetaProperties.read(directory: a))
        let metaB = try #require(try MetaProperties.read(directory: b))
        #expect(metaA.clusterId == "HkqwEw5qSf2Mzu6iVnNvMg" && metaA.nodeId == 1)
        #expect(metaA.directoryId != nil && metaA.directoryId != metaB.directoryId)
        #expect(try BootstrapCheckpoint.read(directory: b) == result.bootstrapMetadata)
        #expect(result.featureLevels == ["metadata.version": 25, "kraft.version": 0, "transaction.version": 2, "group.version": 1, "eligible.leader.replicas.version": 0])
    }

    @Test("already formatted: error, or skipped with ignoreFormatted")
    func alreadyFormatted() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let a = scratch.file("a"), b = scratch.file("b")
        try Self.formatter([a]).run { _ in }
        #expect(throws: FormatterError("Log directory \(a) is already formatted. Use --ignore-formatted to ignore this directory and format the others.")) {
            try Self.formatter([a, b]).run { _ in }
        }
        var ignoring = Self.formatter([a, b], metadata: a)
        ignoring.ignoreFormatted = true
        var lines: [String] = []
        try ignoring.run { lines.append($0) }
        #expect(lines == ["Formatting data directory \(b) with metadata.version 4.0-IV3."])
        lines = []
        try ignoring.run { lines.append($0) }
        #expect(lines == ["All of the log directories are already formatted."])
    }

    @Test("an unreadable meta.properties is reported and skipped")
    func unreadableDirectory() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let a = scratch.file("a"), b = scratch.file("b")
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
        try "version=9".write(toFile: a + "/meta.properties", atomically: false, encoding: .utf8)
        var lines: [String] = []
        try Self.formatter([a, b], metadata: b).run { lines.append($0) }
        #expect(lines.first == "I/O error trying to read log directory \(a). Ignoring...")
        #expect(lines.count == 2)
        #expect(throws: FormatterError("No available log directories to format.")) { try Self.formatter([a]).run { _ in } }
    }

    @Test("dynamic quorum: voter directory gets the voter's directory id and the voter snapshot")
    func dynamicVoter() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let dir = scratch.file("meta")
        let id = KafkaUUID.random()
        var formatter = Self.formatter([dir])
        formatter.initialControllers = try DynamicVoters(parsing: "1@localhost:9093:\(id)")
        var lines: [String] = []
        let result = try formatter.run { lines.append($0) }
        #expect(lines == ["Formatting dynamic metadata voter directory \(dir) with metadata.version 4.0-IV3."])
        #expect(result.featureLevels["kraft.version"] == 1)
        #expect(try MetaProperties.read(directory: dir)?.directoryId == id)
        #expect(FileManager.default.fileExists(atPath: dir + "/__cluster_metadata-0/00000000000000000000-0000000000.checkpoint"))
    }

    @Test("dynamic quorum without this node: non-voter directory; no-initial-controllers: plain metadata directory")
    func dynamicNonVoter() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let dir = scratch.file("meta"), other = scratch.file("other")
        var formatter = Self.formatter([dir])
        formatter.initialControllers = try DynamicVoters(parsing: "2@localhost:9093:\(KafkaUUID.random())")
        var lines: [String] = []
        try formatter.run { lines.append($0) }
        #expect(lines == ["Formatting dynamic metadata directory \(dir) with metadata.version 4.0-IV3."])
        #expect(FileManager.default.fileExists(atPath: dir + "/__cluster_metadata-0/00000000000000000000-0000000000.checkpoint"))

        var none = Self.formatter([other])
        none.noInitialControllersFlag = true
        lines = []
        let result = try none.run { lines.append($0) }
        #expect(lines == ["Formatting metadata directory \(other) with metadata.version 4.0-IV3."])
        #expect(result.featureLevels["kraft.version"] == 1)
        #expect(!FileManager.default.fileExists(atPath: other + "/__cluster_metadata-0"))
    }

    @Test("release version and feature rules")
    func versionRules() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        var f = Self.formatter([scratch.file("x")])
        f.releaseVersion = .ibp_4_1_IV0
        #expect(throws: FormatterError("metadata.version 4.1-IV0 is not yet stable.")) { try f.run { _ in } }
        f.releaseVersion = .ibp_3_9_IV0
        f.featureLevels = ["metadata.version": 21]
        #expect(throws: FormatterError("Use --release-version instead of --feature metadata.version=X to avoid ambiguity.")) { try f.run { _ in } }
        f.releaseVersion = nil
        f.featureLevels = ["metadata.version": 99]
        #expect(throws: JavaException.illegalArgument("No MetadataVersion with feature level 99. Valid feature levels are from 7 to 26.")) { try f.run { _ in } }
        f.featureLevels = ["foo.version": 1]
        #expect(throws: FormatterError("Unsupported feature: foo.version. Supported features are: eligible.leader.replicas.version, group.version, kraft.version, transaction.version")) { try f.run { _ in } }
        f.featureLevels = ["kraft.version": 1]
        #expect(throws: FormatterError("Cannot set kraft.version to 1 unless KIP-853 configuration is present. Try removing the --feature flag for kraft.version.")) { try f.run { _ in } }
        f.featureLevels = ["kraft.version": 0]
        f.noInitialControllersFlag = true
        #expect(throws: FormatterError("Cannot set kraft.version to 0 if KIP-853 configuration is present. Try removing the --feature flag for kraft.version.")) { try f.run { _ in } }
        f.noInitialControllersFlag = false
        f.featureLevels = ["group.version": 5]
        #expect(throws: JavaException.illegalArgument("No feature:group.version with feature level 5")) { try f.run { _ in } }
        f.featureLevels = ["eligible.leader.replicas.version": 1]
        f.releaseVersion = .ibp_3_9_IV0
        #expect(throws: JavaException.illegalArgument("eligible.leader.replicas.version could not be set to 1 because it depends on metadata.version level 23")) { try f.run { _ in } }
        f.featureLevels = [:]
        f.releaseVersion = .ibp_3_5_IV1
        f.scramArguments = ["SCRAM-SHA-256=[name=a,password=b]"]
        #expect(throws: FormatterError("SCRAM is only supported in metadata.version 3.5-IV2 or later.")) { try f.run { _ in } }
        #expect(!FileManager.default.fileExists(atPath: scratch.file("x")))
    }

    @Test("an older release writes its own feature levels; SCRAM records follow the features")
    func olderRelease() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        var f = Self.formatter([scratch.file("x")])
        f.releaseVersion = .ibp_3_9_IV0
        f.scramArguments = ["SCRAM-SHA-256=[name=alice,password=alice-secret]"]
        let result = try f.run { _ in }
        let records = try BootstrapCheckpoint.read(directory: scratch.file("x")).records
        #expect(records.count == 2)
        #expect(records[0] == .featureLevel(name: "metadata.version", level: 21))
        guard case .scramCredential(let credential) = records[1] else {
            Issue.record("expected a SCRAM record")
            return
        }
        #expect(credential.name == "alice")
        #expect(result.releaseVersion == .ibp_3_9_IV0)
    }

    @Test("missing settings give Kafka's messages")
    func missingSettings() {
        var f = StorageFormatter()
        #expect(throws: JavaException.runtime("You must specify a valid non-negative node ID.")) { try f.run { _ in } }
        f.nodeId = 1
        #expect(throws: FormatterError("You must specify the cluster id.")) { try f.run { _ in } }
        f.clusterId = "c"
        #expect(throws: FormatterError("You must specify at least one directory to format")) { try f.run { _ in } }
        f.directories = ["/tmp/a"]
        #expect(throws: FormatterError("You must specify the name of the initial controller listener.")) { try f.run { _ in } }
        f.controllerListenerName = "C"
        f.metadataLogDirectory = "/tmp/b"
        #expect(throws: FormatterError("The specified metadata log directory, /tmp/b was not one of the given directories: [/tmp/a]")) { try f.run { _ in } }
    }
}
