import Foundation
import KafkaClient
@testable import KafkitCLI
import Testing

/// `topics --list/--describe --output json` against the in-process broker: every field of
/// docs/json/topics.md with its type, cross-checked with the text the same run prints.
@Suite("topics --output json", .serialized)
struct TopicsJSONOutputTests: JSONDocumentSuite {
    static func run(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        let console = ToolConsole.capturing()
        let code = await TopicsCommand.execute(arguments: arguments, console: console)
        return (code, console.capturedOut, console.capturedErr)
    }

    static let topicFields = ["configs", "isInternal", "name", "partitionCount", "partitions", "replicationFactor", "topicId"]
    static let partitionFields = [
        "addingReplicas", "elr", "isr", "lastKnownElr", "leader", "partition", "removingReplicas", "replicas",
    ]

    /// `[Int32]` from a JSON array of numbers (nil when it is not one).
    static func ids(_ value: Any?) -> [Int32]? {
        (value as? [Any])?.compactMap { ($0 as? NSNumber).map { Int32(truncating: $0) } }
    }

    /// The `\tTopic: … Partition: p … Replicas: a,b …` lines of the text, as field → value.
    static func textPartitions(_ text: String) -> [[String: String]] {
        text.split(separator: "\n").filter { $0.hasPrefix("\t") }.map { line in
            var fields: [String: String] = [:]
            for field in line.split(separator: "\t") {
                guard let colon = field.range(of: ": ") else {
                    if field.hasSuffix(":") { fields[String(field.dropLast())] = "" }
                    continue
                }
                fields[String(field[..<colon.lowerBound])] = String(field[colon.upperBound...])
            }
            return fields
        }
    }

    @Test func listAndDescribe() async throws {
        let broker = try await TestBroker()
        let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
        do {
            _ = await Self.run(server + ["--create", "--topic", "alpha", "--partitions", "2", "--replication-factor", "1",
                                        "--config", "retention.ms=1000"])
            _ = await Self.run(server + ["--create", "--topic", "beta", "--partitions", "1", "--replication-factor", "1"])

            let list = await Self.run(server + ["--list", "--output", "json"])
            #expect(list.code == 0)
            #expect(list.err.isEmpty)
            let listed = try Self.document(list.out)
            #expect(listed.keys.sorted() == ["topics"])
            let textList = await Self.run(server + ["--list"])
            #expect(listed["topics"] as? [String] == textList.out.split(separator: "\n").map(String.init))

            let json = await Self.run(server + ["--describe", "--output", "json"])
            #expect(json.code == 0)
            #expect(json.err.isEmpty)
            let text = await Self.run(server + ["--describe"])
            let described = try Self.document(json.out)
            #expect(described.keys.sorted() == ["topics"])
            let topics = try #require(described["topics"] as? [[String: Any]])
            #expect(topics.compactMap { $0["name"] as? String } == ["alpha", "beta"])
            let textPartitions = Self.textPartitions(text.out)
            for topic in topics {
                #expect(topic.keys.sorted() == Self.topicFields)
                let name = try #require(topic["name"] as? String)
                let topicId = try #require(topic["topicId"] as? String)
                #expect(text.out.contains("Topic: \(name)\tTopicId: \(topicId)\t"))
                #expect(topic["isInternal"] as? Bool == false)
                let partitions = try #require(topic["partitions"] as? [[String: Any]])
                #expect(topic["partitionCount"] as? Int == partitions.count)
                #expect(text.out.contains("PartitionCount: \(partitions.count)\tReplicationFactor: \(topic["replicationFactor"] as? Int ?? -1)\t"))
                let configs = try #require(topic["configs"] as? [String: Any])
                #expect(configs as? [String: String] == (name == "alpha" ? ["retention.ms": "1000"] : [:]))
                for partition in partitions {
                    #expect(partition.keys.sorted() == Self.partitionFields)
                    let index = try #require(partition["partition"] as? Int)
                    let line = try #require(textPartitions.first { $0["Topic"] == name && $0["Partition"] == "\(index)" })
                    #expect((partition["leader"] as? Int).map(String.init) == line["Leader"])
                    #expect(Self.ids(partition["replicas"]).map { $0.map(String.init).joined(separator: ",") } == line["Replicas"])
                    #expect(Self.ids(partition["isr"]).map { $0.map(String.init).joined(separator: ",") } == line["Isr"])
                    #expect(Self.ids(partition["elr"]).map { $0.map(String.init).joined(separator: ",") } == line["Elr"])
                    #expect(Self.ids(partition["lastKnownElr"]).map { $0.map(String.init).joined(separator: ",") } == line["LastKnownElr"])
                    #expect(partition["addingReplicas"] is NSNull)
                    #expect(partition["removingReplicas"] is NSNull)
                }
            }

            // By topic id (Metadata): the ELR fields are unknown, so null (the text's `N/A`).
            let alphaId = try #require(topics.first?["topicId"] as? String)
            let byId = try Self.document(await Self.run(server + ["--describe", "--topic-id", alphaId, "--output", "json"]).out)
            let byIdTopic = try #require((byId["topics"] as? [[String: Any]])?.first)
            #expect(byIdTopic["name"] as? String == "alpha")
            for partition in try #require(byIdTopic["partitions"] as? [[String: Any]]) {
                #expect(partition["elr"] is NSNull)
                #expect(partition["lastKnownElr"] is NSNull)
            }

            // Report options select as the text does.
            let overrides = try Self.document(
                await Self.run(server + ["--describe", "--topics-with-overrides", "--output", "json"]).out)
            let overridden = try #require(overrides["topics"] as? [[String: Any]])
            #expect(overridden.compactMap { $0["name"] as? String } == ["alpha"])
            #expect((overridden.first?["partitions"] as? [Any])?.count == 2)
            let underReplicated = await Self.run(server + ["--describe", "--under-replicated-partitions", "--output", "json"])
            #expect(try Self.document(underReplicated.out)["topics"] as? [Any] != nil)
            #expect((try Self.document(underReplicated.out)["topics"] as? [Any])?.isEmpty == true)
            let atMinIsr = try Self.document(
                await Self.run(server + ["--describe", "--at-min-isr-partitions", "--topic", "beta", "--output", "json"]).out)
            let atMin = try #require(atMinIsr["topics"] as? [[String: Any]])
            #expect(atMin.compactMap { $0["name"] as? String } == ["beta"])

            // No matching topic with --if-exists: an empty document, exit 0.
            let none = await Self.run(server + ["--describe", "--topic", "nothing.*", "--if-exists", "--output", "json"])
            #expect(none.code == 0)
            #expect((try Self.document(none.out)["topics"] as? [Any])?.isEmpty == true)
        } catch {
            try? await broker.stopAndRemove()
            throw error
        }
        try await broker.stopAndRemove()
    }

    @Test func failuresAreErrorDocuments() async throws {
        let broker = try await TestBroker()
        let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
        do {
            try Self.expectErrorDocument(
                await Self.run(server + ["--describe", "--topic", "missing", "--output", "json"]),
                type: "IllegalArgumentException", message: "Topic 'Optional[missing]' does not exist as expected")
            try Self.expectErrorDocument(
                await Self.run(server + ["--describe", "--topic-id", "AAAAAAAAAAAAAAAAAAAAAQ", "--output", "json"]),
                type: "IllegalArgumentException", message: "TopicId 'AAAAAAAAAAAAAAAAAAAAAQ' does not exist as expected")
            try Self.expectErrorDocument(
                await Self.run(server + ["--describe", "--topic-id", "not-an-id", "--output", "json"]),
                type: "IllegalArgumentException")
            try Self.expectErrorDocument(
                await Self.run(["--list", "--output", "json"]),
                type: "IllegalArgumentException", message: "--bootstrap-server must be specified")
            try Self.expectErrorDocument(
                await Self.run(server + ["--list", "--command-config", "/nonexistent/admin.properties", "--output", "json"]),
                type: "NoSuchFileException", message: "/nonexistent/admin.properties")
        } catch {
            try? await broker.stopAndRemove()
            throw error
        }
        try await broker.stopAndRemove()
    }

    @Test func unreachableBrokerIsATimeoutDocument() async throws {
        let config = NSTemporaryDirectory() + "kafkit-topics-json-" + UUID().uuidString + ".properties"
        try "default.api.timeout.ms=300\nrequest.timeout.ms=200\nretry.backoff.ms=50\n"
            .write(toFile: config, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: config) }
        try Self.expectErrorDocument(
            await Self.run(["--bootstrap-server", "127.0.0.1:1", "--command-config", config, "--list", "--output", "json"]),
            type: "TimeoutException", message: "Timed out waiting for a node assignment. Call: listTopics")
    }

    /// Usage errors stay Kafka's usage text (message, then the option table) on stderr.
    @Test(arguments: [
        (["--create", "--topic", "t", "--output", "json"], "Option \"[output]\" json can be used only with --list or --describe"),
        (["--list", "--output", "yaml"], "Unknown output format 'yaml': use 'text' or 'json'"),
    ])
    func usageErrorsStayText(_ arguments: [String], _ message: String) async {
        let result = await Self.run(["--bootstrap-server", "127.0.0.1:1"] + arguments)
        #expect(result.code == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.hasPrefix(message + "\nOption "), "\(result.err)")
    }

    @Test func optionIsInTheHelpTable() async {
        let result = await Self.run(["--help"])
        #expect(result.err.contains("--output <String: text|json>"))
    }
}
