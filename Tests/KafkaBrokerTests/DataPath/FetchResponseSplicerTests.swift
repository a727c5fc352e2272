import Foundation
@testable import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

/// The sendfile encoding of FetchResponse must put exactly the generated encoder's bytes on the
/// wire: each case encodes a response both ways and compares the frames byte for byte.
@Suite("Fetch.ResponseSplicer")
struct FetchResponseSplicerTests {
    /// Record bytes in a temp file, with one region per spliced partition.
    final class RecordsFile {
        let path: String
        var contents: [UInt8] = []

        init() {
            path = NSTemporaryDirectory() + "kafkit-splice-" + UUID().uuidString
        }

        /// Appends `count` patterned bytes; returns their buffer and position.
        func add(_ count: Int, seed: UInt8) -> (ByteBuffer, Int) {
            let position = contents.count
            let bytes = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31) &+ seed }
            contents += bytes
            return (ByteBuffer(bytes: bytes), position)
        }

        func region(position: Int, count: Int) throws -> (NIOFileHandle, FileRegion) {
            let handle = try NIOFileHandle(_deprecatedPath: path)
            return (handle, FileRegion(fileHandle: handle, readerIndex: position, endIndex: position + count))
        }

        func write() throws { try Data(contents).write(to: URL(fileURLWithPath: path)) }
        func remove() { try? FileManager.default.removeItem(atPath: path) }
    }

    enum Records {
        case region(Int)
        case buffer(Int)
        case empty
        case null
    }

    /// Two topics; every kind of records value, sizes across the 1- and 2-byte compact varints.
    static let layout: [[Records]] = [
        [.region(150), .null, .empty, .region(1), .buffer(40)],
        [.region(20_000), .empty, .region(126), .region(127)],
    ]

    static func response(version: Int16) -> FetchResponse {
        var response = FetchResponse()
        response.throttleTimeMs = 3
        if version >= 7 { response.sessionId = 77 }
        for (t, row) in layout.enumerated() {
            var topic = FetchResponse.FetchableTopicResponse()
            topic.topic = "topic-\(t)"
            topic.topicId = KafkaUUID(mostSignificantBits: 0x1234 + UInt64(t), leastSignificantBits: 0x5678)
            for p in row.indices {
                var data = FetchResponse.PartitionData()
                data.partitionIndex = Int32(p)
                data.highWatermark = 1000 + Int64(p)
                data.lastStableOffset = 900 + Int64(p)
                data.logStartOffset = Int64(p)
                if p % 2 == 0 {
                    var aborted = FetchResponse.AbortedTransaction()
                    aborted.producerId = 42
                    aborted.firstOffset = 7
                    data.abortedTransactions = [aborted, aborted]
                } else {
                    data.abortedTransactions = p == 1 ? nil : []
                }
                if version >= 11 { data.preferredReadReplica = p == 3 ? 1 : -1 }
                if version >= 12, p == 0 {
                    data.currentLeader.leaderId = 1
                    data.currentLeader.leaderEpoch = 5
                }
                topic.partitions.append(data)
            }
            response.responses.append(topic)
        }
        if version >= 16 {
            var node = FetchResponse.NodeEndpoint()
            node.nodeId = 1
            node.host = "localhost"
            node.port = 9092
            response.nodeEndpoints = [node]
        }
        return response
    }

    /// The generated frame and the spliced frame of the same response.
    static func encodeBothWays(version: Int16) throws -> (expected: ByteBuffer, spliced: ResponseSend) {
        let file = RecordsFile()
        defer { file.remove() }
        var withBytes = response(version: version)
        var withRegions = withBytes
        var regions: [[FileRegion?]] = []
        var handles: [NIOFileHandle] = []
        var pending: [(t: Int, p: Int, position: Int, count: Int)] = []
        for (t, row) in layout.enumerated() {
            regions.append(Array(repeating: nil, count: row.count))
            for (p, kind) in row.enumerated() {
                switch kind {
                case let .region(count):
                    let (bytes, position) = file.add(count, seed: UInt8(t * 10 + p))
                    withBytes.responses[t].partitions[p].records = bytes
                    // Must be ignored for a spliced partition.
                    withRegions.responses[t].partitions[p].records = ByteBuffer(string: "ignored")
                    pending.append((t, p, position, count))
                case let .buffer(count):
                    let (bytes, _) = file.add(count, seed: 99)
                    withBytes.responses[t].partitions[p].records = bytes
                    withRegions.responses[t].partitions[p].records = bytes
                case .empty:
                    withBytes.responses[t].partitions[p].records = ByteBuffer()
                    withRegions.responses[t].partitions[p].records = ByteBuffer()
                case .null:
                    withBytes.responses[t].partitions[p].records = nil
                    withRegions.responses[t].partitions[p].records = nil
                }
            }
        }
        try file.write()
        for item in pending {
            let (handle, region) = try file.region(position: item.position, count: item.count)
            handles.append(handle)
            regions[item.t][item.p] = region
        }
        let files = SegmentFileHandles(handles)
        var expected = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(withBytes, version: version, correlationId: 1234, into: &expected)
        let parts = try FetchResponseSplicer.frame(withRegions, regions: regions, version: version, correlationId: 1234,
                                                   allocator: ByteBufferAllocator())
        return (expected, ResponseSend(parts: parts, files: files))
    }

    @Test("spliced frames equal the generated encoder's, versions 4 to 17", arguments: Array(Int16(4)...17))
    func sameBytes(version: Int16) throws {
        let (expected, send) = try Self.encodeBothWays(version: version)
        defer { send.release() }
        #expect(send.fileRegionCount == 5)
        #expect(send.byteCount == expected.readableBytes)
        let flattened = try send.flattened()
        #expect(Array(flattened.readableBytesView) == Array(expected.readableBytesView))
        // And it decodes to the response with the records in place.
        var body = flattened
        body.moveReaderIndex(forwardBy: 4)
        let frame = try KafkaResponseFrame.parse(body, apiKey: .fetch, apiVersion: version)
        let decoded = try frame.decodeResponse(as: FetchResponse.self, version: version)
        #expect(decoded.responses[1].partitions[0].records?.readableBytes == 20_000)
    }

    @Test("without regions the frame is one buffer, as the generated encoder writes it")
    func noRegions() throws {
        var response = Self.response(version: 12)
        response.responses[0].partitions[0].records = ByteBuffer(string: "abc")
        var expected = ByteBuffer()
        try KafkaFrameEncoder.writeResponse(response, version: 12, correlationId: 9, into: &expected)
        let parts = try FetchResponseSplicer.frame(response, regions: [[nil, nil]], version: 12, correlationId: 9,
                                                   allocator: ByteBufferAllocator())
        #expect(parts.count == 1)
        let send = ResponseSend(parts: parts, files: SegmentFileHandles([]))
        #expect(try send.flattened() == expected)
    }

    @Test("a region list longer than the response is ignored; a bad version throws")
    func badInput() throws {
        let response = Self.response(version: 12)
        let parts = try FetchResponseSplicer.frame(response, regions: [[], [], [nil]], version: 12, correlationId: 1,
                                                   allocator: ByteBufferAllocator())
        #expect(parts.count == 1)
        #expect(throws: KafkaProtocolError.self) {
            _ = try FetchResponseSplicer.frame(response, regions: [], version: 99, correlationId: 1, allocator: ByteBufferAllocator())
        }
    }

    @Test("a region past the end of its file is a typed error when read back")
    func shortFile() throws {
        let file = RecordsFile()
        defer { file.remove() }
        _ = file.add(10, seed: 1)
        try file.write()
        let (handle, region) = try file.region(position: 5, count: 20)
        let send = ResponseSend(parts: [.file(region)], files: SegmentFileHandles([handle]))
        #expect(throws: ResponseSendError.shortFileRead(expected: 20, read: 5)) { _ = try send.flattened() }
        send.release()
        #expect(!handle.isOpen)
    }
}
