/// `DumpLogSegmentsOptions`: the options of `kafka-dump-log.sh` and the values Kafka derives
/// from them. Values are read when Kafka's code reads them (its `lazy val`s and `def`s), so a
/// bad number fails at the same point of the run as in Kafka.
struct DumpLogOptions: Sendable {
    static let usageMessage =
        "This tool helps to parse a log file and dump its contents to the console, useful for debugging a seemingly corrupt log segment."

    static let stringDecoderClass = "org.apache.kafka.tools.api.StringDecoder"

    static let declarations: [JoptOption] = [
        .flag(
            "print-data-log",
            "Print the keys and values of the records too. Any decoder option turns this on."),
        .flag("verify-index-only", "Check the index against its segment without printing the entries."),
        .flag(
            "index-sanity-check",
            "Run the broker's startup check of an index (is it usable or must it be rebuilt) without printing the entries."),
        .requiredArgument(
            "files", "Required: the comma-separated segment, index, snapshot or checkpoint files to dump.",
            describedAs: "file1, file2, ..."),
        .requiredArgument(
            "max-message-size", "The largest record batch expected, in bytes.", describedAs: "size", type: .integer,
            default: ["\(5 * 1024 * 1024)"]),
        .requiredArgument(
            "max-bytes",
            "Stop reading a .log file after this many bytes of batches.",
            describedAs: "size", type: .integer, default: ["\(Int32.max)"]),
        .flag(
            "deep-iteration",
            "Print every record of each batch, not only the batch. Turned on by --print-data-log."),
        .optionalArgument(
            "value-decoder-class",
            "The class that turns value bytes into text. kafkit has Kafka's StringDecoder.",
            default: [stringDecoderClass]),
        .optionalArgument(
            "key-decoder-class",
            "The class that turns key bytes into text. kafkit has Kafka's StringDecoder.",
            default: [stringDecoderClass]),
        .flag(
            "offsets-decoder",
            "Decode the records as __consumer_offsets data (offset commits and group metadata)."),
        .flag(
            "transaction-log-decoder",
            "Decode the records as __transaction_state data."),
        .flag("cluster-metadata-decoder", "Decode the records as KRaft cluster metadata (__cluster_metadata)."),
        .flag(
            "remote-log-metadata-decoder",
            "Decode the records as tiered-storage metadata (TopicBasedRemoteLogMetadataManager); a custom manager needs --value-decoder-class instead."),
        .flag(
            "share-group-state-decoder",
            "Decode the records as __share_group_state data."),
        .flag("skip-record-metadata", "Print only the keys and values of the records, without their offset, timestamp and sizes."),
    ]

    let commandLine: JoptCommandLine
    private var options: JoptOptionSet { commandLine.options }

    init(_ commandLine: JoptCommandLine) {
        self.commandLine = commandLine
    }

    var shouldPrintDataLog: Bool {
        ["print-data-log", "offsets-decoder", "transaction-log-decoder", "cluster-metadata-decoder",
         "remote-log-metadata-decoder", "share-group-state-decoder", "value-decoder-class", "key-decoder-class"]
            .contains(where: options.has)
    }

    var skipRecordMetadata: Bool { options.has("skip-record-metadata") }
    var isDeepIteration: Bool { options.has("deep-iteration") || shouldPrintDataLog }
    var verifyOnly: Bool { options.has("verify-index-only") }
    var indexSanityOnly: Bool { options.has("index-sanity-check") }

    /// `options.valueOf(filesOpt).split(",")`.
    func files() throws(JoptError) -> [String] {
        JavaString.split(try options.value(of: "files") ?? "", separator: ",")
    }

    func maxMessageSize() throws(JoptError) -> Int32 {
        try options.value(of: "max-message-size", as: Int32.self) ?? 5 * 1024 * 1024
    }

    func maxBytes() throws(JoptError) -> Int32 {
        try options.value(of: "max-bytes", as: Int32.self) ?? Int32.max
    }

    /// Which parser turns records into key and payload text; decoders first, in Kafka's order.
    enum ParserKind: Sendable, Equatable {
        case offsets, transactionLog, clusterMetadata, remoteLogMetadata, shareGroupState
        case decoders(key: String, value: String)
    }

    func parserKind() throws(JoptError) -> ParserKind {
        if options.has("offsets-decoder") { return .offsets }
        if options.has("transaction-log-decoder") { return .transactionLog }
        if options.has("cluster-metadata-decoder") { return .clusterMetadata }
        if options.has("remote-log-metadata-decoder") { return .remoteLogMetadata }
        if options.has("share-group-state-decoder") { return .shareGroupState }
        let value = try options.value(of: "value-decoder-class") ?? Self.stringDecoderClass
        let key = try options.value(of: "key-decoder-class") ?? Self.stringDecoderClass
        return .decoders(key: key, value: value)
    }
}
