import Foundation

// Usage: KafkaProtocolGenerator [schemaDir] [outputDir]
// Reads Kafka's JSON message schemas and writes one Swift file per schema, plus registries.
// Output is deterministic (sorted input, no timestamps) so CI can regenerate and diff it.

let arguments = CommandLine.arguments
let schemaDir = URL(fileURLWithPath: arguments.count > 1 ? arguments[1] : "../shared/kafka-protocol")
let outputDir = URL(fileURLWithPath: arguments.count > 2 ? arguments[2] : "Sources/KafkaProtocol/Generated")
let folders = ["messages", "metadata", "coordinator", "raft", "storage"]
let fileManager = FileManager.default

func run() throws {
    var specs: [MessageSpec] = []
    for folder in folders {
        let dir = schemaDir.appendingPathComponent(folder)
        let names = try fileManager.contentsOfDirectory(atPath: dir.path).filter { $0.hasSuffix(".json") }.sorted()
        for name in names {
            let json = try loadSchema(at: dir.appendingPathComponent(name))
            specs.append(try MessageSpec(json: json, path: "\(folder)/\(name)", folder: folder))
        }
    }
    var outputs: [String: String] = [:]   // relative path → contents
    for spec in specs where !spec.validVersions.isEmpty {
        var emitter = MessageEmitter(message: spec)
        let relative = "\(spec.folder.prefix(1).uppercased() + spec.folder.dropFirst())/\(spec.name).swift"
        guard outputs[relative] == nil else { throw GeneratorError.schema("two schemas named \(spec.name)") }
        outputs[relative] = try emitter.emitFile()
    }
    let requests = specs.filter { $0.type == "request" }
    var responses: [String: MessageSpec] = [:]
    for s in specs where s.type == "response" { responses[s.name] = s }
    outputs["Registry/ApiKey+Registry.swift"] = RegistryEmitter.apiKeys(requests: requests, responses: responses)
    outputs["Registry/MetadataRecordType.swift"] = RegistryEmitter.metadataRecordTypes(
        enumName: "MetadataRecordType", protocolName: "KafkaMetadataRecord",
        doc: "KRaft `__cluster_metadata` record types (Kafka's `MetadataRecordType`), keyed by the frame's apiKey.",
        records: specs.filter { $0.type == "metadata" && $0.folder == "metadata" })
    outputs["Registry/RemoteLogMetadataRecordType.swift"] = RegistryEmitter.metadataRecordTypes(
        enumName: "RemoteLogMetadataRecordType", protocolName: "KafkaRemoteLogMetadataRecord",
        doc: "`__remote_log_metadata` record types, keyed by the frame's apiKey.",
        records: specs.filter { $0.type == "metadata" && $0.folder == "storage" })
    var values: [String: MessageSpec] = [:]
    for s in specs where s.folder == "coordinator" && s.name.hasSuffix("Value") { values[s.name] = s }
    outputs["Registry/CoordinatorRecordSchemas.swift"] = try RegistryEmitter.coordinatorRecords(
        keys: specs.filter { $0.folder == "coordinator" && $0.name.hasSuffix("Key") }, values: values)

    // Remove generated files that no longer have a schema, then write what changed.
    if let enumerator = fileManager.enumerator(at: outputDir, includingPropertiesForKeys: nil) {
        let base = outputDir.standardizedFileURL.path
        for case let url as URL in enumerator where url.pathExtension == "swift" {
            let relative = String(url.standardizedFileURL.path.dropFirst(base.count + 1))
            if outputs[relative] == nil { try fileManager.removeItem(at: url) }
        }
    }
    var written = 0
    for (relative, text) in outputs.sorted(by: { $0.key < $1.key }) {
        let url = outputDir.appendingPathComponent(relative)
        try fileManager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        if let existing = try? String(contentsOf: url, encoding: .utf8), existing == text { continue }
        try text.write(to: url, atomically: true, encoding: .utf8)
        written += 1
    }
    print("KafkaProtocolGenerator: \(outputs.count) files (\(written) changed) in \(outputDir.path)")
}

do {
    try run()
} catch {
    FileHandle.standardError.write(Data("KafkaProtocolGenerator: \(error)\n".utf8))
    exit(1)
}
