import KafkaProtocol
import NIOCore
import Testing

@Suite("Message semantics")
struct MessageSemanticsTests {
    /// Reads the tags of a tagged-field section at the reader index.
    func tags(in buffer: inout ByteBuffer) throws -> [UInt32] {
        var unknown: [UnknownTaggedField] = []
        try buffer.readTaggedFields(unknown: &unknown) { _, _ in false }
        return unknown.map(\.tag)
    }

    @Test("unknown tagged fields are kept and written back in tag order, merged with known tags")
    func unknownTaggedFields() throws {
        var response = ApiVersionsResponse()
        var feature = ApiVersionsResponse.SupportedFeatureKey()
        feature.name = "metadata.version"
        feature.minVersion = 1
        feature.maxVersion = 25
        response.supportedFeatures = [feature]      // tag 0
        response.zkMigrationReady = true            // tag 3
        response.unknownTaggedFields = [
            UnknownTaggedField(tag: 9, data: ByteBuffer(bytes: [1, 2])),
            UnknownTaggedField(tag: 4, data: ByteBuffer(bytes: [7])),
        ]
        var encoded = try response.encoded(version: 3)
        let decoded = try ApiVersionsResponse.decode(from: &encoded, version: 3)
        #expect(encoded.readableBytes == 0)
        #expect(decoded == ApiVersionsResponse.decode(reencoding: response, version: 3))
        #expect(decoded.unknownTaggedFields.map(\.tag) == [4, 9])
        #expect(decoded.zkMigrationReady && decoded.supportedFeatures == [feature])

        // The top-level section is last: skip errorCode, apiKeys, throttleTimeMs.
        var wire = try response.encoded(version: 3)
        _ = try wire.readKafkaInteger(as: Int16.self)
        _ = try wire.readUnsignedVarint()
        _ = try wire.readKafkaInteger(as: Int32.self)
        #expect(try tags(in: &wire) == [0, 3, 4, 9])
        #expect(wire.readableBytes == 0)
    }

    @Test("a decoded message with unknown tags re-encodes byte for byte")
    func unknownTagsRoundTrip() throws {
        // FeatureLevelRecord v0: compact string "a", int16 5, tagged section with unknown tags 2 and 7.
        let bytes: [UInt8] = [0x02, 0x61, 0x00, 0x05, 0x02, 0x02, 0x01, 0xAA, 0x07, 0x02, 0xBB, 0xCC]
        var buffer = ByteBuffer(bytes: bytes)
        let record = try FeatureLevelRecord.decode(from: &buffer, version: 0)
        #expect(record.name == "a" && record.featureLevel == 5)
        #expect(record.unknownTaggedFields.map(\.tag) == [2, 7])
        #expect(Array(try record.encoded(version: 0).readableBytesView) == bytes)
    }

    @Test("tags out of order are rejected")
    func tagsOutOfOrder() {
        let bytes: [UInt8] = [0x02, 0x61, 0x00, 0x05, 0x02, 0x07, 0x00, 0x02, 0x00]
        var buffer = ByteBuffer(bytes: bytes)
        #expect(throws: KafkaProtocolError.invalidTaggedField(tag: 2)) {
            try FeatureLevelRecord.decode(from: &buffer, version: 0)
        }
    }

    @Test("a non-ignorable field refuses to be down-levelled")
    func nonIgnorable() throws {
        var request = MetadataRequest()
        request.topics = []
        request.allowAutoTopicCreation = false     // exists from v4
        #expect(throws: KafkaProtocolError.nonIgnorableField(message: "MetadataRequest", field: "allowAutoTopicCreation", version: 3)) {
            try request.encoded(version: 3)
        }
        _ = try request.encoded(version: 4)
        request.allowAutoTopicCreation = true      // the default: nothing is lost
        _ = try request.encoded(version: 3)
    }

    @Test("null where a version does not allow it")
    func nullability() throws {
        var request = MetadataRequest()
        request.topics = nil                       // nullable from v1
        #expect(throws: KafkaProtocolError.self) { try request.encoded(version: 0) }
        var v1 = try request.encoded(version: 1)
        #expect(try MetadataRequest.decode(from: &v1, version: 1).topics == nil)

        var nullArrayV0 = ByteBuffer(bytes: [0xFF, 0xFF, 0xFF, 0xFF])
        #expect(throws: KafkaProtocolError.unexpectedNull(field: "Topics")) {
            try MetadataRequest.decode(from: &nullArrayV0, version: 0)
        }

        // Non-nullable compact string read as null.
        var nullName = ByteBuffer(bytes: [0x00, 0x00, 0x05, 0x00])
        #expect(throws: KafkaProtocolError.unexpectedNull(field: "Name")) {
            try FeatureLevelRecord.decode(from: &nullName, version: 0)
        }
        var bad = FeatureLevelRecord()
        bad.name = String(repeating: "x", count: 40_000)
        #expect(throws: KafkaProtocolError.self) { try bad.encoded(version: 0) }
    }

    @Test("nullable structs use an int8 marker")
    func nullableStruct() throws {
        var request = DescribeTopicPartitionsRequest()
        #expect(request.cursor == nil)
        var encoded = try request.encoded(version: 0)
        #expect(try DescribeTopicPartitionsRequest.decode(from: &encoded, version: 0) == request)
        var cursor = DescribeTopicPartitionsRequest.Cursor()
        cursor.topicName = "t"
        cursor.partitionIndex = 3
        request.cursor = cursor
        var withCursor = try request.encoded(version: 0)
        #expect(try DescribeTopicPartitionsRequest.decode(from: &withCursor, version: 0).cursor == cursor)
    }

    @Test("versions outside validVersions are refused both ways")
    func versionRange() {
        var buffer = ByteBuffer(bytes: [0, 0])
        #expect(throws: KafkaProtocolError.unsupportedVersion(api: "ProduceRequest", version: 2)) {
            try ProduceRequest.decode(from: &buffer, version: 2)
        }
        #expect(throws: KafkaProtocolError.self) { try ProduceRequest().encoded(version: 13) }
    }

    @Test("defaults come from the schema")
    func defaults() {
        let fetch = FetchRequest()
        #expect(fetch.replicaId == -1 && fetch.maxBytes == 0x7fff_ffff && fetch.sessionEpoch == -1)
        #expect(fetch.clusterId == nil)
        let register = RegisterBrokerRecord()
        // A nullable string without a "default" key defaults to "", not null (FieldSpec.fieldDefault).
        #expect(register.fenced == true && register.rack == "" && register.incarnationId == .zero)
        #expect(ConsumerGroupMemberMetadataValue().classicMemberMetadata == ConsumerGroupMemberMetadataValue.ClassicMemberMetadata())
    }
}

extension ApiVersionsResponse {
    /// Encode then decode, as a peer would see the message.
    static func decode(reencoding message: ApiVersionsResponse, version: Int16) -> ApiVersionsResponse? {
        guard var buffer = try? message.encoded(version: version) else { return nil }
        return try? decode(from: &buffer, version: version)
    }
}
