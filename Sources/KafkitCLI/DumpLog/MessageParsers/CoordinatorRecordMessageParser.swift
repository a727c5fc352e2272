import KafkaProtocol
import NIOCore

/// `OffsetsMessageParser` (`--offsets-decoder`) and the share-group-state parser: coordinator
/// records printed as key `{"type":"<record type>","data":{…}}` and payload
/// `{"version":"<value version>","data":{…}}` (versions as JSON strings, as Kafka writes them),
/// `<DELETE>` for a tombstone. The consumer-protocol subscription and assignment inside a
/// classic group's metadata are decoded too.
struct CoordinatorRecordMessageParser: DumpLogMessageParser {
    let topic: CoordinatorRecordTopic

    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?) {
        guard var key = record.key else {
            throw UncaughtJavaException(
                className: "java.lang.RuntimeException",
                message: "Failed to decode message at offset \(record.offset) using offset topic decoder (message had a missing key)")
        }
        guard key.readableBytes >= 2, let recordType = key.readInteger(endianness: .big, as: Int16.self) else {
            return ("Error at offset \(record.offset), skipping. Could not read version from key's buffer.", nil)
        }
        guard let schema = topic.schema(forKeyVersion: recordType) else {
            return ("Unknown record type \(recordType) at offset \(record.offset), skipping.", nil)
        }
        let keyMessage: any KafkaMessage
        do {
            keyMessage = try schema.keyType.decode(from: &key, version: recordType)
        } catch {
            return ("Error at offset \(record.offset), skipping. Could not read record with version \(recordType) from key's buffer due to: \(error).", nil)
        }
        let keyText = KafkaJSON.object([
            ("type", .string("\(recordType)")), ("data", keyMessage.toJSON(version: recordType)),
        ]).serialized()

        guard var value = record.value else { return (keyText, "<DELETE>") }
        guard value.readableBytes >= 2, let valueVersion = value.readInteger(endianness: .big, as: Int16.self) else {
            return ("Error at offset \(record.offset), skipping. Could not read version from value's buffer.", nil)
        }
        let valueMessage: any KafkaMessage
        do {
            valueMessage = try schema.valueType.decode(from: &value, version: valueVersion)
        } catch {
            return ("Error at offset \(record.offset), skipping. Could not read record with version \(valueVersion) from value's buffer due to: \(error).", nil)
        }
        var data = valueMessage.toJSON(version: valueVersion)
        if let group = valueMessage as? GroupMetadataValue {
            data = Self.decodingConsumerProtocol(in: data, of: group)
        }
        let payload = KafkaJSON.object([("version", .string("\(valueVersion)")), ("data", data)]).serialized()
        return (keyText, payload)
    }

    /// `prepareGroupMetadataValue`: for a `consumer` group, each member's subscription and
    /// assignment bytes are replaced by their decoded JSON (version prefix, then the body);
    /// bytes that do not decode stay as they are.
    static func decodingConsumerProtocol(in json: KafkaJSON, of group: GroupMetadataValue) -> KafkaJSON {
        guard group.protocolType == "consumer", case let .object(fields) = json else { return json }
        return .object(fields.map { name, value in
            guard name == "members", case let .array(members) = value else { return (name, value) }
            return (name, .array(zip(members, group.members).map { memberJSON, member in
                guard case var .object(memberFields) = memberJSON else { return memberJSON }
                for i in memberFields.indices {
                    if memberFields[i].0 == "subscription",
                       let decoded = decodeEmbedded(member.subscription, as: ConsumerProtocolSubscription.self) {
                        memberFields[i].1 = decoded
                    } else if memberFields[i].0 == "assignment",
                              let decoded = decodeEmbedded(member.assignment, as: ConsumerProtocolAssignment.self) {
                        memberFields[i].1 = decoded
                    }
                }
                return .object(memberFields)
            }))
        })
    }

    private static func decodeEmbedded<Message: KafkaMessage>(_ bytes: ByteBuffer, as type: Message.Type) -> KafkaJSON? {
        var buffer = bytes
        guard let version = buffer.readInteger(endianness: .big, as: Int16.self),
              let message = try? Message.decode(from: &buffer, version: version) else { return nil }
        return message.toJSON(version: version)
    }
}
