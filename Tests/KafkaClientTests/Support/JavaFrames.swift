import Testing
import Foundation
import KafkaProtocol
import NIOCore

/// Request frames Kafka's Java tools sent (`fixtures/kafka-4.0/frames/java-*.jsonl`).
struct JavaFrames {
    struct Frame {
        var apiKey: Int16
        var apiVersion: Int16
        var bytes: ByteBuffer
    }

    let requests: [Frame]

    init(_ name: String) throws {
        guard let url = Bundle.module.url(forResource: "Fixtures/frames/\(name)", withExtension: "jsonl") else {
            throw CocoaError(.fileNoSuchFile)
        }
        var frames: [Frame] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  object["dir"] as? String == "req",
                  let key = object["apiKey"] as? Int, let version = object["apiVersion"] as? Int,
                  let hex = object["hex"] as? String else { continue }
            var buffer = ByteBuffer(bytes: try hexBytes(hex))
            buffer.moveReaderIndex(forwardBy: 4)
            frames.append(Frame(apiKey: Int16(key), apiVersion: Int16(version), bytes: buffer))
        }
        requests = frames
    }

    /// Every request of type `R` the tool sent, decoded, with its version.
    func all<R: KafkaRequest>(_ type: R.Type) throws -> [(request: R, version: Int16)] {
        try requests.filter { $0.apiKey == R.apiKey.rawValue }.map { frame in
            let parsed = try KafkaRequestFrame.parse(frame.bytes)
            return (try parsed.decodeRequest(as: R.self), frame.apiVersion)
        }
    }

    func first<R: KafkaRequest>(_ type: R.Type) throws -> (request: R, version: Int16) {
        guard let found = try all(type).first else { throw CocoaError(.fileNoSuchFile) }
        return found
    }
}

/// Decodes what we encode at Java's version, so both sides hold only what that version carries.
func roundTrip<R: KafkaRequest>(_ request: R, version: Int16) throws -> R {
    var buffer = try request.encoded(version: version)
    return try R.decode(from: &buffer, version: version)
}

/// Compares at `version`, recording both sides as Kafka JSON when they differ.
func expectSameRequest<R: KafkaRequest>(_ ours: R, _ java: (request: R, version: Int16), sourceLocation: SourceLocation = #_sourceLocation) throws {
    let decoded = try roundTrip(ours, version: java.version)
    if decoded != java.request {
        Issue.record("ours:  \(decoded.toJSON(version: java.version))\njava:  \(java.request.toJSON(version: java.version))", sourceLocation: sourceLocation)
    }
}
