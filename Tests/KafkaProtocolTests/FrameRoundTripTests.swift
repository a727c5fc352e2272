import KafkaProtocol
import NIOCore
import Testing

/// Every frame recorded from real clients against Kafka 4.0 decodes (header + body) and re-encodes
/// to the same bytes.
@Suite("Recorded frames")
struct FrameRoundTripTests {
    static let files: [String] = (try? Fixtures.files(in: "frames", suffix: ".jsonl")) ?? []

    @Test("fixture files are present")
    func fixturesPresent() {
        #expect(Self.files.count >= 30)
    }

    @Test("decode and re-encode byte for byte", arguments: files)
    func roundTrip(file: String) throws {
        var checked = 0
        for frame in try RecordedFrame.load(file) {
            var stream = ByteBuffer(bytes: frame.bytes)
            var decoder = KafkaFrameDecoder()
            let content = try #require(try decoder.decode(buffer: &stream), "seq \(frame.seq)")
            #expect(stream.readableBytes == 0)
            let apiKey = try #require(ApiKey(rawValue: frame.apiKey))
            let reencoded: ByteBuffer
            if frame.isRequest {
                let parsed = try KafkaRequestFrame.parse(content)
                #expect(parsed.apiKey == apiKey && parsed.apiVersion == frame.apiVersion)
                #expect(parsed.correlationId == frame.correlationId)
                if !parsed.isVersionSupported {
                    #expect(throws: KafkaProtocolError.self) { try parsed.decodeRequest() }
                    continue
                }
                let request = try parsed.decodeRequest()
                var header = content
                let requestHeader = try RequestHeader.decode(from: &header, version: parsed.headerVersion)
                var out = ByteBuffer()
                try out.writeKafkaFrame { frameBuffer in
                    try requestHeader.encode(into: &frameBuffer, version: parsed.headerVersion)
                    try request.encode(into: &frameBuffer, version: frame.apiVersion)
                }
                reencoded = out
            } else {
                let parsed = try KafkaResponseFrame.parse(content, apiKey: apiKey, apiVersion: frame.apiVersion)
                #expect(parsed.correlationId == frame.correlationId)
                var bodyVersion = frame.apiVersion
                let response: any KafkaResponse
                if apiKey == .apiVersions {
                    let (decoded, version) = try ApiVersionsResponse.decodeWithFallback(from: parsed.body, version: frame.apiVersion)
                    response = decoded
                    bodyVersion = version
                } else {
                    let type = try #require(apiKey.responseType)
                    var body = parsed.body
                    response = try type.decode(from: &body, version: frame.apiVersion)
                    #expect(body.readableBytes == 0, "seq \(frame.seq): trailing bytes")
                }
                var header = content
                let responseHeader = try ResponseHeader.decode(from: &header, version: parsed.headerVersion)
                var out = ByteBuffer()
                try out.writeKafkaFrame { frameBuffer in
                    try responseHeader.encode(into: &frameBuffer, version: parsed.headerVersion)
                    try response.encode(into: &frameBuffer, version: bodyVersion)
                }
                reencoded = out
            }
            #expect(Array(reencoded.readableBytesView) == frame.bytes, "\(file) seq \(frame.seq) apiKey \(frame.apiKey) v\(frame.apiVersion)")
            checked += 1
        }
        #expect(checked > 0)
    }

    @Test("ApiVersions v5 is answered in v0 format and parsed by the fallback")
    func apiVersionsFallback() throws {
        let frames = try RecordedFrame.load("frames/raw-apiversions.jsonl")
        let response = try #require(frames.first { !$0.isRequest && $0.apiVersion == 5 })
        var stream = ByteBuffer(bytes: response.bytes)
        var decoder = KafkaFrameDecoder()
        let content = try #require(try decoder.decode(buffer: &stream))
        let parsed = try KafkaResponseFrame.parse(content, apiKey: .apiVersions, apiVersion: 5)
        #expect(parsed.headerVersion == 0)
        let (body, version) = try ApiVersionsResponse.decodeWithFallback(from: parsed.body, version: 5)
        #expect(version == 0)
        #expect(ErrorCode(code: body.errorCode) == .unsupportedVersion)
        #expect(body.apiKeys.count == 1)
        #expect(body.apiKeys.first?.apiKey == 18 && body.apiKeys.first?.maxVersion == 4)
    }

    @Test("the v5 ApiVersions request header parses although the body version is unknown")
    func apiVersionsUnknownVersionHeader() throws {
        let frames = try RecordedFrame.load("frames/raw-apiversions.jsonl")
        let request = try #require(frames.first { $0.isRequest && $0.apiVersion == 5 })
        var stream = ByteBuffer(bytes: request.bytes)
        var decoder = KafkaFrameDecoder()
        let parsed = try KafkaRequestFrame.parse(try #require(try decoder.decode(buffer: &stream)))
        #expect(parsed.apiKey == .apiVersions && parsed.headerVersion == 2 && !parsed.isVersionSupported)
        #expect(parsed.clientId == "fixtures-raw")
        #expect(throws: KafkaProtocolError.unsupportedVersion(api: "ApiVersionsRequest", version: 5)) {
            try parsed.decodeRequest()
        }
    }
}
