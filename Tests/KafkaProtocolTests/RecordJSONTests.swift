import KafkaProtocol
import NIOCore
import Testing

/// `toJSON` of decoded `__cluster_metadata` and `__consumer_offsets` records reproduces what Kafka's
/// `kafka-dump-log.sh` printed for the same bytes.
@Suite("Record JSON")
struct RecordJSONTests {
    static let metadataFiles = [
        "data/__cluster_metadata-0/00000000000000000000.log",
        "data/__cluster_metadata-0/00000000000000000166-0000000001.checkpoint",
    ]

    @Test("metadata record payloads match --cluster-metadata-decoder", arguments: metadataFiles)
    func metadataPayloads(file: String) throws {
        let records = try readFixtureRecords(try Fixtures.buffer(file)).filter { !$0.isControlBatch }
        let expected = dumpLines(try Fixtures.text(file + ".cluster-metadata-decoder.out"), containing: " payload: ")
        #expect(records.count == expected.count)
        #expect(records.count > 100)
        for (record, line) in zip(records, expected) {
            var value = try #require(record.value)
            let original = value
            var peek = value
            let frame = try MetadataRecordFrame.read(from: &peek)
            let (type, version, decoded): (MetadataRecordType, Int16, any KafkaMetadataRecord)
            do {
                (type, version, decoded) = try MetadataRecordFrame.decodeMetadataRecord(from: &value)
            } catch {
                Issue.record("offset \(record.offset): record type \(frame.apiKey) v\(frame.version): \(error)")
                continue
            }
            let json = MetadataRecordFrame.dumpJSON(type: type, version: version, record: decoded).serialized()
            let printed = try #require(line.range(of: " payload: ").map { line[$0.upperBound...] })
            #expect(json == String(printed), "offset \(record.offset)")
            #expect(line.contains("offset: \(record.offset) "))

            // And the record re-encodes to the same bytes.
            var out = ByteBuffer()
            MetadataRecordFrame.writeHeader(apiKey: type.rawValue, version: version, into: &out)
            try decoded.encode(into: &out, version: version)
            #expect(out == original, "offset \(record.offset)")
        }
    }

    static var offsetsFiles: [String] {
        let folders = ["__consumer_offsets-14", "__consumer_offsets-17", "__consumer_offsets-2", "__consumer_offsets-30",
                       "__consumer_offsets-4", "__consumer_offsets-44", "__consumer_offsets-45", "__consumer_offsets-46",
                       "__consumer_offsets-48"]
        return folders.map { "data/\($0)/00000000000000000000.log" }
    }

    @Test("consumer offsets keys and values match --offsets-decoder", arguments: offsetsFiles)
    func offsetsRecords(file: String) throws {
        let records = try readFixtureRecords(try Fixtures.buffer(file)).filter { !$0.isControlBatch }
        let expected = dumpLines(try Fixtures.text(file + ".offsets-decoder.out"), containing: " key: ")
        #expect(records.count == expected.count)
        for (record, line) in zip(records, expected) {
            var key = try #require(record.key)
            let originalKey = key
            let (keyVersion, schema, decodedKey) = try CoordinatorRecordCodec.decodeKey(topic: .consumerOffsets, from: &key)
            #expect(key.readableBytes == 0)
            let keyJSON = KafkaJSON.object([
                ("type", .string(String(keyVersion))),
                ("data", decodedKey.toJSON(version: keyVersion)),
            ]).serialized()
            #expect(line.contains(" key: \(keyJSON) payload: "), "offset \(record.offset): \(keyJSON)")
            var keyOut = ByteBuffer()
            try CoordinatorRecordCodec.encode(decodedKey, version: keyVersion, into: &keyOut)
            #expect(keyOut == originalKey)

            guard var value = record.value else {
                #expect(line.hasSuffix(" payload: <DELETE>"))
                continue
            }
            let originalValue = value
            let (valueVersion, decodedValue) = try CoordinatorRecordCodec.decodeValue(
                topic: .consumerOffsets, keyVersion: keyVersion, from: &value)
            #expect(value.readableBytes == 0)
            var data = decodedValue.toJSON(version: valueVersion)
            if schema.name == "GroupMetadata", let group = decodedValue as? GroupMetadataValue, group.protocolType == "consumer" {
                data = try Self.withConsumerProtocol(data, group: group, version: valueVersion)
            }
            let valueJSON = KafkaJSON.object([("version", .string(String(valueVersion))), ("data", data)]).serialized()
            #expect(line.hasSuffix(" payload: \(valueJSON)"), "offset \(record.offset): \(valueJSON)")
            var valueOut = ByteBuffer()
            try CoordinatorRecordCodec.encode(decodedValue, version: valueVersion, into: &valueOut)
            #expect(valueOut == originalValue)
        }
    }

    /// Kafka's offsets decoder replaces each member's subscription/assignment bytes with the decoded
    /// consumer-protocol JSON (int16 version prefix, then the body).
    static func withConsumerProtocol(_ json: KafkaJSON, group: GroupMetadataValue, version: Int16) throws -> KafkaJSON {
        guard case var .object(members) = json,
              let index = members.firstIndex(where: { $0.0 == "members" }) else { return json }
        var rendered: [KafkaJSON] = []
        for member in group.members {
            guard case var .object(fields) = member.toJSON(version: version, serializeRecords: true) else { continue }
            var subscription = member.subscription
            let subscriptionVersion = try subscription.readKafkaInteger(as: Int16.self)
            let decodedSubscription = try ConsumerProtocolSubscription.decode(from: &subscription, version: subscriptionVersion)
            var assignment = member.assignment
            let assignmentVersion = try assignment.readKafkaInteger(as: Int16.self)
            let decodedAssignment = try ConsumerProtocolAssignment.decode(from: &assignment, version: assignmentVersion)
            for (i, field) in fields.enumerated() {
                if field.0 == "subscription" { fields[i].1 = decodedSubscription.toJSON(version: subscriptionVersion) }
                if field.0 == "assignment" { fields[i].1 = decodedAssignment.toJSON(version: assignmentVersion) }
            }
            rendered.append(.object(fields))
        }
        members[index].1 = .array(rendered)
        return .object(members)
    }
}
