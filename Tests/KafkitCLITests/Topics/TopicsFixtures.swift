import Foundation
@testable import KafkaClient
import KafkaProtocol
@testable import KafkitCLI

/// A recorded `kafka-topics.sh` run from `reference/transcripts` (copied into Fixtures).
struct TopicsTranscript: Sendable, CustomStringConvertible {
    let file: String
    let command: String
    let exitCode: Int32
    let stdout: String
    let stderr: String

    var description: String { file }

    /// The arguments after `bin/kafka-topics.sh` (the recorded commands use no quoting).
    var arguments: [String] {
        let script = command.components(separatedBy: "bin/kafka-topics.sh ").last ?? ""
        return script.split(separator: " ").map(String.init)
    }

    static let directory: String =
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures/kafka-4.0/topics").path ?? ""

    static func load(_ name: String) throws -> TopicsTranscript {
        let path = directory + "/transcripts/" + name
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var command = ""
        var exitCode: Int32 = -1
        var out: [String] = []
        var err: [String] = []
        var section = 0
        for line in text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init) {
            if line.hasPrefix("### command: ") { command = String(line.dropFirst("### command: ".count)); continue }
            if line.hasPrefix("### exit: ") {
                exitCode = Int32(line.dropFirst("### exit: ".count).split(separator: " ").first ?? "") ?? -1
                continue
            }
            if line == "### ---- stdout ----" { section = 1; continue }
            if line == "### ---- stderr ----" { section = 2; continue }
            if line.hasPrefix("### ") { continue }
            if section == 1 { out.append(line) } else if section == 2 { err.append(line) }
        }
        // Each section ends with the newline of its last line.
        func join(_ lines: [String]) -> String {
            var lines = lines
            if lines.last == "" { lines.removeLast() }
            return lines.isEmpty ? "" : lines.joined(separator: "\n") + "\n"
        }
        return TopicsTranscript(file: name, command: command, exitCode: exitCode, stdout: join(out), stderr: join(err))
    }

    static func toolOutput(_ name: String) throws -> String {
        try String(contentsOfFile: directory + "/tools-output/" + name, encoding: .utf8)
    }
}

/// Reads recorded describe output back into the values the formatter takes, so a recorded
/// layout can be re-rendered (multi-node layouts cannot be produced by one in-process broker).
enum RecordedDescribe {
    struct Parsed {
        var topicLines: [String: (id: KafkaUUID, configs: [(name: String, value: String?, isDefault: Bool)])] = [:]
        var partitions: [String: [TopicPartitionInfo]] = [:]
        var topicOrder: [String] = []
    }

    static func ids(_ text: String) -> [Int32] {
        text.isEmpty ? [] : text.split(separator: ",").compactMap { Int32($0) }
    }

    static func parse(_ output: String) -> Parsed {
        var parsed = Parsed()
        for line in output.split(separator: "\n").map(String.init) {
            var fields: [String: String] = [:]
            for field in line.split(separator: "\t", omittingEmptySubsequences: true) {
                guard let colon = field.range(of: ": ") ?? field.range(of: ":") else { continue }
                fields[String(field[..<colon.lowerBound])] = String(field[colon.upperBound...])
            }
            guard let name = fields["Topic"] else { continue }
            if !parsed.topicOrder.contains(name) { parsed.topicOrder.append(name) }
            if line.hasPrefix("\t") {
                let info = TopicPartitionInfo(
                    partition: Int32(fields["Partition"] ?? "") ?? -1,
                    leader: Int32(fields["Leader"] ?? ""), leaderEpoch: 0,
                    replicas: ids(fields["Replicas"] ?? ""), isr: ids(fields["Isr"] ?? ""),
                    eligibleLeaderReplicas: fields["Elr"] == "N/A" ? nil : ids(fields["Elr"] ?? ""),
                    lastKnownElr: fields["LastKnownElr"] == "N/A" ? nil : ids(fields["LastKnownElr"] ?? ""),
                    offlineReplicas: [])
                parsed.partitions[name, default: []].append(info)
            } else {
                let configs = (fields["Configs"] ?? "").split(separator: ",").map { entry in
                    let pair = entry.split(separator: "=", maxSplits: 1).map(String.init)
                    return (name: pair.first ?? "", value: pair.count > 1 ? pair[1] : nil, isDefault: false)
                }
                parsed.topicLines[name] = (KafkaUUID(fields["TopicId"] ?? "") ?? .zero, configs)
            }
        }
        return parsed
    }

    /// The recorded topics as `DescribedTopic`s, plus default entries the broker always lists.
    static func topics(_ output: String, defaults: [(String, String)] = [("min.insync.replicas", "1")]) -> [DescribedTopic] {
        let parsed = parse(output)
        return parsed.topicOrder.map { name in
            let line = parsed.topicLines[name]
            var configs = line?.configs ?? []
            for (key, value) in defaults where !configs.contains(where: { $0.name == key }) {
                configs.append((name: key, value: value, isDefault: true))
            }
            return DescribedTopic(
                description: TopicDescription(
                    name: name, topicId: line?.id ?? .zero, isInternal: InternalTopics.isInternal(name),
                    partitions: parsed.partitions[name] ?? [], authorizedOperations: nil),
                configs: configs)
        }
    }
}
