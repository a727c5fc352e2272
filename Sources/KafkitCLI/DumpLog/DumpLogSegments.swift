/// The body of `DumpLogSegments.main`: one `Dumping <file>` block per file, chosen by the file
/// name's suffix, then the problem reports collected along the way, on stderr.
struct DumpLogSegments {
    let options: DumpLogOptions
    let console: ToolConsole
    var reports = DumpLogReports()

    init(options: DumpLogOptions, console: ToolConsole) {
        self.options = options
        self.console = console
    }

    mutating func run() throws {
        for argument in try options.files() {
            let file = JavaFile(argument)
            console.println("Dumping \(file)")
            switch try Self.suffix(of: file) {
            case ".log", ".checkpoint":
                let dumper = LogDumper(
                    file: file, console: console, printContents: options.shouldPrintDataLog,
                    isDeepIteration: options.isDeepIteration,
                    parser: try options.parserKind().makeParser(console: console),
                    skipRecordMetadata: options.skipRecordMetadata, maxBytes: try options.maxBytes())
                try dumper.dump(reports: &reports)
            case ".index":
                try IndexDumper(file: file, console: console, indexSanityOnly: options.indexSanityOnly,
                                verifyOnly: options.verifyOnly)
                    .dumpOffsetIndex(maxMessageSize: try options.maxMessageSize(), reports: &reports)
            case ".timeindex":
                try IndexDumper(file: file, console: console, indexSanityOnly: options.indexSanityOnly,
                                verifyOnly: options.verifyOnly)
                    .dumpTimeIndex(reports: &reports)
            case ".snapshot":
                try ProducerSnapshotDumper(file: file, console: console).dump()
            case ".txnindex":
                try TransactionIndexDumper(file: file, console: console).dump()
            default:
                console.printlnError("Ignoring unknown file \(file)")
            }
        }
        reports.print(to: console)
    }

    /// `filename.substring(filename.lastIndexOf("."))`, including the JVM's exception (and the
    /// stack trace Kafka 4.0.0 prints) for a name without a dot.
    static func suffix(of file: JavaFile) throws(UncaughtJavaException) -> Substring {
        let name = file.name
        guard let dot = name.lastIndex(of: ".") else {
            let length = JavaString.length(name)
            throw UncaughtJavaException(
                className: "java.lang.StringIndexOutOfBoundsException",
                message: "begin -1, end \(length), length \(length)",
                stackFrames: [
                    "java.base/java.lang.String.checkBoundsBeginEnd(String.java:4606)",
                    "java.base/java.lang.String.substring(String.java:2709)",
                    "java.base/java.lang.String.substring(String.java:2682)",
                    "kafka.tools.DumpLogSegments$.$anonfun$main$1(DumpLogSegments.scala:76)",
                    "kafka.tools.DumpLogSegments$.$anonfun$main$1$adapted(DumpLogSegments.scala:71)",
                    "scala.collection.ArrayOps$.foreach$extension(ArrayOps.scala:1324)",
                    "kafka.tools.DumpLogSegments$.main(DumpLogSegments.scala:71)",
                    "kafka.tools.DumpLogSegments.main(DumpLogSegments.scala)",
                ])
        }
        return name[dot...]
    }
}
