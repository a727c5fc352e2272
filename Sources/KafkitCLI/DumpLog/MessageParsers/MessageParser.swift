import KafkaProtocol
import NIOCore

/// What `DumpLogSegments` needs of a record to print its key and payload.
struct DumpedRecord {
    var offset: Int64
    var key: ByteBuffer?
    var value: ByteBuffer?
}

/// `DumpLogSegments.MessageParser`: turns a record into the text after ` key: ` and ` payload: `
/// (nil prints nothing). Throwing ends the run like an uncaught exception in Kafka.
protocol DumpLogMessageParser {
    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?)
}

extension DumpLogOptions.ParserKind {
    /// `opts.messageParser`: builds the parser, printing Kafka's deprecation notes for
    /// `kafka.serializer.*` decoder class names on stdout (value decoder first, as Kafka does).
    func makeParser(console: ToolConsole) throws -> any DumpLogMessageParser {
        switch self {
        case .offsets: return CoordinatorRecordMessageParser(topic: .consumerOffsets)
        case .shareGroupState: return CoordinatorRecordMessageParser(topic: .shareGroupState)
        case .transactionLog: return TransactionLogMessageParser()
        case .clusterMetadata: return ClusterMetadataMessageParser()
        case .remoteLogMetadata: return RemoteLogMetadataMessageParser()
        case let .decoders(keyClass, valueClass):
            let value = try DumpLogDecoder(className: valueClass, console: console)
            let key = try DumpLogDecoder(className: keyClass, console: console)
            return DecoderMessageParser(keyDecoder: key, valueDecoder: value)
        }
    }
}
