#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOCore

/// An error from the file system, with the failing call, the path and `errno`.
public struct StorageIOError: Error, Equatable, Sendable, CustomStringConvertible {
    public var operation: String
    public var path: String
    public var errno: Int32

    public init(operation: String, path: String, errno: Int32) {
        self.operation = operation
        self.path = path
        self.errno = errno
    }

    /// The file does not exist (`ENOENT`).
    public var isFileNotFound: Bool { errno == ENOENT }

    public var description: String {
        "\(operation) failed for \(path): \(String(cString: strerror(errno))) (errno \(errno))"
    }
}

/// One open file addressed by position (`pread`/`pwrite`), so concurrent readers never share a file
/// offset. The descriptor is closed when the last reference goes away, which keeps a file that was
/// handed to a reader (e.g. for `sendfile`) valid even after the log renamed or deleted it.
public final class StorageFile: Sendable {
    public let descriptor: Int32
    /// The path the file was opened with; renames do not update it.
    public let openedPath: String

    /// Opens `path` read-write, creating it if `create` is set.
    public init(path: String, create: Bool = true, readOnly: Bool = false) throws(StorageIOError) {
        var flags: Int32 = readOnly ? O_RDONLY : O_RDWR
        if create && !readOnly { flags |= O_CREAT }
        flags |= O_CLOEXEC
        let fd = open(path, flags, 0o644)
        guard fd >= 0 else { throw StorageIOError(operation: "open", path: path, errno: errno) }
        self.descriptor = fd
        self.openedPath = path
    }

    deinit { close(descriptor) }

    public func size() throws(StorageIOError) -> Int {
        var st = stat()
        guard fstat(descriptor, &st) == 0 else { throw StorageIOError(operation: "fstat", path: openedPath, errno: errno) }
        return Int(st.st_size)
    }

    /// Reads up to `count` bytes at `offset`; fewer only at end of file.
    public func read(at offset: Int, count: Int) throws(StorageIOError) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: max(count, 0))
        guard count > 0 else { return buffer }
        var failure: Int32 = 0
        buffer.writeWithUnsafeMutableBytes(minimumWritableBytes: count) { raw in
            var done = 0
            while done < count {
                let n = pread(descriptor, raw.baseAddress! + done, count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return done
                }
                if n == 0 { break }
                done += n
            }
            return done
        }
        if failure != 0 { throw StorageIOError(operation: "pread", path: openedPath, errno: failure) }
        return buffer
    }

    /// Writes all readable bytes of `buffer` at `offset` without moving its reader index.
    public func write(_ buffer: ByteBuffer, at offset: Int) throws(StorageIOError) {
        let failure: Int32 = buffer.withUnsafeReadableBytes { raw in
            var done = 0
            while done < raw.count {
                let n = pwrite(descriptor, raw.baseAddress! + done, raw.count - done, off_t(offset + done))
                if n < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                done += n
            }
            return 0
        }
        if failure != 0 { throw StorageIOError(operation: "pwrite", path: openedPath, errno: failure) }
    }

    public func write(_ bytes: [UInt8], at offset: Int) throws(StorageIOError) {
        var buffer = ByteBufferAllocator().buffer(capacity: bytes.count)
        buffer.writeBytes(bytes)
        try write(buffer, at: offset)
    }

    public func truncate(to length: Int) throws(StorageIOError) {
        guard ftruncate(descriptor, off_t(length)) == 0 else {
            throw StorageIOError(operation: "ftruncate", path: openedPath, errno: errno)
        }
    }

    public func sync() throws(StorageIOError) {
        guard fsync(descriptor) == 0 else { throw StorageIOError(operation: "fsync", path: openedPath, errno: errno) }
    }

    /// The whole content of the file at `path`.
    public static func readAll(path: String) throws(StorageIOError) -> ByteBuffer {
        let file = try StorageFile(path: path, create: false, readOnly: true)
        return try file.read(at: 0, count: try file.size())
    }

    /// Writes `bytes` to `path.tmp`, syncs it (unless `sync` is false), and renames it over `path`
    /// (Kafka's checkpoint pattern).
    public static func writeAtomically(path: String, bytes: [UInt8], sync: Bool = true) throws(StorageIOError) {
        let tmp = path + ".tmp"
        do {
            let file = try StorageFile(path: tmp)
            try file.truncate(to: 0)
            try file.write(bytes, at: 0)
            if sync { try file.sync() }
        }
        guard posixRename(tmp, path) == 0 else { throw StorageIOError(operation: "rename", path: tmp, errno: errno) }
    }

    public static func exists(_ path: String) -> Bool { access(path, F_OK) == 0 }

    /// `rename(2)`; false if it failed.
    @discardableResult
    public static func rename(_ from: String, to: String) -> Bool { posixRename(from, to) == 0 }

    /// `unlink(2)`; false if it failed.
    @discardableResult
    public static func remove(_ path: String) -> Bool { unlink(path) == 0 }

    /// `path` made absolute against the working directory, like Java's `File.getAbsolutePath`.
    public static func absolutePath(_ path: String) -> String {
        if path.hasPrefix("/") { return path }
        var buf = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        guard getcwd(&buf, buf.count) != nil else { return path }
        let cwd = buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        return cwd.hasSuffix("/") ? cwd + path : cwd + "/" + path
    }
}

/// The C `rename`, reachable where `StorageFile.rename` shadows it.
private func posixRename(_ from: String, _ to: String) -> Int32 { rename(from, to) }
