import KafkaProtocol
import KafkaStorage
import NIOCore

/// A `.log` or snapshot file opened like `FileRecords.open`, read window by window so a large
/// segment is never loaded whole.
struct SegmentFile {
    let path: String
    let size: Int
    private let file: StorageFile

    /// Opens `path` (`FileChannel.open`); failures are the JVM's exceptions.
    init(path: String) throws(UncaughtJavaException) {
        self.path = path
        do {
            file = try StorageFile(path: path, create: false, readOnly: true)
        } catch {
            throw JavaIO.openFailure(path: path, errno: error.errno, opener: .fileChannel)
        }
        do {
            size = try file.size()
        } catch {
            throw JavaIO.readFailure(errno: error.errno, opener: .fileChannel, path: path)
        }
    }

    func read(at position: Int, count: Int) throws(UncaughtJavaException) -> ByteBuffer {
        do {
            return try file.read(at: position, count: count)
        } catch {
            throw JavaIO.readFailure(errno: error.errno, opener: .fileChannel, path: path)
        }
    }

    /// The entries (`FileLogInputStream`) of the bytes `[start, end)`.
    func entries(from start: Int, to end: Int, windowSize: Int = SegmentEntryStream.defaultWindowSize) -> SegmentEntryStream {
        SegmentEntryStream(file: self, start: start, end: min(end, size), windowSize: windowSize)
    }
}

/// Walks the entries of a byte range of a segment, refilling a window as it goes; an entry
/// larger than the window gets a window of its own size.
struct SegmentEntryStream {
    static let defaultWindowSize = 8 * 1024 * 1024

    let file: SegmentFile
    let end: Int
    let windowSize: Int
    private var windowStart: Int
    private var windowLength = 0
    private var reader = LogEntryReader(ByteBuffer(), verifyingCRC: false)

    init(file: SegmentFile, start: Int, end: Int, windowSize: Int) {
        self.file = file
        self.end = end
        self.windowSize = max(windowSize, 1)
        self.windowStart = start
    }

    mutating func next() throws(UncaughtJavaException) -> LogEntry? {
        if let entry = try nextInWindow() { return entry }
        let consumed = windowStart + reader.position
        guard consumed < end, windowLength == 0 || windowStart + windowLength < end else { return nil }
        var length = min(windowSize, end - consumed)
        // The entry's declared size (bytes 8..<12 after the offset) decides whether it fits.
        if end - consumed >= RecordBatchHeader.logOverhead,
           let size = try file.read(at: consumed + 8, count: 4).getInteger(at: 0, endianness: .big, as: Int32.self),
           size > 0, consumed + RecordBatchHeader.logOverhead + Int(size) <= end {
            length = max(length, RecordBatchHeader.logOverhead + Int(size))
        }
        windowStart = consumed
        windowLength = length
        reader = LogEntryReader(try file.read(at: consumed, count: length), verifyingCRC: false)
        return try nextInWindow()
    }

    private mutating func nextInWindow() throws(UncaughtJavaException) -> LogEntry? {
        do { return try reader.next() } catch { throw javaException(for: error) }
    }
}
