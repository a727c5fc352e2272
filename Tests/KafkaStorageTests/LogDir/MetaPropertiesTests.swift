import Foundation
import KafkaProtocol
import Testing
@testable import KafkaStorage

@Suite("MetaProperties")
struct MetaPropertiesTests {
    @Test("parses the fixture and writes it back identically (date line aside)")
    func fixtureRoundTrip() throws {
        let original = try LogDirFixtures.text("meta.properties")
        let meta = try #require(try MetaProperties.read(directory: LogDirFixtures.directory))
        let props = try JavaProperties.parse(original)
        #expect(meta.version == .v1)
        #expect(meta.nodeId == Int32(props["node.id"] ?? ""))
        #expect(meta.clusterId == props["cluster.id"])
        #expect(meta.directoryId?.description == props["directory.id"])

        let written = meta.fileText(date: Date(), timeZone: TimeZone(identifier: "Etc/UTC")!)
        let originalLines = original.split(separator: "\n", omittingEmptySubsequences: false)
        let writtenLines = written.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(writtenLines.count == originalLines.count)
        #expect(writtenLines[0] == originalLines[0])
        #expect(writtenLines[1].hasPrefix("#") && writtenLines[1].contains(" UTC "))
        #expect(Array(writtenLines.dropFirst(2)) == Array(originalLines.dropFirst(2)))
    }

    @Test("the date line is java.util.Date.toString")
    func dateLine() throws {
        let meta = MetaProperties(clusterId: "c", nodeId: 3)
        // 2026-11-21T08:33:36Z is the fixture's "#Sat Nov 21 08:33:36 UTC 2026".
        let date = Date(timeIntervalSince1970: 1_795_250_016)
        let text = meta.fileText(date: date, timeZone: TimeZone(identifier: "Etc/UTC")!)
        #expect(text == "#\n#Sat Nov 21 08:33:36 UTC 2026\nnode.id=3\nversion=1\ncluster.id=c\n")
    }

    @Test("write goes through .tmp and leaves only meta.properties")
    func writeFile() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let meta = MetaProperties(clusterId: "abc", nodeId: 7, directoryId: KafkaUUID.random())
        try meta.write(directory: scratch.path)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == ["meta.properties"])
        #expect(try MetaProperties.read(directory: scratch.path) == meta)
        #expect(try MetaProperties.read(directory: scratch.path + "/missing") == nil)
    }

    @Test("sorted map and toString forms")
    func descriptions() throws {
        let meta = try MetaProperties(properties: JavaProperties.parse(LogDirFixtures.text("meta.properties")))
        let props = meta.properties
        #expect(meta.sortedMapDescription == "{cluster.id=\(props["cluster.id"]!), directory.id=\(props["directory.id"]!), node.id=\(props["node.id"]!), version=1}")
        #expect(meta.javaDescription.hasPrefix("MetaProperties(version=1, clusterId="))
    }

    @Test("version 0 uses broker.id and needs neither id")
    func version0() throws {
        let meta = try MetaProperties(properties: JavaProperties([("broker.id", "5")]))
        #expect(meta.version == .v0)
        #expect(meta.nodeId == 5)
        #expect(meta.clusterId == nil)
        #expect(meta.properties.keys == ["version", "broker.id"])
        let empty = try MetaProperties(properties: JavaProperties())
        #expect(empty.nodeId == nil)
    }

    @Test("bad files give Kafka's messages", arguments: [
        ([("version", "x"), ("node.id", "1"), ("cluster.id", "c")], "Invalid meta.properties version string 'x'"),
        ([("version", "5"), ("node.id", "1"), ("cluster.id", "c")], "Unknown meta.properties version number 5"),
        ([("version", "1"), ("cluster.id", "c")], "Failed to find node.id"),
        ([("version", "1"), ("node.id", "one"), ("cluster.id", "c")], "Unable to read node.id as a base-10 number."),
        ([("version", "1"), ("node.id", "1")], "cluster.id was not found."),
        ([("version", "0"), ("broker.id", "b")], "Unable to read broker.id as a base-10 number."),
    ])
    func errors(pairs: [(String, String)], message: String) {
        #expect(throws: LogDirFileError(message)) { try MetaProperties(properties: JavaProperties(pairs)) }
    }

    @Test("a bad directory.id is an error")
    func badDirectoryId() {
        #expect(throws: LogDirFileError.self) {
            try MetaProperties(properties: JavaProperties([("version", "1"), ("node.id", "1"), ("cluster.id", "c"), ("directory.id", "short")]))
        }
    }

    @Test("ensemble: consistent ids pass; mismatches fail with Kafka's messages")
    func ensemble() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let a = scratch.file("a"), b = scratch.file("b"), c = scratch.file("c"), d = scratch.file("d")
        for dir in [a, b, c, d] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        try MetaProperties(clusterId: "X", nodeId: 1, directoryId: KafkaUUID.random()).write(directory: a)
        try MetaProperties(clusterId: "X", nodeId: 1, directoryId: KafkaUUID.random()).write(directory: b)
        try "garbage=\\u12".write(toFile: d + "/meta.properties", atomically: false, encoding: .utf8)
        let ensemble = MetaPropertiesEnsemble.load([a, b, c, d])
        #expect(ensemble.emptyLogDirs == [c])
        #expect(ensemble.errorLogDirectories == [d])
        #expect(ensemble.logDirProps.count == 2)
        try ensemble.verify(expectedClusterId: "X", expectedNodeId: 1)
        #expect(throws: JavaException.runtime("Invalid cluster.id in: \(a)/meta.properties. Expected Y, but read X")) {
            try ensemble.verify(expectedClusterId: "Y", expectedNodeId: 1)
        }
        #expect(throws: JavaException.runtime("Stored node id 1 doesn't match previous node id 2 in \(a)/meta.properties. If you moved your data, make sure your configured node id matches. If you intend to create a new node, you should remove all data in your data directories.")) {
            try ensemble.verify(expectedClusterId: nil, expectedNodeId: 2)
        }
        let none = MetaPropertiesEnsemble.load([c])
        #expect(throws: JavaException.runtime("No readable meta.properties files found.")) {
            try none.verify(expectedClusterId: nil, expectedNodeId: nil, requireAtLeastOneValid: true)
        }
    }

    @Test("ensemble: duplicate and reserved directory ids are rejected")
    func ensembleDirectoryIds() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let a = scratch.file("a"), b = scratch.file("b")
        for dir in [a, b] { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
        let id = KafkaUUID.random()
        try MetaProperties(clusterId: "X", nodeId: 1, directoryId: id).write(directory: a)
        try MetaProperties(clusterId: "X", nodeId: 1, directoryId: id).write(directory: b)
        #expect(throws: JavaException.self) { try MetaPropertiesEnsemble.load([a, b]).verify(expectedClusterId: nil, expectedNodeId: nil) }
        try MetaProperties(clusterId: "X", nodeId: 1, directoryId: .one).write(directory: b)
        #expect(throws: JavaException.runtime("Invalid resrved directory ID \(KafkaUUID.one) found in \(b)")) {
            try MetaPropertiesEnsemble.load([b]).verify(expectedClusterId: nil, expectedNodeId: nil)
        }
    }
}
