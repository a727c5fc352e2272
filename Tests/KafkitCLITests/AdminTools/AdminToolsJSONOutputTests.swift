import Foundation
import KafkaClient
@testable import KafkitCLI
import Testing

/// `get-offsets` and `broker-api-versions` with `--output json`: every field of
/// docs/json/get-offsets.md and docs/json/broker-api-versions.md with its type, cross-checked
/// with the text the same run prints, and failures as the error document.
@Suite("admin tools --output json")
struct AdminToolsJSONOutputTests: JSONDocumentSuite {
    static func timeoutConfig() throws -> String {
        try BrokerSetup.writeTemp("default.api.timeout.ms=300\nrequest.timeout.ms=200\nretry.backoff.ms=50\n", suffix: ".properties")
    }

    // MARK: get-offsets

    static let offsetFields = ["leaderEpoch", "offset", "partition", "timestamp", "topic"]

    @Test func getOffsetsDocument() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "many", partitions: 11)
            try await BrokerSetup.createTopic(port, "a")
            try await BrokerSetup.produce(port, topic: "many", partition: 10, count: 3, timestamp: 1_000)
            try await BrokerSetup.produce(port, topic: "many", partition: 2, count: 2, timestamp: 2_000)
            let server = ["--bootstrap-server", "127.0.0.1:\(port)"]

            for spec in ["latest", "earliest", "max-timestamp", "1500"] {
                let arguments = server + ["--topic", "many|a", "--time", spec]
                let text = await runTool(GetOffsetsCommand.execute, arguments)
                let json = await runTool(GetOffsetsCommand.execute, arguments + ["--output", "json"])
                #expect(json.code == 0)
                #expect(json.err.isEmpty)
                let document = try Self.document(json.out)
                #expect(document.keys.sorted() == ["errors", "offsets"])
                #expect((document["errors"] as? [Any])?.isEmpty == true)
                let offsets = try #require(document["offsets"] as? [[String: Any]])
                #expect(offsets.count == 12, "every looked-up partition, also those without an offset")
                var found: [String] = []
                for entry in offsets {
                    #expect(entry.keys.sorted() == Self.offsetFields)
                    let topic = try #require(entry["topic"] as? String)
                    let partition = try #require(entry["partition"] as? Int)
                    #expect(entry["leaderEpoch"] is NSNull || entry["leaderEpoch"] is Int)
                    #expect(entry["timestamp"] is NSNull || entry["timestamp"] is Int)
                    if let offset = entry["offset"] as? Int {
                        found.append("\(topic):\(partition):\(offset)")
                    } else {
                        #expect(entry["offset"] is NSNull)
                    }
                }
                // The text's lines are the entries with an offset (its own order aside).
                #expect(found.sorted() == text.out.split(separator: "\n").map(String.init).sorted(), "--time \(spec)")
                let order = offsets.map { "\($0["topic"] as? String ?? "")/\(String(format: "%05d", $0["partition"] as? Int ?? 0))" }
                #expect(order == order.sorted(), "by topic, then partition number")
            }

            // A timestamp spec finds the record's timestamp; latest has none.
            let byTime = try Self.document(await runTool(
                GetOffsetsCommand.execute, server + ["--topic-partitions", "many:10", "--time", "500", "--output", "json"]).out)
            let timed = try #require((byTime["offsets"] as? [[String: Any]])?.first)
            #expect(timed["offset"] as? Int == 0)
            #expect(timed["timestamp"] as? Int == 1_000)
            #expect(timed["leaderEpoch"] as? Int == 0)
            let late = try Self.document(await runTool(
                GetOffsetsCommand.execute, server + ["--topic-partitions", "many:10", "--time", "5000", "--output", "json"]).out)
            let none = try #require((late["offsets"] as? [[String: Any]])?.first)
            #expect(none["offset"] is NSNull)
            #expect(none["timestamp"] is NSNull)

            try Self.expectErrorDocument(
                await runTool(GetOffsetsCommand.execute, server + ["--topic", "nothing", "--output", "json"]),
                type: "TerseException", message: "Could not match any topic-partitions with the specified filters")
            try Self.expectErrorDocument(
                await runTool(GetOffsetsCommand.execute, server + ["--time", "soon", "--output", "json"]),
                type: "TerseException",
                message: "Malformed time argument soon. " + GetOffsetShell.malformedTime)
            try Self.expectErrorDocument(
                await runTool(GetOffsetsCommand.execute, server + ["--topic-partitions", "x:y", "--output", "json"]),
                type: "RuntimeException", message: "org.apache.kafka.tools.TerseException: Invalid rule specification: x:y")
            try Self.expectErrorDocument(
                await runTool(GetOffsetsCommand.execute, server + ["--topic", "t", "--topic-partitions", "t:0", "--output", "json"]),
                type: "TerseException", message: "--topic-partitions cannot be used with --topic or --partitions")
        }
    }

    @Test func getOffsetsUnreachableBroker() async throws {
        let config = try Self.timeoutConfig()
        try Self.expectErrorDocument(
            await runTool(
                GetOffsetsCommand.execute,
                ["--bootstrap-server", "127.0.0.1:1", "--command-config", config, "--output", "json"]),
            type: "TimeoutException")
    }

    @Test func getOffsetsUsageErrorsStayText() async {
        let result = await runTool(GetOffsetsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--output", "yaml"])
        #expect(result.code == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.hasPrefix("Unknown output format 'yaml': use 'text' or 'json'\nOption "))
    }

    // MARK: broker-api-versions

    static let brokerFields = ["apis", "error", "host", "id", "isFenced", "port", "rack"]
    static let apiFields = ["apiKey", "maxVersion", "minVersion", "name", "status", "usableVersion"]

    @Test func brokerApiVersionsDocument() async throws {
        try await withTestBroker { broker in
            let server = ["--bootstrap-server", "127.0.0.1:\(broker.port)"]
            let text = await runTool(BrokerApiVersionsCommand.execute, server)
            let json = await runTool(BrokerApiVersionsCommand.execute, server + ["--output", "json"])
            #expect(json.code == 0)
            #expect(json.err.isEmpty)
            let document = try Self.document(json.out)
            #expect(document.keys.sorted() == ["brokers"])
            let brokers = try #require(document["brokers"] as? [[String: Any]])
            #expect(brokers.count == 1)
            let entry = try #require(brokers.first)
            #expect(entry.keys.sorted() == Self.brokerFields)
            #expect(entry["id"] as? Int == 1)
            #expect(entry["host"] as? String == "127.0.0.1")
            #expect(entry["port"] as? Int == broker.port)
            #expect(entry["rack"] is NSNull)
            #expect(entry["isFenced"] as? Bool == false)
            #expect(entry["error"] is NSNull)
            let apis = try #require(entry["apis"] as? [[String: Any]])

            // Each entry is one line of the text block, in the same (API key) order.
            let lines = text.out.split(separator: "\n").filter { $0.hasPrefix("\t") }.map {
                String($0.dropFirst().trimmingCharacters(in: CharacterSet(charactersIn: ",")))
            }
            #expect(apis.count == lines.count)
            for (api, line) in zip(apis, lines) {
                #expect(api.keys.sorted() == Self.apiFields)
                let key = try #require(api["apiKey"] as? Int)
                let name = api["name"] as? String
                let status = try #require(api["status"] as? String)
                let label = (name ?? "UNKNOWN") + "(\(key)): "
                #expect(line.hasPrefix(label), "\(line)")
                let rest = String(line.dropFirst(label.count))
                switch status {
                case "unsupported":
                    #expect(rest == "UNSUPPORTED")
                    #expect(api["minVersion"] is NSNull && api["maxVersion"] is NSNull && api["usableVersion"] is NSNull)
                case "usable":
                    let min = try #require(api["minVersion"] as? Int)
                    let max = try #require(api["maxVersion"] as? Int)
                    let usable = try #require(api["usableVersion"] as? Int)
                    #expect(rest == (min == max ? "\(min)" : "\(min) to \(max)") + " [usable: \(usable)]")
                default:
                    #expect(api["usableVersion"] is NSNull)
                    #expect(rest.contains(status == "unknown" ? "" : "[unusable: \(status)]"))
                }
            }
        }
    }

    @Test func apiStatusesAsData() {
        let apis = BrokerApiVersionsDocument.apis([
            .init(apiKey: 0, minVersion: 13, maxVersion: 20),
            .init(apiKey: 1, minVersion: 0, maxVersion: 3),
            .init(apiKey: 27, minVersion: 1, maxVersion: 1),
            .init(apiKey: 200, minVersion: 0, maxVersion: 2),
        ])
        #expect(apis.first { $0.apiKey == 0 }?.status == "node too new")
        #expect(apis.first { $0.apiKey == 1 }?.status == "node too old")
        #expect(apis.first { $0.apiKey == 27 } == .init(
            name: "WriteTxnMarkers", apiKey: 27, minVersion: 1, maxVersion: 1, usableVersion: 1, status: "usable"))
        #expect(apis.last == .init(name: nil, apiKey: 200, minVersion: 0, maxVersion: 2, usableVersion: nil, status: "unknown"))
        #expect(apis.first { $0.apiKey == 3 }?.status == "unsupported")
        #expect(apis.map(\.apiKey) == apis.map(\.apiKey).sorted())
    }

    @Test func brokerApiVersionsUnreachable() async throws {
        let config = try Self.timeoutConfig()
        try Self.expectErrorDocument(
            await runTool(
                BrokerApiVersionsCommand.execute,
                ["--bootstrap-server", "127.0.0.1:1", "--command-config", config, "--output", "json"]),
            type: "RuntimeException",
            message: "Request METADATA failed on brokers [127.0.0.1:1 (id: -1 rack: null isFenced: false)]")
    }

    @Test func brokerApiVersionsUsageErrorsStayText() async {
        let result = await runTool(BrokerApiVersionsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--output", "xml"])
        #expect(result.code == 1)
        #expect(result.out.isEmpty)
        #expect(result.err.hasPrefix("Unknown output format 'xml': use 'text' or 'json'\nOption "))
    }
}
