import KafkaProtocol
import NIOCore

/// Walks the v2 batches of a `.log` file offline (for `dump-log` and tools), the way
/// `FileLogInputStream` does: stops at the end, at a truncated tail, or at a batch that cannot
/// be right (`stop` says which). Only magic 2 is understood; a legacy batch stops the walk as
/// `.corrupt`.
public struct LogFileReader {
    public let path: String
    public let size: Int
    private let file: StorageFile
    private var scanner: LogBatchScanner
    private let validate: Bool

    /// `validateCRC` also checks each batch's CRC (`ensureValid`).
    public init(path: String, validateCRC: Bool = false) throws {
        self.path = path
        self.file = try StorageFile(path: path, create: false, readOnly: true)
        self.size = try file.size()
        self.scanner = LogBatchScanner(file: file, from: 0, end: size)
        self.validate = validateCRC
    }

    /// The next batch, or nil when the walk ended (see `stop`).
    public mutating func nextBatch() throws -> FileBatch? {
        try scanner.next(validate: validate)
    }

    /// Why the walk ended early; nil if it reached the end of the file cleanly.
    public var stop: LogScanStop? { scanner.stop }

    /// The whole bytes of a batch returned by `nextBatch`.
    public func bytes(of batch: FileBatch) throws -> ByteBuffer {
        try file.read(at: batch.position, count: batch.size)
    }
}
