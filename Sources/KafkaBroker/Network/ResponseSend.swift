import NIOCore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One response frame as parts written in order (Kafka's `Send` / `MultiRecordsSend`): encoded
/// bytes, and record bytes still in a segment file, which NIO sends with `sendfile`.
public struct ResponseSend: Sendable {
    public enum Part: Sendable {
        case bytes(ByteBuffer)
        case file(FileRegion)

        var ioData: IOData {
            switch self {
            case let .bytes(buffer): return .byteBuffer(buffer)
            case let .file(region): return .fileRegion(region)
            }
        }

        var byteCount: Int {
            switch self {
            case let .bytes(buffer): return buffer.readableBytes
            case let .file(region): return region.readableBytes
            }
        }
    }

    public let parts: [Part]
    /// The descriptors the file parts read from.
    let files: SegmentFileHandles?

    /// A frame that is one buffer.
    public init(_ frame: ByteBuffer) {
        parts = [.bytes(frame)]
        files = nil
    }

    init(parts: [Part], files: SegmentFileHandles) {
        self.parts = parts
        self.files = files
    }

    /// Size of the whole frame on the wire, size prefix included.
    public var byteCount: Int { parts.reduce(0) { $0 + $1.byteCount } }

    /// How many parts are file regions.
    public var fileRegionCount: Int { parts.reduce(0) { count, part in if case .file = part { return count + 1 } else { return count } } }

    /// Closes the file descriptors; called once the parts are written, or were not.
    public func release() { files?.close() }

    /// The frame as one buffer, file parts read with `pread` (for tests and in-process callers).
    /// Does not release the send.
    public func flattened(allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        var out = allocator.buffer(capacity: byteCount)
        for part in parts {
            switch part {
            case let .bytes(buffer):
                out.writeImmutableBuffer(buffer)
            case let .file(region):
                try region.fileHandle.withUnsafeFileDescriptor { fd in
                    var done = 0
                    let count = region.readableBytes
                    while done < count {
                        var n = 0
                        out.writeWithUnsafeMutableBytes(minimumWritableBytes: count - done) { pointer in
                            n = pread(fd, pointer.baseAddress, count - done, off_t(region.readerIndex + done))
                            return max(n, 0)
                        }
                        guard n > 0 else { throw ResponseSendError.shortFileRead(expected: count, read: done) }
                        done += n
                    }
                }
            }
        }
        return out
    }
}

/// The descriptors behind a response's file regions. Closed after the write, or at the latest
/// when the last copy of the send is dropped (a write that never reached the channel).
final class SegmentFileHandles: Sendable {
    let handles: [NIOFileHandle]

    init(_ handles: [NIOFileHandle]) { self.handles = handles }

    func close() {
        // `close` is atomic in NIOFileHandle: a second call throws and is ignored.
        for handle in handles where handle.isOpen { try? handle.close() }
    }

    deinit { close() }
}

public enum ResponseSendError: Error, Equatable {
    /// The segment file ended (or failed) before the region did.
    case shortFileRead(expected: Int, read: Int)
}
