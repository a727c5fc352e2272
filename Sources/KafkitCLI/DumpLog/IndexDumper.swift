import KafkaProtocol
import KafkaStorage
import NIOCore

/// `DumpLogSegments.dumpIndex` / `dumpTimeIndex`: the entries of an offset or time index, each
/// checked against the batches of the segment's `.log`; problems are collected in the reports.
struct IndexDumper {
    let file: JavaFile
    let console: ToolConsole
    let indexSanityOnly: Bool
    let verifyOnly: Bool

    private func segmentFiles() throws(UncaughtJavaException) -> (startOffset: Int64, prefix: String) {
        let prefix = try file.namePrefixBeforeFirstDot()
        return (try JavaString.parseLong(prefix), prefix)
    }

    /// `FileRecords.open` of the segment's `.log`, next to the index.
    private func openLog(prefix: String) throws(UncaughtJavaException) -> SegmentFile {
        try SegmentFile(path: JavaFile(parent: file.absoluteParent, child: prefix + ".log").path)
    }

    /// The bytes of an index file as `AbstractIndex` opens it read-only. A missing file is
    /// created by Kafka with the requested maximum size, which DumpLogSegments passes as -1.
    private static func openIndex(_ path: String) throws(UncaughtJavaException) -> ByteBuffer {
        guard JavaIO.exists(path) else {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Invalid max index size: -1")
        }
        return try JavaIO.read(path, with: .randomAccessFile)
    }

    func dumpOffsetIndex(maxMessageSize: Int32, reports: inout DumpLogReports) throws {
        let (startOffset, prefix) = try segmentFiles()
        let log = try openLog(prefix: prefix)
        let index = OffsetIndex(parsing: try Self.openIndex(file.path), baseOffset: startOffset, path: file.absolutePath)
        if index.isEmpty {
            console.println("\(file) is empty.")
            return
        }
        if indexSanityOnly {
            do { try index.sanityCheck() } catch { throw Self.corruptIndex(error) }
            console.println("\(file) passed sanity check.")
            return
        }
        for slot in 0..<index.count {
            let entry = index.entry(slot)
            // A crash can leave zero entries at the end of a preallocated index.
            if entry.offset == index.baseOffset && slot > 0 { return }
            let batchLastOffset = try Self.firstBatchLastOffset(
                in: log, position: Int(entry.position), maxSize: Int(maxMessageSize), file: file)
            if batchLastOffset != entry.offset {
                reports.recordIndexMismatch(file: file.absolutePath, indexOffset: entry.offset, logOffset: batchLastOffset)
            }
            if !verifyOnly { console.println("offset: \(entry.offset) position: \(entry.position)") }
        }
    }

    func dumpTimeIndex(reports: inout DumpLogReports) throws {
        let (startOffset, prefix) = try segmentFiles()
        let log = try openLog(prefix: prefix)
        let indexPath = JavaFile(parent: file.absoluteParent, child: prefix + ".index").path
        let index = OffsetIndex(parsing: try Self.openIndex(indexPath), baseOffset: startOffset, path: indexPath)
        let timeIndex = TimeIndex(parsing: try Self.openIndex(file.path), baseOffset: startOffset, path: file.absolutePath)
        if indexSanityOnly {
            do { try timeIndex.sanityCheck() } catch { throw Self.corruptIndex(error) }
            console.println("\(file) passed sanity check.")
            return
        }
        var previousTimestamp: Int64 = -1
        for slot in 0..<timeIndex.count {
            let entry = timeIndex.entry(slot)
            if entry.offset == timeIndex.baseOffset && slot > 0 { return }
            let position = Int(index.lookup(entry.offset).position)
            switch try Self.firstBatch(in: log, from: position, withLastOffsetAtLeast: entry.offset, file: file) {
            case nil:
                reports.recordShallowOffsetNotFound(file: file.absolutePath, indexOffset: entry.offset, logOffset: -1)
            case let (lastOffset, _)? where lastOffset != entry.offset:
                reports.recordShallowOffsetNotFound(file: file.absolutePath, indexOffset: entry.offset, logOffset: lastOffset)
            case let (_, maxTimestamp)?:
                if maxTimestamp != entry.timestamp {
                    reports.recordTimeIndexMismatch(
                        file: file.absolutePath, indexTimestamp: entry.timestamp, logTimestamp: maxTimestamp)
                }
                if previousTimestamp >= entry.timestamp {
                    reports.recordOutOfOrderIndexTimestamp(
                        file: file.absolutePath, indexTimestamp: entry.timestamp, previousTimestamp: previousTimestamp)
                }
            }
            if !verifyOnly { console.println("timestamp: \(entry.timestamp) offset: \(entry.offset)") }
            previousTimestamp = entry.timestamp
        }
    }

    static func corruptIndex(_ error: CorruptIndexError) -> UncaughtJavaException {
        UncaughtJavaException(className: "org.apache.kafka.storage.internals.log.CorruptIndexException", message: error.message)
    }

    /// `FileRecords.slice(position, size)` as a byte range, Kafka's checks included.
    static func slice(_ log: SegmentFile, position: Int, size: Int, file: JavaFile) throws(UncaughtJavaException) -> Range<Int> {
        guard position >= 0 else {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Invalid position: \(position) in read from \(file)")
        }
        guard position <= log.size else {
            throw UncaughtJavaException(
                className: "java.lang.IllegalArgumentException",
                message: "Slice from position \(position) exceeds end position of \(file)")
        }
        guard size >= 0 else {
            throw UncaughtJavaException(className: "java.lang.IllegalArgumentException", message: "Invalid size: \(size) in read from \(file)")
        }
        return position..<(position + min(size, log.size - position))
    }

    /// `slice(position, maxMessageSize).batches.iterator.next().lastOffset`.
    static func firstBatchLastOffset(in log: SegmentFile, position: Int, maxSize: Int, file: JavaFile) throws -> Int64 {
        let range = try slice(log, position: position, size: maxSize, file: file)
        var entries = log.entries(from: range.lowerBound, to: range.upperBound)
        guard let first = try entries.next() else {
            throw UncaughtJavaException(className: "java.util.NoSuchElementException", message: nil)
        }
        switch first {
        case let .batch(batch): return batch.lastOffset
        case let .legacy(record): return record.offset
        }
    }

    /// The first batch from `position` whose last offset is ≥ `offset`, with the largest record
    /// timestamp in it (-1 when it has no records).
    static func firstBatch(
        in log: SegmentFile, from position: Int, withLastOffsetAtLeast offset: Int64, file: JavaFile
    ) throws -> (lastOffset: Int64, maxTimestamp: Int64)? {
        let range = try slice(log, position: position, size: Int(Int32.max), file: file)
        var entries = log.entries(from: range.lowerBound, to: range.upperBound)
        while let entry = try entries.next() {
            do {
                switch entry {
                case let .batch(batch) where batch.lastOffset >= offset:
                    var maxTimestamp: Int64 = -1
                    try batch.forEachRecord { maxTimestamp = max(maxTimestamp, $0.timestamp) }
                    return (batch.lastOffset, maxTimestamp)
                case let .legacy(record) where record.offset >= offset:
                    let maxTimestamp = try record.innerRecords().map { $0.timestamp ?? -1 }.max() ?? -1
                    return (record.offset, maxTimestamp)
                default:
                    continue
                }
            } catch {
                throw javaException(for: error)
            }
        }
        return nil
    }
}
