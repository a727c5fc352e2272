import KafkaProtocol
import NIOCore
import Testing

@Suite("Framing")
struct FramingTests {
    @Test("frames split from a stream, waiting for partial data")
    func splitting() throws {
        var decoder = KafkaFrameDecoder()
        var stream = ByteBuffer(bytes: [0, 0, 0, 2, 0xAA, 0xBB, 0, 0, 0, 3, 0x01])
        #expect(try decoder.decode(buffer: &stream) == ByteBuffer(bytes: [0xAA, 0xBB]))
        #expect(try decoder.decode(buffer: &stream) == nil)
        stream.writeBytes([0x02, 0x03])
        #expect(try decoder.decode(buffer: &stream) == ByteBuffer(bytes: [1, 2, 3]))
        var empty = ByteBuffer(bytes: [0, 0, 0])
        #expect(try decoder.decode(buffer: &empty) == nil)
    }

    @Test("negative and oversized sizes are refused before buffering")
    func badSizes() {
        var decoder = KafkaFrameDecoder(maxFrameSize: 1024)
        var negative = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFE])
        #expect(throws: KafkaFrameError.negativeSize(-2)) { try decoder.decode(buffer: &negative) }
        var huge = ByteBuffer(bytes: [0x00, 0x00, 0x04, 0x01])
        #expect(throws: KafkaFrameError.frameTooLarge(size: 1025, maxSize: 1024)) { try decoder.decode(buffer: &huge) }
        var defaultDecoder = KafkaFrameDecoder()
        var overDefault = ByteBuffer(bytes: [0x06, 0x40, 0x00, 0x01])
        #expect(throws: KafkaFrameError.self) { try defaultDecoder.decode(buffer: &overDefault) }
    }

    @Test("request frames round-trip through the encoder and header parser")
    func requestFrame() throws {
        var request = ApiVersionsRequest()
        request.clientSoftwareName = "kafkit"
        request.clientSoftwareVersion = "1.0"
        var out = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(request, version: 4, correlationId: 42, clientId: nil, into: &out)
        var decoder = KafkaFrameDecoder()
        let frame = try #require(try decoder.decode(buffer: &out))
        let parsed = try KafkaRequestFrame.parse(frame)
        #expect(parsed.apiKey == .apiVersions && parsed.apiVersion == 4 && parsed.correlationId == 42)
        #expect(parsed.clientId == "")           // null client id reads as ""
        #expect(parsed.headerVersion == 2)
        #expect(try parsed.decodeRequest(as: ApiVersionsRequest.self) == request)
        #expect(try parsed.decodeRequest() as? ApiVersionsRequest == request)
    }

    @Test("the client id stays an int16 string in header v2")
    func clientIdNotCompact() throws {
        var out = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(MetadataRequest(), version: 12, correlationId: 1, clientId: "ab", into: &out)
        // size, apiKey 3, version 12, correlation 1, client id length int16 2 "ab", tagged 0
        #expect(Array(out.readableBytesView.prefix(16)) == [0, 0, 0, 17, 0, 3, 0, 12, 0, 0, 0, 1, 0, 2, 0x61, 0x62])
    }

    @Test("unknown and removed api keys are refused in the header")
    func unknownKeys() {
        for key: Int16 in [4, 7, 88, -1, 1000] {
            let frame = ByteBuffer(bytes: [UInt8(truncatingIfNeeded: key >> 8), UInt8(truncatingIfNeeded: key), 0, 0, 0, 0, 0, 1, 0xFF, 0xFF])
            #expect(throws: KafkaFrameError.unknownApiKey(key)) { try KafkaRequestFrame.parse(frame) }
        }
        #expect(throws: KafkaProtocolError.self) { try KafkaRequestFrame.parse(ByteBuffer(bytes: [0, 18, 0])) }
        #expect(throws: KafkaProtocolError.self) { try KafkaRequestFrame.parse(ByteBuffer(bytes: [0, 18, 0, 3, 0, 0])) }
    }

    @Test("response frames use header v0 for ApiVersions and v1 for other flexible versions")
    func responseHeaders() throws {
        var out = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(ApiVersionsResponse(), version: 4, correlationId: 9, into: &out)
        #expect(Array(out.readableBytesView.dropFirst(4).prefix(6)) == [0, 0, 0, 9, 0, 0])  // correlation, then errorCode
        var metadata = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(MetadataResponse(), version: 12, correlationId: 9, into: &metadata)
        #expect(Array(metadata.readableBytesView.dropFirst(4).prefix(5)) == [0, 0, 0, 9, 0])   // correlation, tagged 0
        #expect(ApiKey.produce.requestHeaderVersion(apiVersion: 8) == 1)
        #expect(ApiKey.produce.requestHeaderVersion(apiVersion: 9) == 2)
        #expect(ApiKey.produce.responseHeaderVersion(apiVersion: 9) == 1)
        #expect(ApiKey.apiVersions.responseHeaderVersion(apiVersion: 4) == 0)
        #expect(ApiKey.saslHandshake.requestHeaderVersion(apiVersion: 1) == 1)
    }
}
