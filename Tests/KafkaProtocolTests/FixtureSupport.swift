import Foundation
import KafkaProtocol
import NIOCore

/// Reading the copied Kafka 4.0 fixtures.
enum Fixtures {
    static var root: URL {
        get throws {
            guard let url = Bundle.module.url(forResource: "Fixtures", withExtension: nil) else {
                throw FixtureError.missing("Fixtures")
            }
            return url
        }
    }

    static func data(_ relative: String) throws -> Data {
        try Data(contentsOf: try root.appendingPathComponent(relative))
    }

    static func text(_ relative: String) throws -> String {
        String(decoding: try data(relative), as: UTF8.self)
    }

    static func buffer(_ relative: String) throws -> ByteBuffer {
        ByteBuffer(bytes: try data(relative))
    }

    static func files(in folder: String, suffix: String) throws -> [String] {
        let names = try FileManager.default.contentsOfDirectory(atPath: try root.appendingPathComponent(folder).path)
        return names.filter { $0.hasSuffix(suffix) }.sorted().map { "\(folder)/\($0)" }
    }
}

enum FixtureError: Error {
    case missing(String)
    case malformed(String)
}

/// One line of `frames/<client>.jsonl`.
struct RecordedFrame: Sendable {
    var client: String
    var isRequest: Bool
    var apiKey: Int16
    var apiVersion: Int16
    var correlationId: Int32
    var bytes: [UInt8]
    var seq: Int

    static func load(_ relative: String) throws -> [RecordedFrame] {
        try Fixtures.text(relative).split(separator: "\n").map { line in
            guard let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let dir = object["dir"] as? String, let key = object["apiKey"] as? Int,
                  let version = object["apiVersion"] as? Int, let correlation = object["correlationId"] as? Int,
                  let hex = object["hex"] as? String
            else { throw FixtureError.malformed(relative) }
            return RecordedFrame(
                client: object["client"] as? String ?? "", isRequest: dir == "req", apiKey: Int16(key),
                apiVersion: Int16(version), correlationId: Int32(correlation), bytes: try hexBytes(hex),
                seq: object["seq"] as? Int ?? 0)
        }
    }
}

/// A record from an uncompressed v2 batch: enough to reach keys and values in the fixture logs.
struct FixtureRecord {
    var offset: Int64
    var isControlBatch: Bool
    var key: ByteBuffer?
    var value: ByteBuffer?
}

/// Walks the record batches of a `.log` or `.checkpoint` file (uncompressed v2 batches only).
func readFixtureRecords(_ file: ByteBuffer) throws -> [FixtureRecord] {
    var buffer = file
    var records: [FixtureRecord] = []
    while buffer.readableBytes >= 12 {
        let baseOffset = try buffer.readKafkaInteger(as: Int64.self)
        let batchLength = try buffer.readKafkaInteger(as: Int32.self)
        var batch = try buffer.readKafkaSlice(length: Int(batchLength), field: "batch")
        _ = try batch.readKafkaInteger(as: Int32.self)          // partitionLeaderEpoch
        let magic = try batch.readKafkaInteger(as: Int8.self)
        guard magic == 2 else { throw FixtureError.malformed("magic \(magic)") }
        _ = try batch.readKafkaInteger(as: UInt32.self)         // crc
        let attributes = try batch.readKafkaInteger(as: Int16.self)
        guard attributes & 0x07 == 0 else { throw FixtureError.malformed("compressed batch") }
        batch.moveReaderIndex(forwardBy: 4 + 8 + 8 + 8 + 2 + 4)  // lastOffsetDelta ... baseSequence
        let count = try batch.readKafkaInteger(as: Int32.self)
        for _ in 0..<count {
            let length = try batch.readVarint()
            var record = try batch.readKafkaSlice(length: Int(length), field: "record")
            _ = try record.readKafkaInteger(as: Int8.self)
            _ = try record.readVarlong()
            let offsetDelta = try record.readVarint()
            let keyLength = try record.readVarint()
            let key = keyLength < 0 ? nil : try record.readKafkaSlice(length: Int(keyLength), field: "key")
            let valueLength = try record.readVarint()
            let value = valueLength < 0 ? nil : try record.readKafkaSlice(length: Int(valueLength), field: "value")
            records.append(FixtureRecord(
                offset: baseOffset + Int64(offsetDelta), isControlBatch: attributes & 0x20 != 0, key: key, value: value))
        }
    }
    return records
}

/// The text after `marker` on each line of a dump-log output that has it.
func dumpLines(_ text: String, containing marker: String) -> [Substring] {
    text.split(separator: "\n").filter { $0.contains(marker) }
}
