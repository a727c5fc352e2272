import Foundation
import KafkaStorage
import Testing
@testable import KafkitCLI

@Suite("kafka-storage info")
struct StorageInfoTests {
    static func config(_ scratch: StorageScratch, logDirs: String) throws -> String {
        try scratch.write("""
            process.roles=broker,controller
            node.id=1
            controller.quorum.voters=1@127.0.0.1:19093
            listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093
            controller.listener.names=CONTROLLER
            log.dirs=\(logDirs)
            """, to: "server.properties")
    }

    @Test("on Kafka's formatted directory")
    func kafkaDirectory() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let dir = scratch.path + "/kafka"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: StorageFixtures.directory + "/data/meta.properties", toPath: dir + "/meta.properties")
        let props = try JavaProperties.load(contentsOf: dir + "/meta.properties")
        let run = StorageRun(["info", "-c", try Self.config(scratch, logDirs: dir)])
        #expect(run.exitCode == 0)
        #expect(run.stdout == """
            Found log directory:
              \(dir)

            Found metadata: {cluster.id=\(props["cluster.id"]!), directory.id=\(props["directory.id"]!), node.id=\(props["node.id"]!), version=1}


            """)
    }

    @Test("on a directory kafkit formatted")
    func ourDirectory() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        #expect(StorageRun(["format", "-t", "abc", "-c", config]).exitCode == 0)
        let run = StorageRun(["info", "-c", config])
        let props = try JavaProperties.load(contentsOf: scratch.path + "/data-single/meta.properties")
        #expect(run.exitCode == 0)
        #expect(run.stdout == "Found log directory:\n  \(scratch.path)/data-single\n\nFound metadata: {cluster.id=abc, directory.id=\(props["directory.id"]!), node.id=1, version=1}\n\n")
    }

    @Test("problems: unformatted, missing, not a directory, mismatched ids → exit 1")
    func problems() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let a = scratch.path + "/a", b = scratch.path + "/b", file = scratch.path + "/file", missing = scratch.path + "/missing"
        try FileManager.default.createDirectory(atPath: a, withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: b, withIntermediateDirectories: true)
        _ = try scratch.write("x", to: "file")
        let unformatted = StorageRun(["info", "-c", try Self.config(scratch, logDirs: "\(a),\(missing),\(file)")])
        #expect(unformatted.exitCode == 1)
        #expect(unformatted.stdout == """
            Found log directory:
              \(a)

            Found problems:
              \(a) is not formatted.
              \(file) is not a directory
              \(missing) does not exist


            """)
        try MetaProperties(clusterId: "one", nodeId: 1).write(directory: a)
        try MetaProperties(clusterId: "two", nodeId: 1).write(directory: b)
        let mismatched = StorageRun(["info", "-c", try Self.config(scratch, logDirs: "\(b),\(a)")])
        #expect(mismatched.exitCode == 1)
        #expect(mismatched.stdout == """
            Found log directories:
              \(a)
              \(b)

            Found metadata: {cluster.id=one, node.id=1, version=1}

            Found problem:
              Mismatched cluster IDs between storage directories.


            """)
        try MetaProperties(clusterId: "one", nodeId: 2).write(directory: b)
        #expect(StorageRun(["info", "-c", try Self.config(scratch, logDirs: "\(a),\(b)")]).stdout.contains("  Mismatched node IDs between storage directories.\n"))
        try "version=1\nnode.id=1\n".write(toFile: b + "/meta.properties", atomically: false, encoding: .utf8)
        let broken = StorageRun(["info", "-c", try Self.config(scratch, logDirs: "\(a),\(b)")])
        #expect(broken.exitCode == 1)
        #expect(broken.stdout.contains("  Error loading \(b)/meta.properties: cluster.id was not found.\n"))
    }
}
