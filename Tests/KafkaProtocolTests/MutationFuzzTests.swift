import KafkaProtocol
import NIOCore
import Testing

/// Seeded mutations of the recorded frames: every decode either succeeds or throws a typed error.
/// (A trap would crash the test process; claimed lengths beyond the buffer are refused by the
/// primitives before anything is allocated for them.)
@Suite("Mutation fuzz")
struct MutationFuzzTests {
    static func corpus() throws -> [RecordedFrame] {
        try Fixtures.files(in: "frames", suffix: ".jsonl").flatMap { try RecordedFrame.load($0) }
    }

    enum Mutation: CaseIterable {
        case flipBits, truncate, randomInt32, randomVarint, insertBytes, deleteBytes
    }

    static func mutate(_ bytes: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var out = bytes
        guard out.count > 4 else { return out }
        // Mutate after the size prefix and keep the prefix consistent, so the body decoders get the bad input.
        let bodyStart = 4
        switch Mutation.allCases.randomElement(using: &rng) ?? .flipBits {
        case .flipBits:
            for _ in 0..<Int.random(in: 1...4, using: &rng) {
                let i = Int.random(in: bodyStart..<out.count, using: &rng)
                out[i] ^= UInt8(1) << UInt8.random(in: 0...7, using: &rng)
            }
        case .truncate:
            out.removeLast(Int.random(in: 1...(out.count - bodyStart), using: &rng))
        case .randomInt32:
            let i = Int.random(in: bodyStart..<out.count, using: &rng)
            let value: UInt32 = [0x7FFF_FFFF, 0xFFFF_FFFF, 0x8000_0000, 0xFFFF_FFFE, 0x0000_FFFF, UInt32.random(in: 0...UInt32.max, using: &rng)]
                .randomElement(using: &rng) ?? 0
            for k in 0..<4 where i + k < out.count { out[i + k] = UInt8(truncatingIfNeeded: value >> (24 - 8 * UInt32(k))) }
        case .randomVarint:
            let i = Int.random(in: bodyStart..<out.count, using: &rng)
            let varint: [UInt8] = [[0xFF, 0xFF, 0xFF, 0xFF, 0x0F], [0x80, 0x80, 0x80, 0x80, 0x80, 0x01], [0xFE, 0xFF, 0x7F], [0x00]]
                .randomElement(using: &rng) ?? [0]
            for (k, b) in varint.enumerated() where i + k < out.count { out[i + k] = b }
        case .insertBytes:
            let i = Int.random(in: bodyStart...out.count, using: &rng)
            let extra = (0..<Int.random(in: 1...8, using: &rng)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            out.insert(contentsOf: extra, at: i)
        case .deleteBytes:
            let i = Int.random(in: bodyStart..<out.count, using: &rng)
            out.removeSubrange(i..<min(out.count, i + Int.random(in: 1...8, using: &rng)))
        }
        let size = UInt32(out.count - 4)
        for k in 0..<4 { out[k] = UInt8(truncatingIfNeeded: size >> (24 - 8 * UInt32(k))) }
        return out
    }

    /// Runs every decoder on one frame; returns false only for an error that is not ours.
    static func decodeAll(_ frame: RecordedFrame, bytes: [UInt8]) -> Bool {
        do {
            var stream = ByteBuffer(bytes: bytes)
            var decoder = KafkaFrameDecoder()
            guard let content = try decoder.decode(buffer: &stream) else { return true }
            guard let apiKey = ApiKey(rawValue: frame.apiKey) else { return true }
            if frame.isRequest {
                let parsed = try KafkaRequestFrame.parse(content)
                let request = try parsed.decodeRequest()
                _ = request.toJSON(version: parsed.apiVersion)
                var out = ByteBuffer()
                try? request.encode(into: &out, version: parsed.apiVersion)
            } else {
                let parsed = try KafkaResponseFrame.parse(content, apiKey: apiKey, apiVersion: frame.apiVersion)
                if apiKey == .apiVersions {
                    _ = try ApiVersionsResponse.decodeWithFallback(from: parsed.body, version: frame.apiVersion)
                } else if let type = apiKey.responseType {
                    var body = parsed.body
                    let response = try type.decode(from: &body, version: frame.apiVersion)
                    _ = response.toJSON(version: frame.apiVersion, serializeRecords: false)
                }
            }
            return true
        } catch is KafkaProtocolError {
            return true
        } catch is KafkaFrameError {
            return true
        } catch {
            return false
        }
    }

    @Test("5000 seeded mutations decode or throw typed errors")
    func mutations() throws {
        let corpus = try Self.corpus()
        #expect(corpus.count > 700)
        var rng = SplitMix64(seed: 0x4B61_666B_6974)
        var failures = 0
        for _ in 0..<5000 {
            guard let frame = corpus.randomElement(using: &rng) else { break }
            let mutated = Self.mutate(frame.bytes, using: &rng)
            if !Self.decodeAll(frame, bytes: mutated) { failures += 1 }
        }
        #expect(failures == 0)
    }

    @Test("every truncation of a few frames is refused with a typed error")
    func truncations() throws {
        let corpus = try Self.corpus()
        let picks = corpus.filter { [0, 1, 3, 18, 19].contains($0.apiKey) }.prefix(40)
        for frame in picks {
            for cut in stride(from: 5, to: frame.bytes.count, by: 1) {
                var bytes = Array(frame.bytes.prefix(cut))
                let size = UInt32(bytes.count - 4)
                for k in 0..<4 { bytes[k] = UInt8(truncatingIfNeeded: size >> (24 - 8 * UInt32(k))) }
                #expect(Self.decodeAll(frame, bytes: bytes))
            }
        }
    }

    @Test("huge claimed counts are refused before allocating")
    func hugeCounts() {
        // MetadataRequest v12: compact array count 2^31, then nothing.
        var body = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF, 0x07])
        #expect(throws: KafkaProtocolError.self) { try MetadataRequest.decode(from: &body, version: 12) }
        // MetadataRequest v4: int32 count Int32.max.
        var classic = ByteBuffer(bytes: [0x7F, 0xFF, 0xFF, 0xFF, 0x01])
        #expect(throws: KafkaProtocolError.invalidLength(field: "Topics", length: Int64(Int32.max))) {
            try MetadataRequest.decode(from: &classic, version: 4)
        }
        // A tagged-field section claiming 2^32-1 fields.
        var tagged = ByteBuffer(bytes: [0x02, 0x61, 0x00, 0x05, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F])
        #expect(throws: KafkaProtocolError.self) { try FeatureLevelRecord.decode(from: &tagged, version: 0) }
        // A tagged field claiming more bytes than remain.
        var taggedSize = ByteBuffer(bytes: [0x02, 0x61, 0x00, 0x05, 0x01, 0x00, 0xFF, 0xFF, 0x03])
        #expect(throws: KafkaProtocolError.self) { try FeatureLevelRecord.decode(from: &taggedSize, version: 0) }
    }
}
