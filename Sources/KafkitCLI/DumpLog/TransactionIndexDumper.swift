import KafkaStorage

/// `DumpLogSegments.dumpTxnIndex`: one line per aborted transaction of a `.txnindex`.
struct TransactionIndexDumper {
    let file: JavaFile
    let console: ToolConsole

    func dump() throws {
        // `UnifiedLog.offsetFromFile`: the name up to the first dot.
        let name = file.name
        let prefix = name.firstIndex(of: ".").map { String(name[..<$0]) } ?? name
        let startOffset = try JavaString.parseLong(prefix)
        // A missing transaction index is an empty one: Kafka opens it only if it exists.
        guard JavaIO.exists(file.path) else { return }
        let bytes = try JavaIO.read(file.path, with: .readAllBytes)
        let index: TransactionIndex
        do {
            index = try TransactionIndex(parsing: bytes, startOffset: startOffset, path: file.absolutePath)
        } catch {
            throw UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: error.message)
        }
        for txn in index.entries {
            console.println(
                "version: \(txn.version) producerId: \(txn.producerId) firstOffset: \(txn.firstOffset)"
                    + " lastOffset: \(txn.lastOffset) lastStableOffset: \(txn.lastStableOffset)")
        }
    }
}
