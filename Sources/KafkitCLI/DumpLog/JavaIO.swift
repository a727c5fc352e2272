import Foundation
import KafkaStorage
import NIOCore

/// Reads files the way the Java calls DumpLogSegments makes do, and fails with the exceptions
/// those calls throw (`NoSuchFileException`, `FileNotFoundException: <path> (<reason>)`, …).
enum JavaIO {
    /// Which Java API opens the file; each reports a failure differently.
    enum Opener {
        /// `FileChannel.open(path)` (`FileRecords.open`, see `SegmentFile`): read failures are
        /// wrapped in `KafkaException` by the batch iterator.
        case fileChannel
        /// `new RandomAccessFile(file, "r")` (the index classes).
        case randomAccessFile
        /// `Files.readAllBytes(path)` (producer snapshots, transaction index).
        case readAllBytes
    }

    /// The whole file at `path` (index, snapshot and transaction-index files are small).
    static func read(_ path: String, with opener: Opener) throws(UncaughtJavaException) -> ByteBuffer {
        let file: StorageFile
        do {
            file = try StorageFile(path: path, create: false, readOnly: true)
        } catch {
            throw openFailure(path: path, errno: error.errno, opener: opener)
        }
        do {
            let size = try file.size()
            return try file.read(at: 0, count: size)
        } catch {
            throw readFailure(errno: error.errno, opener: opener, path: path)
        }
    }

    static func openFailure(path: String, errno code: Int32, opener: Opener) -> UncaughtJavaException {
        let reason = String(cString: strerror(code))
        switch opener {
        case .randomAccessFile:
            return UncaughtJavaException(className: "java.io.FileNotFoundException", message: "\(path) (\(reason))")
        case .fileChannel, .readAllBytes:
            switch code {
            case ENOENT: return UncaughtJavaException(className: "java.nio.file.NoSuchFileException", message: path)
            case EACCES, EPERM: return UncaughtJavaException(className: "java.nio.file.AccessDeniedException", message: path)
            default: return UncaughtJavaException(className: "java.nio.file.FileSystemException", message: "\(path): \(reason)")
            }
        }
    }

    static func readFailure(errno code: Int32, opener: Opener, path: String) -> UncaughtJavaException {
        let reason = String(cString: strerror(code))
        if code == EISDIR, opener == .randomAccessFile {
            return UncaughtJavaException(className: "java.io.FileNotFoundException", message: "\(path) (\(reason))")
        }
        if opener == .fileChannel {
            return UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: "java.io.IOException: \(reason)")
        }
        return UncaughtJavaException(className: "java.io.IOException", message: reason)
    }

    /// Whether `path` names an existing file or directory.
    static func exists(_ path: String) -> Bool { StorageFile.exists(path) }
}
