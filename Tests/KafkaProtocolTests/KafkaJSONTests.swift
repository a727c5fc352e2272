import KafkaProtocol
import NIOCore
import Testing

@Suite("KafkaJSON")
struct KafkaJSONTests {
    @Test("compact output with Jackson's string escaping")
    func escaping() {
        let json = KafkaJSON.object([
            ("s", .string("a\"b\\c\n\t\r\u{8}\u{C}\u{1}\u{1F}/é☃")),
            ("n", .null), ("b", .bool(true)), ("i", .int(Int64.min)), ("a", .array([.int(1), .string("")])),
            ("o", .object([])),
        ])
        #expect(json.serialized() == "{\"s\":\"a\\\"b\\\\c\\n\\t\\r\\b\\f\\u0001\\u001F/é☃\",\"n\":null,\"b\":true,\"i\":-9223372036854775808,\"a\":[1,\"\"],\"o\":{}}")
    }

    @Test("doubles print as Java's Double.toString")
    func doubles() {
        let cases: [(Double, String)] = [
            (0, "0.0"), (-0.0, "-0.0"), (1, "1.0"), (1.5, "1.5"), (100, "100.0"), (0.001, "0.001"),
            (0.0001, "1.0E-4"), (1234567.0, "1234567.0"), (1e7, "1.0E7"), (12345678.9, "1.23456789E7"),
            (-2.5e-5, "-2.5E-5"), (0.1, "0.1"), (1e21, "1.0E21"), (Double.nan, "NaN"), (-Double.infinity, "-Infinity"),
        ]
        for (value, text) in cases {
            #expect(KafkaJSON.javaDoubleString(value) == text, "\(value)")
        }
        #expect(KafkaJSON.double(.nan).serialized() == "\"NaN\"")
    }

    @Test("binary as standard padded base64")
    func base64() {
        #expect(KafkaJSON.base64(ByteBuffer()).serialized() == "\"\"")
        #expect(KafkaJSON.base64(ByteBuffer(bytes: [0xFB])).serialized() == "\"+w==\"")
        #expect(KafkaJSON.base64(ByteBuffer(bytes: [0xFB, 0xFF])).serialized() == "\"+/8=\"")
        #expect(KafkaJSON.base64(ByteBuffer(bytes: Array("hello".utf8))).serialized() == "\"aGVsbG8=\"")
        #expect(KafkaJSON.base64(nil) == .null)
    }

    @Test("generated toJSON: absent fields omitted, tagged defaults omitted, records as size or empty binary")
    func generatedJSON() {
        var fetch = FetchResponse()
        var partition = FetchResponse.PartitionData()
        partition.records = ByteBuffer(bytes: [1, 2, 3])
        var topic = FetchResponse.FetchableTopicResponse()
        topic.topic = "t"
        topic.partitions = [partition]
        fetch.responses = [topic]
        let v4 = fetch.toJSON(version: 4, serializeRecords: false)
        #expect(v4["sessionId"] == nil)                       // v7+
        guard case let .array(topics)? = v4["responses"], case let .array(partitions)? = topics.first?["partitions"] else {
            Issue.record("missing arrays")
            return
        }
        #expect(topics.first?["topic"] == .string("t") && topics.first?["topicId"] == nil)
        #expect(partitions.first?["recordsSizeInBytes"] == .int(3))
        #expect(partitions.first?["currentLeader"] == nil)      // tagged, default
        let v12 = fetch.toJSON(version: 12)
        guard case let .array(topics12)? = v12["responses"], case let .array(partitions12)? = topics12.first?["partitions"] else {
            Issue.record("missing arrays")
            return
        }
        #expect(partitions12.first?["records"] == .string(""))
    }
}
