import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Errors writing or reading the small files of a log directory.
public struct LogDirFileError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// Whole-file writes the way Kafka does them for its small state files.
public enum LogDirFileIO {
    /// Kafka's checkpoint pattern (`CheckpointFile.write`, `PropertiesUtils.writePropertiesFile`,
    /// `FileQuorumStateStore`): write `<path>.tmp`, fsync it, rename it over `path`
    /// (`Utils.atomicMoveWithFallback`), then fsync the parent directory so the rename survives
    /// a crash.
    public static func writeAtomically(_ bytes: [UInt8], to path: String, fsync: Bool = true) throws {
        let temp = path + ".tmp"
        do {
            try writeFile(bytes, to: temp, fsync: fsync, exclusive: false)
            guard rename(temp, path) == 0 else { throw posixError("rename \(temp) to \(path)") }
            if fsync { try syncDirectory(parentDirectory(of: path)) }
        } catch {
            unlink(temp)
            throw error
        }
    }

    /// Writes (creating or truncating) and optionally fsyncs one file, without a rename.
    public static func writeFile(_ bytes: [UInt8], to path: String, fsync: Bool, exclusive: Bool = false) throws {
        let flags = O_WRONLY | O_CREAT | (exclusive ? O_EXCL : O_TRUNC)
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw posixError("open \(path)") }
        defer { close(fd) }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { raw in
                guard let base = raw.baseAddress else { return 0 }
                return systemWrite(fd, base + written, bytes.count - written)
            }
            if n < 0 {
                if errno == EINTR { continue }
                throw posixError("write \(path)")
            }
            written += n
        }
        if fsync, systemFsync(fd) != 0 { throw posixError("fsync \(path)") }
    }

    public static func readFile(_ path: String) throws -> [UInt8] {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        return [UInt8](data)
    }

    static func syncDirectory(_ directory: String) throws {
        let fd = open(directory, O_RDONLY)
        guard fd >= 0 else { throw posixError("open \(directory)") }
        defer { close(fd) }
        // Some file systems refuse fsync on a directory; Kafka ignores that too.
        _ = systemFsync(fd)
    }

    static func parentDirectory(of path: String) -> String {
        let parent = (path as NSString).deletingLastPathComponent
        return parent.isEmpty ? "." : parent
    }

    static func posixError(_ what: String) -> LogDirFileError {
        LogDirFileError("\(what): \(String(cString: strerror(errno)))")
    }
}

// The POSIX calls under names that the static methods above do not shadow.
private func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int { write(fd, buffer, count) }
private func systemFsync(_ fd: Int32) -> Int32 { fsync(fd) }
