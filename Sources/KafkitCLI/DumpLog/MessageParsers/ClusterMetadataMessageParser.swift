import KafkaProtocol
import NIOCore

/// `ClusterMetadataLogMessageParser`: each value is a framed metadata record, printed as
/// `{"type":"<RECORD_TYPE>","version":<n>,"data":{…}}`; no key. A record that does not decode
/// prints `Error at <offset>, skipping. <reason>` as its payload.
struct ClusterMetadataMessageParser: DumpLogMessageParser {
    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?) {
        guard var value = record.value else {
            // Kafka reads a null value through a null buffer: a NullPointerException without message.
            return (nil, "Error at \(record.offset), skipping. null")
        }
        do {
            let (type, version, message) = try MetadataRecordFrame.decodeMetadataRecord(from: &value)
            return (nil, MetadataRecordFrame.dumpJSON(type: type, version: version, record: message).serialized())
        } catch {
            return (nil, "Error at \(record.offset), skipping. \(error)")
        }
    }
}
