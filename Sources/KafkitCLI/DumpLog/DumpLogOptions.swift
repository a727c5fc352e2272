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
            "If set, printing the messages content when dumping data logs. Automatically set if any decoder option is specified."),
        .flag("verify-index-only", "If set, just verify the index log without printing its content."),
        .flag(
            "index-sanity-check",
            "If set, just checks the index sanity without printing its content. This is the same check that is executed on broker startup to determine if an index needs rebuilding or not."),
        .requiredArgument(
            "files", "REQUIRED: The comma separated list of data and index log files to be dumped.",
            describedAs: "file1, file2, ..."),
        .requiredArgument(
            "max-message-size", "Size of largest message.", describedAs: "size", type: .integer,
            default: ["\(5 * 1024 * 1024)"]),
        .requiredArgument(
            "max-bytes",
            "Limit the amount of total batches read in bytes avoiding reading the whole .log file(s).",
            describedAs: "size", type: .integer, default: ["\(Int32.max)"]),
        .flag(
            "deep-iteration",
            "If set, uses deep instead of shallow iteration. Automatically set if print-data-log is enabled."),
        .optionalArgument(
            "value-decoder-class",
            "If set, used to deserialize the messages. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory.",
            default: [stringDecoderClass]),
        .optionalArgument(
            "key-decoder-class",
            "If set, used to deserialize the keys. This class should implement org.apache.kafka.tools.api.Decoder trait. Custom jar should be available in kafka/libs directory.",
            default: [stringDecoderClass]),
        .flag(
            "offsets-decoder",
            "If set, log data will be parsed as offset data from the __consumer_offsets topic."),
        .flag(
            "transaction-log-decoder",
            "If set, log data will be parsed as transaction metadata from the __transaction_state topic."),
        .flag("cluster-metadata-decoder", "If set, log data will be parsed as cluster metadata records."),
        .flag(
            "remote-log-metadata-decoder",
            "If set, log data will be parsed as TopicBasedRemoteLogMetadataManager (RLMM) metadata records. Instead, the value-decoder-class option can be used if a custom RLMM implementation is configured."),
        .flag(
            "share-group-state-decoder",
            "If set, log data will be parsed as share group state data from the __share_group_state topic."),
        .flag("skip-record-metadata", "Whether to skip printing metadata for each record."),
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
