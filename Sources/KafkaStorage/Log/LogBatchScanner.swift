import KafkaProtocol
import NIOCore

/// Why a walk over a `.log` stopped before the end of the file.
public enum LogScanStop: Equatable, Sendable {
    /// Fewer bytes than the next batch declares (or than a batch header up to the magic).
    case truncated
    /// A batch that cannot be right: its size, magic, CRC or offsets.
    case corrupt(String)
}

/// A batch found in a `.log` file: where it starts and its header.
public struct FileBatch: Sendable {
    public var position: Int
    public var header: RecordBatchHeader
    public var size: Int { header.totalSize }
}

/// Walks the batches of a `.log` file from a position, reading through a window so that headers
/// cost one `pread` per many batches (`FileLogInputStream`).
struct LogBatchScanner {
    static let headerSizeUpToMagic = 17
    /// `LegacyRecord.RECORD_OVERHEAD_V0`, Kafka's first size check.
    static let minimumRecordOverhead = 14

    let file: StorageFile
    private(set) var position: Int
    let end: Int
    private var window = ByteBuffer()
    private var windowStart = 0
    private let windowSize: Int
    private(set) var stop: LogScanStop?

    init(file: StorageFile, from position: Int, end: Int, windowSize: Int = 256 * 1024) {
        self.file = file
        self.position = position
        self.end = end
        self.windowSize = windowSize
    }

    /// Makes [at, at + count) readable in the window; false if the file is shorter.
    private mutating func load(_ at: Int, _ count: Int) throws(StorageIOError) -> Bool {
        if at >= windowStart && at + count <= windowStart + window.readableBytes { return true }
        guard at + count <= end else { return false }
        let want = min(max(count, windowSize), end - at)
        window = try file.read(at: at, count: want)
        windowStart = at
        return window.readableBytes >= count
    }

    /// The whole batch bytes of `batch` (it must be the one last returned by `next`).
    mutating func bytes(of batch: FileBatch) throws(StorageIOError) -> ByteBuffer {
        guard try load(batch.position, batch.size) else { return ByteBuffer() }
        return window.getSlice(at: window.readerIndex + batch.position - windowStart, length: batch.size) ?? ByteBuffer()
    }

    /// The next batch, or nil at the end; `stop` then says whether the end was clean.
    /// `validate` adds the CRC check (`ensureValid`), which needs the batch bytes.
    mutating func next(validate: Bool = false, minimumBaseOffset: Int64? = nil) throws(StorageIOError) -> FileBatch? {
        guard stop == nil else { return nil }
        let remaining = end - position
        if remaining <= Self.headerSizeUpToMagic {
            if remaining > 0 { stop = .truncated }
            return nil
        }
        guard try load(position, Self.headerSizeUpToMagic) else { stop = .truncated; return nil }
        let at = window.readerIndex + position - windowStart
        let size = Int(window.getInteger(at: at + 8, endianness: .big, as: Int32.self) ?? 0)
        if size < Self.minimumRecordOverhead {
            stop = .corrupt("Found record size \(size) smaller than minimum record overhead (\(Self.minimumRecordOverhead))")
            return nil
        }
        if position > end - RecordBatchHeader.logOverhead - size { stop = .truncated; return nil }
        let magic = window.getInteger(at: at + RecordBatchHeader.magicOffset, as: Int8.self) ?? 0
        guard magic == 2 else { stop = .corrupt("Unsupported record batch magic \(magic)"); return nil }
        let total = size + RecordBatchHeader.logOverhead
        if total < RecordBatchHeader.size {
            stop = .corrupt("Record batch is corrupt (the size \(total) is smaller than the minimum allowed overhead \(RecordBatchHeader.size))")
            return nil
        }
        guard try load(position, RecordBatchHeader.size) else { stop = .truncated; return nil }
        let header: RecordBatchHeader
        do {
            header = try RecordBatchHeader(peekingAt: window.readerIndex + position - windowStart, in: window)
        } catch {
            stop = .corrupt("\(error)")
            return nil
        }
        if let problem = Self.headerProblem(header, minimumBaseOffset: minimumBaseOffset) {
            stop = .corrupt(problem)
            return nil
        }
        let batch = FileBatch(position: position, header: header)
        if validate {
            guard try load(position, total) else { stop = .truncated; return nil }
            let computed = RecordBatchHeader.computeCRC(
                ofBatchAt: window.readerIndex + position - windowStart, totalSize: total, in: window)
            if computed != header.crc {
                stop = .corrupt("Record is corrupt (stored crc = \(header.crc), computed crc = \(computed))")
                return nil
            }
        }
        position += total
        return batch
    }

    /// Header fields that cannot be right in a log, whatever the CRC says.
    static func headerProblem(_ header: RecordBatchHeader, minimumBaseOffset: Int64?) -> String? {
        if header.lastOffsetDelta < 0 { return "Invalid lastOffsetDelta \(header.lastOffsetDelta)" }
        if header.recordsCount < 0 { return "Invalid record count \(header.recordsCount)" }
        if header.baseOffset < 0 || header.baseOffset >= Int64.max - Int64(header.lastOffsetDelta) {
            return "Invalid base offset \(header.baseOffset)"
        }
        if let minimum = minimumBaseOffset, header.baseOffset < minimum {
            return "Out of order offsets: batch base offset \(header.baseOffset) is below \(minimum)"
        }
        return nil
    }
}
