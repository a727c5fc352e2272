import Foundation
import Testing
@testable import KafkitCLI

/// Old magic 0/1 messages, which only segments written before Kafka 0.11 hold.
@Suite("dump-log on legacy (magic 0 and 1) messages")
struct DumpLogLegacyFormatTests {
    /// zlib's CRC-32 (IEEE), which legacy messages use.
    static func crc32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc >> 1) ^ (crc & 1 == 1 ? 0xEDB8_8320 : 0) }
        }
        return ~crc
    }

    static func bigEndian<T: FixedWidthInteger>(_ value: T) -> [UInt8] {
        withUnsafeBytes(of: value.bigEndian) { Array($0) }
    }

    /// One log entry: offset, size, crc, magic, attributes, [timestamp], key, value.
    static func message(offset: Int64, magic: UInt8, timestamp: Int64, key: String?, value: String?) -> (bytes: [UInt8], crc: UInt32) {
        var body: [UInt8] = [magic, 0]
        if magic == 1 { body += bigEndian(timestamp) }
        for field in [key, value] {
            if let field {
                body += bigEndian(Int32(field.utf8.count)) + Array(field.utf8)
            } else {
                body += bigEndian(Int32(-1))
            }
        }
        let crc = crc32(body)
        let message = bigEndian(crc) + body
        return (bigEndian(offset) + bigEndian(Int32(message.count)) + message, crc)
    }

    @Test func magic1AndMagic0Messages() async throws {
        let directory = NSTemporaryDirectory() + "dumplog-legacy-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let v1 = Self.message(offset: 5, magic: 1, timestamp: 1000, key: "k", value: "v")
        let v0 = Self.message(offset: 6, magic: 0, timestamp: -1, key: nil, value: "old")
        try Data(v1.bytes + v0.bytes).write(to: URL(fileURLWithPath: directory + "/00000000000000000005.log"))

        let (code, out, err) = await DumpLogFixtures.runTool(
            ["--files", "$DIR/00000000000000000005.log", "--print-data-log"], directory: directory)
        #expect(code == 0)
        #expect(err.isEmpty)
        #expect(out == """
            Dumping $DIR/00000000000000000005.log
            Log starting offset: 5
            offset: 5 position: 0 CreateTime: 1000 size: 36 magic: 1 compresscodec: none crc: \(v1.crc) isvalid: true
            | offset: 5 CreateTime: 1000 keySize: 1 valueSize: 1 isValid: true crc: \(v1.crc)} key: k payload: v
            offset: 6 position: 36 NoTimestampType: -1 size: 29 magic: 0 compresscodec: none crc: \(v0.crc) isvalid: true
            | offset: 6 NoTimestampType: -1 keySize: -1 valueSize: 3 isValid: true crc: \(v0.crc)} payload: old

            """)
    }
}

@Suite("dump-log reads segments window by window")
struct SegmentWindowTests {
    /// Every fixture segment walks to the same entries and the same end with a 100-byte window
    /// (most entries larger than the window) as with one window for the whole file.
    @Test func smallWindowsSeeTheSameEntries() throws {
        let root = DumpLogFixtures.dataDirectory
        let logs = (FileManager.default.enumerator(atPath: root)?.compactMap { $0 as? String } ?? [])
            .filter { $0.hasSuffix(".log") || $0.hasSuffix(".checkpoint") && !$0.contains("-checkpoint") }
        #expect(logs.count > 30)
        for relative in logs {
            let segment = try SegmentFile(path: root + "/" + relative)
            for end in [segment.size, segment.size - 7, segment.size / 2] where end >= 0 {
                var small = segment.entries(from: 0, to: end, windowSize: 100)
                var whole = segment.entries(from: 0, to: end, windowSize: segment.size + 1)
                var smallSizes: [Int] = []
                var wholeSizes: [Int] = []
                while let entry = try small.next() { smallSizes.append(entry.sizeInBytes) }
                while let entry = try whole.next() { wholeSizes.append(entry.sizeInBytes) }
                #expect(smallSizes == wholeSizes, "\(relative) up to \(end)")
                if end == segment.size { #expect(wholeSizes.reduce(0, +) == end, "\(relative)") }
            }
        }
    }
}
