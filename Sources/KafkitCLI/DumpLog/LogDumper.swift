import KafkaProtocol
import NIOCore

/// `DumpLogSegments.dumpLog`: a `.log` segment or a KRaft `.checkpoint` snapshot, one line per
/// batch and, with deep iteration, one `| `-prefixed line per record.
struct LogDumper {
    let file: JavaFile
    let console: ToolConsole
    let printContents: Bool
    let isDeepIteration: Bool
    let parser: any DumpLogMessageParser
    let skipRecordMetadata: Bool
    let maxBytes: Int32

    func dump(reports: inout DumpLogReports) throws {
        let name = file.name
        if name.hasSuffix(".log") {
            console.println("Log starting offset: \(try JavaString.parseLong(try file.namePrefixBeforeFirstDot()))")
        } else if name.hasSuffix(".checkpoint") {
            if name == "bootstrap.checkpoint" {
                console.println("KRaft bootstrap snapshot")
            } else {
                let (offset, epoch) = try Self.snapshotId(fromName: name)
                console.println("Snapshot end offset: \(offset), epoch: \(epoch)")
            }
        }
        guard maxBytes >= 0 else {
            throw UncaughtJavaException(
                className: "java.lang.IllegalArgumentException", message: "Invalid size: \(maxBytes) in read from \(file)")
        }
        let segment = try SegmentFile(path: file.path)
        // `FileRecords.slice(0, maxBytes)`.
        let sliceSize = min(segment.size, Int(maxBytes))
        var entries = segment.entries(from: 0, to: sliceSize)
        var validBytes = 0
        var lastOffset: Int64 = -1
        while let entry = try entries.next() {
            switch entry {
            case let .batch(batch):
                try printBatchLine(batch, position: validBytes)
                if isDeepIteration {
                    var records = try wrap { try batch.makeRecordIterator() }
                    while let record = try wrap({ try records.next() }) {
                        track(record.offset, &lastOffset, &reports)
                        try printRecordLine(record, in: batch)
                    }
                }
            case let .legacy(wrapper):
                try printLegacyBatchLine(wrapper, position: validBytes)
                if isDeepIteration {
                    for record in try wrap({ try wrapper.innerRecords() }) {
                        track(record.offset, &lastOffset, &reports)
                        try printLegacyRecordLine(record, in: wrapper)
                    }
                }
            }
            validBytes += entry.sizeInBytes
        }
        let trailingBytes = sliceSize - validBytes
        if trailingBytes > 0 && maxBytes == Int32.max {
            console.println("Found \(trailingBytes) invalid bytes at the end of \(name)")
        }
    }

    /// `Snapshots.parse(path).get().snapshotId`: 20-digit offset, `-`, 10-digit epoch.
    static func snapshotId(fromName name: String) throws(UncaughtJavaException) -> (Int64, Int32) {
        let units = Array(name.utf16)
        func substring(_ begin: Int, _ end: Int) throws(UncaughtJavaException) -> String {
            guard end <= units.count else {
                throw UncaughtJavaException(
                    className: "java.lang.StringIndexOutOfBoundsException",
                    message: "begin \(begin), end \(end), length \(units.count)")
            }
            return String(decoding: units[begin..<end], as: UTF16.self)
        }
        let offset = try JavaString.parseLong(try substring(0, 20))
        let epoch = try JavaString.parseInt(try substring(21, 31))
        return (offset, epoch)
    }

    private func wrap<T>(_ body: () throws -> T) throws(UncaughtJavaException) -> T {
        do { return try body() } catch { throw javaException(for: error) }
    }

    private func track(_ offset: Int64, _ lastOffset: inout Int64, _ reports: inout DumpLogReports) {
        if lastOffset != -1 && offset != lastOffset + 1 {
            reports.recordNonConsecutiveOffsets(file: file.absolutePath, previous: lastOffset, next: offset)
        }
        lastOffset = offset
    }

    // MARK: - Batch lines

    private func printBatchLine(_ batch: RecordBatch, position: Int) throws {
        let h = batch.header
        let lastSequence = h.baseSequence == -1 ? -1 : KafkaNames.incrementSequence(h.baseSequence, h.lastOffsetDelta)
        console.print(
            "baseOffset: \(h.baseOffset) lastOffset: \(h.lastOffset) count: \(h.recordsCount) baseSequence: \(h.baseSequence)"
                + " lastSequence: \(lastSequence) producerId: \(h.producerId) producerEpoch: \(h.producerEpoch)"
                + " partitionLeaderEpoch: \(h.partitionLeaderEpoch) isTransactional: \(h.isTransactional)"
                + " isControl: \(h.isControl) deleteHorizonMs: \(javaOptionalLong(h.hasDeleteHorizon ? h.baseTimestamp : nil))")
        let codec = try KafkaNames.compressionName(h.compressionCodec)
        console.println(
            " position: \(position) \(KafkaNames.timestampType(logAppendTime: h.isLogAppendTime)): \(h.maxTimestamp)"
                + " size: \(batch.sizeInBytes) magic: \(h.magic) compresscodec: \(codec) crc: \(h.crc) isvalid: \(batch.isValid)")
    }

    private func printLegacyBatchLine(_ wrapper: LegacyRecord, position: Int) throws {
        console.print("offset: \(wrapper.offset)")
        let codec = try KafkaNames.compressionName(wrapper.compressionCodecBits)
        console.println(
            " position: \(position) \(legacyTimestampType(wrapper)): \(wrapper.timestamp ?? -1)"
                + " size: \(wrapper.sizeInBytes) magic: \(wrapper.magic) compresscodec: \(codec) crc: \(wrapper.crc)"
                + " isvalid: \(wrapper.isValid)")
    }

    private func legacyTimestampType(_ record: LegacyRecord) -> String {
        guard let type = record.timestampType else { return KafkaNames.noTimestampType }
        return KafkaNames.timestampType(logAppendTime: type == .logAppendTime)
    }

    // MARK: - Record lines

    private func printRecordLine(_ record: Record, in batch: RecordBatch) throws {
        let h = batch.header
        var prefix = "| "
        if !skipRecordMetadata {
            let sequence = h.baseSequence == -1 ? -1 : KafkaNames.incrementSequence(h.baseSequence, record.offsetDelta)
            let headerKeys = record.headers.map(\.key).joined(separator: ",")
            console.print(
                "\(prefix)offset: \(record.offset) \(KafkaNames.timestampType(logAppendTime: h.isLogAppendTime)):"
                    + " \(record.timestamp) keySize: \(record.key?.readableBytes ?? -1)"
                    + " valueSize: \(record.value?.readableBytes ?? -1) sequence: \(sequence) headerKeys: [\(headerKeys)]")
            prefix = " "
            if h.isControl { console.print(try ControlRecordText.describe(key: record.key, value: record.value)) }
        }
        if printContents && !h.isControl {
            try printContent(DumpedRecord(offset: record.offset, key: record.key, value: record.value), prefix: prefix)
        }
        console.println()
    }

    private func printLegacyRecordLine(_ record: LegacyRecord, in wrapper: LegacyRecord) throws {
        var prefix = "| "
        if !skipRecordMetadata {
            console.print(
                "\(prefix)offset: \(record.offset) \(legacyTimestampType(wrapper)): \(record.timestamp ?? -1)"
                    + " keySize: \(record.key?.readableBytes ?? -1) valueSize: \(record.value?.readableBytes ?? -1)"
                    + " isValid: \(record.isValid) crc: \(record.crc)}")
            prefix = " "
        }
        if printContents {
            try printContent(DumpedRecord(offset: record.offset, key: record.key, value: record.value), prefix: prefix)
        }
        console.println()
    }

    private func printContent(_ record: DumpedRecord, prefix: String) throws {
        let (key, payload) = try wrap { try parser.parse(record) }
        if let key { console.print("\(prefix)key: \(key)") }
        if let payload { console.print(" payload: \(payload)") }
    }
}
