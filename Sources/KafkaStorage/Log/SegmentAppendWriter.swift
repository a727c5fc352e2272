#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif
import NIOConcurrencyHelpers
import NIOCore

/// Writes appends to a segment's `.log`. The whole pages inside a large append go to the file
/// with `O_DIRECT` from a page-aligned staging buffer borrowed from a small shared pool (so memory
/// follows the appends in flight, not the number of partitions); the partial pages at either end
/// (and every small append) go through the page cache as before.
///
/// Why: copying a produce batch into freshly allocated page-cache pages is most of a broker's
/// produce CPU (on a VM each new page is also a first touch of guest memory); a direct write
/// moves the bytes from memory the broker already owns. The file's bytes are the same either way.
///
/// Why it is coherent: a direct range starts at the first page boundary at or after the end of
/// the file, so it never overlaps a page the page cache can hold (readers never read past the
/// end, and the page holding the old end is written through the cache). Readers that later
/// want those pages (`sendfile`, `pread`) read them from the file. Where `O_DIRECT` is not
/// available (some file systems, other platforms) every append goes through the page cache.
final class SegmentAppendWriter {
    static let pageSize = 4096
    /// Below this many bytes of whole pages the direct write's fixed cost outweighs the copy it saves.
    static let minimumDirectBytes = 64 * 1024
    /// Larger appends are split into direct writes of at most this size (the staging buffer).
    static let maximumStagingBytes = 8 << 20

    /// Linux's `O_DIRECT` (Glibc's module map leaves it out: it needs `_GNU_SOURCE`).
    static var oDirect: Int32? {
        #if os(Linux) && (arch(x86_64) || arch(i386))
        return 0o40000
        #elseif os(Linux) && (arch(arm64) || arch(arm))
        return 0o200000
        #else
        return nil
        #endif
    }

    private enum Direct {
        case notOpened
        case open(Int32)
        case unavailable
    }

    private var direct: Direct

    /// `directWrites: false` keeps every append in the page cache.
    init(directWrites: Bool = true) {
        #if os(Linux)
        direct = directWrites ? .notOpened : .unavailable
        #else
        direct = .unavailable
        #endif
    }

    deinit {
        if case .open(let fd) = direct { close(fd) }
    }

    /// Whether appends have gone to the file directly (for tests).
    var usesDirectWrites: Bool {
        if case .open = direct { return true }
        return false
    }

    /// Writes all readable bytes of `records` at `position` of `file`, the current end of the file.
    func append(_ records: ByteBuffer, at position: Int, to file: StorageFile) throws(StorageIOError) {
        let end = position + records.readableBytes
        let directStart = (position + Self.pageSize - 1) / Self.pageSize * Self.pageSize
        let directEnd = end / Self.pageSize * Self.pageSize
        guard directEnd - directStart >= Self.minimumDirectBytes, let descriptor = directDescriptor(for: file) else {
            try file.write(records, at: position)
            return
        }
        let base = records.readerIndex
        if directStart > position, let head = records.getSlice(at: base, length: directStart - position) {
            try file.write(head, at: position)
        }
        var offset = directStart
        while offset < directEnd {
            let length = min(directEnd - offset, Self.maximumStagingBytes)
            guard let chunk = records.getSlice(at: base + (offset - position), length: length) else { break }
            let written = writeDirect(chunk, at: offset, descriptor: descriptor)
            offset += written
            // The file system refused (part of) the direct write: the rest goes through the cache.
            if written < length { break }
        }
        if end > offset, let rest = records.getSlice(at: base + (offset - position), length: end - offset) {
            try file.write(rest, at: offset)
        }
    }

    /// A second descriptor of the same file with `O_DIRECT`, opened through `/proc/self/fd` so it
    /// is the same inode even after the segment was renamed; nil where that is not possible.
    private func directDescriptor(for file: StorageFile) -> Int32? {
        switch direct {
        case .open(let fd): return fd
        case .unavailable: return nil
        case .notOpened:
            if let flag = Self.oDirect {
                let fd = open("/proc/self/fd/\(file.descriptor)", O_WRONLY | flag | O_CLOEXEC)
                if fd >= 0 {
                    direct = .open(fd)
                    return fd
                }
            }
            direct = .unavailable
            return nil
        }
    }

    /// Copies `chunk` (whole pages) into the staging buffer and writes it at `offset`; returns
    /// the bytes written. After a refusal direct writes stop for this segment (a real I/O error
    /// then surfaces from the cached write of the rest).
    private func writeDirect(_ chunk: ByteBuffer, at offset: Int, descriptor: Int32) -> Int {
        let buffer = StagingPool.shared.take(capacity: chunk.readableBytes)
        defer { StagingPool.shared.give(buffer) }
        let count = chunk.withUnsafeReadableBytes { raw in
            buffer.copyMemory(from: raw)
            return raw.count
        }
        var done = 0
        while done < count {
            let n = pwrite(descriptor, buffer.baseAddress! + done, count - done, off_t(offset + done))
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                close(descriptor)
                direct = .unavailable
                break
            }
            done += n
        }
        return done
    }

}

/// Page-aligned buffers for direct writes, reused across segments (a reused buffer is memory the
/// process already touched). It keeps as many as were in use at once, up to `maximumKept`.
final class StagingPool: @unchecked Sendable {
    static let shared = StagingPool()
    static let maximumKept = 4

    // Raw buffers are only handed out and taken back under the lock.
    private let free = NIOLockedValueBox<[UnsafeMutableRawBufferPointer]>([])

    func take(capacity: Int) -> UnsafeMutableRawBufferPointer {
        let reused = free.withLockedValue { buffers -> UnsafeMutableRawBufferPointer? in
            guard let index = buffers.firstIndex(where: { $0.count >= capacity }) ?? buffers.indices.last else { return nil }
            return buffers.remove(at: index)
        }
        if let reused, reused.count >= capacity { return reused }
        reused?.deallocate()
        let size = (capacity + SegmentAppendWriter.pageSize - 1) / SegmentAppendWriter.pageSize * SegmentAppendWriter.pageSize
        return UnsafeMutableRawBufferPointer.allocate(byteCount: size, alignment: SegmentAppendWriter.pageSize)
    }

    /// Buffers waiting to be reused (for tests).
    var keptCount: Int { free.withLockedValue { $0.count } }

    func give(_ buffer: UnsafeMutableRawBufferPointer) {
        let kept = free.withLockedValue { buffers -> Bool in
            guard buffers.count < Self.maximumKept else { return false }
            buffers.append(buffer)
            return true
        }
        if !kept { buffer.deallocate() }
    }
}
