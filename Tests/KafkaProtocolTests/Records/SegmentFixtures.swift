import Foundation
import NIOCore

/// The `.log` segments copied from `fixtures/kafka-4.0/data/*/` and `produced-records.jsonl`.
enum SegmentFixtures {
    static var root: URL {
        Bundle.module.resourceURL!.appendingPathComponent("Fixtures/segments")
    }

    struct Segment: CustomStringConvertible, Sendable {
        let directory: String
        let file: String
        let bytes: ByteBuffer
        var description: String { "\(directory)/\(file)" }
        /// "fx-plain-0" → ("fx-plain", 0)
        var topicPartition: (topic: String, partition: Int) {
            let cut = directory.lastIndex(of: "-")!
            return (String(directory[..<cut]), Int(directory[directory.index(after: cut)...])!)
        }
    }

    static let segments: [Segment] = {
        let fm = FileManager.default
        var result: [Segment] = []
        let dirs = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        for dir in dirs.sorted() {
            let url = root.appendingPathComponent(dir)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: url.path, isDirectory: &isDir), isDir.boolValue else { continue }
            for file in ((try? fm.contentsOfDirectory(atPath: url.path)) ?? []).sorted() {
                guard let data = fm.contents(atPath: url.appendingPathComponent(file).path) else { continue }
                result.append(Segment(directory: dir, file: file, bytes: ByteBuffer(bytes: data)))
            }
        }
        return result
    }()

    /// Every batch of every segment, with its segment.
    static let batches: [(segment: Segment, bytes: ByteBuffer)] = {
        var result: [(Segment, ByteBuffer)] = []
        for segment in segments {
            var buffer = segment.bytes
            while buffer.readableBytes >= 12, let length = buffer.getInteger(at: buffer.readerIndex + 8, as: Int32.self) {
                let total = Int(length) + 12
                guard total <= buffer.readableBytes, let slice = buffer.readSlice(length: total) else { break }
                result.append((segment, slice))
            }
        }
        return result
    }()

    struct ProducedRecord: Sendable {
        let topic: String
        let partition: Int?
        let offset: Int64?
        let timestamp: Int64?
        let key: String?
        let value: String?
        let headers: [(String, String?)]?
    }

    static let produced: [ProducedRecord] = {
        guard let data = FileManager.default.contents(atPath: root.appendingPathComponent("produced-records.jsonl").path),
              let text = String(data: data, encoding: .utf8) else { return [] }
        var result: [ProducedRecord] = []
        for line in text.split(separator: "\n") {
            guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
                  let topic = object["topic"] as? String else { continue }
            let headers = (object["headers"] as? [[Any]])?.map { pair in
                (pair[0] as! String, pair[1] as? String)
            }
            result.append(ProducedRecord(
                topic: topic, partition: object["partition"] as? Int, offset: (object["offset"] as? NSNumber)?.int64Value,
                timestamp: (object["timestamp"] as? NSNumber)?.int64Value, key: object["key"] as? String,
                value: object["value"] as? String, headers: headers))
        }
        return result
    }()
}

extension ByteBuffer {
    var utf8String: String { String(decoding: readableBytesView, as: UTF8.self) }
    var bytes: [UInt8] { Array(readableBytesView) }
}
