import Foundation
import KafkaClient
import KafkaProtocol
import KafkitCLI
import NIOCore
import Testing

@Suite("broker-api-versions")
struct BrokerApiVersionsTests {
    /// The Java 4.0 broker's recorded ApiVersions answer (`frames/java-broker-api-versions.jsonl`).
    static func javaBrokerEntries() throws -> [NodeApiVersionsText.Entry] {
        let text = try String(contentsOfFile: Transcript.path("frames/java-broker-api-versions.jsonl"), encoding: .utf8)
        for line in text.split(separator: "\n") {
            let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            guard object["dir"] as? String == "resp", object["apiKey"] as? Int == 18,
                  let hex = object["hex"] as? String, let version = object["apiVersion"] as? Int else { continue }
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(try #require(UInt8(hex[index..<next], radix: 16)))
                index = next
            }
            var buffer = ByteBuffer(bytes: bytes)
            buffer.moveReaderIndex(forwardBy: 8)  // frame length + correlation id (header v0)
            let response = try ApiVersionsResponse.decode(from: &buffer, version: Int16(version))
            return response.apiKeys.map { .init(apiKey: $0.apiKey, minVersion: $0.minVersion, maxVersion: $0.maxVersion) }
        }
        throw TranscriptError.missing
    }

    enum TranscriptError: Error { case missing }

    @Test("the Java broker's ApiVersions answer formats exactly as Kafka's tool printed it")
    func javaBrokerBlock() throws {
        let recorded = try Transcript.load("19-broker-api-versions.txt")
        let block = NodeApiVersionsText.block(
            node: NodeApiVersionsText.node(host: "127.0.0.1", port: 19092, id: 1, rack: nil),
            entries: try Self.javaBrokerEntries())
        #expect(block == recorded.stdout)
    }

    @Test("3 brokers: one block per broker, in Java HashMap order, with Kafka's node text")
    func threeNodeHeaders() throws {
        let recorded = try Transcript.load("c04-broker-api-versions-3nodes.txt")
        let entries = try Self.javaBrokerEntries()
        let metadataOrder = [(Int32(1), Int32(29091)), (2, 29092), (3, 29093)].map { id, port in
            var broker = MetadataResponse.MetadataResponseBroker()
            broker.nodeId = id
            broker.host = "127.0.0.1"
            broker.port = port
            return broker
        }
        var output = ""
        for broker in BrokerApiVersionsCommand.outputOrder(metadataOrder) {
            output += NodeApiVersionsText.block(
                node: NodeApiVersionsText.node(host: broker.host, port: Int(broker.port), id: broker.nodeId, rack: broker.rack),
                entries: entries)
        }
        let headers = output.split(separator: "\n").filter { $0.hasPrefix("127") || $0.contains("isFenced") }
        #expect(headers.joined(separator: "\n") + "\n" == recorded.stdout)
    }

    @Test("unknown keys, min == max, unusable ranges and racks")
    func versionTextCases() {
        let text = NodeApiVersionsText.text([
            .init(apiKey: 0, minVersion: 13, maxVersion: 20),
            .init(apiKey: 1, minVersion: 0, maxVersion: 3),
            .init(apiKey: 27, minVersion: 1, maxVersion: 1),
            .init(apiKey: 200, minVersion: 0, maxVersion: 2),
        ])
        #expect(text.contains("\n\tProduce(0): 13 to 20 [unusable: node too new],\n"))
        #expect(text.contains("\n\tFetch(1): 0 to 3 [unusable: node too old],\n"))
        #expect(text.contains("\n\tWriteTxnMarkers(27): 1 [usable: 1],\n"))
        #expect(text.hasSuffix(",\n\tUNKNOWN(200): 0 to 2\n)"))
        #expect(text.contains("\tMetadata(3): UNSUPPORTED,\n"))
        #expect(!text.contains("LeaderAndIsr"))
        #expect(NodeApiVersionsText.node(host: "h", port: 1, id: 7, rack: "r1") == "h:1 (id: 7 rack: r1 isFenced: false)")
        #expect(NodeApiVersionsText.errorBlock(node: "h:1 (id: 7 rack: null isFenced: false)", error: "x: y")
            == "h:1 (id: 7 rack: null isFenced: false) -> ERROR: x: y\n")
    }

    @Test("client APIs are the broker-listener APIs Kafka 4.0 lists")
    func clientApis() throws {
        let recorded = try Transcript.load("19-broker-api-versions.txt")
        let keys = recorded.stdout.split(separator: "\n").compactMap { line -> Int16? in
            guard let open = line.firstIndex(of: "("), let close = line.firstIndex(of: ")"), line.hasPrefix("\t") else { return nil }
            return Int16(line[line.index(after: open)..<close])
        }
        #expect(NodeApiVersionsText.clientApis.map(\.rawValue) == keys)
    }

    @Test("against kafkit's broker: lists exactly what the broker advertises")
    func ourBroker() async throws {
        try await withTestBroker { broker in try await checkOurBroker(broker) }
    }

    func checkOurBroker(_ broker: TestBroker) async throws {
        let recorded = try Transcript.load("19-broker-api-versions.txt")
        let (code, out, err) = await runTool(BrokerApiVersionsCommand.execute, withBroker(recorded.arguments, port: broker.port))
        #expect(code == 0)
        #expect(err == "")

        let admin = KafkaAdminClient(config: try BrokerSetup.config(broker.port))
        let advertised = try await admin.apiVersions().response.apiKeys
        await admin.close()

        var lines = normalisePort(out, port: broker.port).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "127.0.0.1:19092 (id: 1 rack: null isFenced: false) -> (")
        #expect(lines.last == "")
        lines = Array(lines.dropFirst().dropLast())
        #expect(lines.last == ")")
        let body = lines.dropLast()
        var listed: [Int16: String] = [:]
        for (index, line) in body.enumerated() {
            #expect(line.hasPrefix("\t"))
            #expect(line.hasSuffix(",") == (index < body.count - 1))
            let open = try #require(line.firstIndex(of: "("))
            let close = try #require(line.firstIndex(of: ")"))
            let key = try #require(Int16(line[line.index(after: open)..<close]))
            listed[key] = String(line[line.index(close, offsetBy: 3)...]).trimmingCharacters(in: CharacterSet(charactersIn: ","))
        }
        let expectedKeys = Set(advertised.map(\.apiKey)).union(NodeApiVersionsText.clientApis.map(\.rawValue))
        #expect(Set(listed.keys) == expectedKeys)
        for entry in advertised {
            let range = entry.minVersion == entry.maxVersion ? "\(entry.minVersion)" : "\(entry.minVersion) to \(entry.maxVersion)"
            #expect(listed[entry.apiKey]?.hasPrefix(range + " [") == true, "key \(entry.apiKey): \(listed[entry.apiKey] ?? "-")")
        }
        for key in NodeApiVersionsText.clientApis where !advertised.contains(where: { $0.apiKey == key.rawValue }) {
            #expect(listed[key.rawValue] == "UNSUPPORTED")
        }
    }

    @Test("usage, version and missing --bootstrap-server")
    func usageErrors() async {
        let none = await runTool(BrokerApiVersionsCommand.execute, [])
        #expect(none.code == 1)
        #expect(none.err.hasPrefix("This tool helps to retrieve broker version information.\n"))
        let help = await runTool(BrokerApiVersionsCommand.execute, ["--help"])
        #expect(help.code == 1 && help.err.contains("--bootstrap-server"))
        let version = await runTool(BrokerApiVersionsCommand.execute, ["--version"])
        #expect(version.code == 0 && version.out == JoptCommandLine.versionLine + "\n")
        let missing = await runTool(BrokerApiVersionsCommand.execute, ["--command-config", "x"])
        #expect(missing.code == 1)
        #expect(missing.err.hasPrefix("Missing required argument \"[bootstrap-server]\"\n"))
        let abbreviated = await runTool(BrokerApiVersionsCommand.execute, ["--bootstrap", "x:1"])
        #expect(abbreviated.code == 1)
        #expect(abbreviated.err == "bootstrap is not a recognized option\njoptsimple.UnrecognizedOptionException: bootstrap is not a recognized option\n")
    }

    @Test("no reachable broker: Request METADATA failed, exit 1")
    func unreachable() async throws {
        let config = try BrokerSetup.writeTemp("default.api.timeout.ms=300\nrequest.timeout.ms=200\nretry.backoff.ms=50\n", suffix: ".properties")
        let result = await runTool(BrokerApiVersionsCommand.execute, ["--bootstrap-server", "127.0.0.1:1", "--command-config", config])
        #expect(result.code == 1)
        #expect(result.err.hasPrefix("Request METADATA failed on brokers [127.0.0.1:1 (id: -1 rack: null isFenced: false)]\n"))
        #expect(result.err.contains(
            "java.lang.RuntimeException: Request METADATA failed on brokers [127.0.0.1:1 (id: -1 rack: null isFenced: false)]"))
    }
}
