import Foundation

/// Where a tool's text goes. Implementations must be safe to call from any task.
public protocol TextSink: Sendable {
    func write(_ text: String)
    func flush()
}

extension TextSink {
    public func flush() {}
}

/// A tool's stdout and stderr. Tools write only through this, so tests can run a tool in-process
/// and capture both streams (`ToolConsole.capturing()`), and the real binary writes to fd 1 and 2.
///
/// Writing to stderr first flushes stdout, so a terminal shows both in the order they were written.
public struct ToolConsole: Sendable {
    public let out: any TextSink
    public let err: any TextSink

    public init(out: any TextSink, err: any TextSink) {
        self.out = out
        self.err = err
    }

    /// `System.out.print`.
    public func print(_ text: String) { out.write(text) }
    /// `System.out.println`.
    public func println(_ text: String = "") { out.write(text + "\n") }
    /// `System.err.print`.
    public func printError(_ text: String) {
        out.flush()
        err.write(text)
    }
    /// `System.err.println`.
    public func printlnError(_ text: String = "") { printError(text + "\n") }

    public func flush() {
        out.flush()
        err.flush()
    }

    /// The process's standard output (buffered) and standard error (unbuffered); one shared
    /// pair so every writer goes through the same buffer.
    public static let standard = ToolConsole(
        out: FileDescriptorSink(fileDescriptor: 1, bufferLimit: 64 * 1024),
        err: FileDescriptorSink(fileDescriptor: 2, bufferLimit: 0))

    /// A console whose streams are kept in memory; read them with `capturedOut` / `capturedErr`.
    public static func capturing() -> ToolConsole {
        ToolConsole(out: CapturingSink(), err: CapturingSink())
    }

    /// What was written to a capturing console's stdout (empty for other consoles).
    public var capturedOut: String { (out as? CapturingSink)?.text ?? "" }
    /// What was written to a capturing console's stderr (empty for other consoles).
    public var capturedErr: String { (err as? CapturingSink)?.text ?? "" }
}

/// Keeps everything written, for tests.
public final class CapturingSink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private var storage = ""

    public init() {}

    public func write(_ text: String) {
        lock.lock()
        storage += text
        lock.unlock()
    }

    public var text: String {
        lock.lock()
        defer { lock.unlock() }
        return storage
    }
}

/// Writes UTF-8 to a file descriptor, buffering up to `bufferLimit` bytes.
public final class FileDescriptorSink: TextSink, @unchecked Sendable {
    private let lock = NSLock()
    private let fileDescriptor: Int32
    private let bufferLimit: Int
    private var buffer: [UInt8] = []

    public init(fileDescriptor: Int32, bufferLimit: Int) {
        self.fileDescriptor = fileDescriptor
        self.bufferLimit = bufferLimit
    }

    deinit { writeOut() }

    public func write(_ text: String) {
        lock.lock()
        buffer.append(contentsOf: text.utf8)
        if buffer.count > bufferLimit { writeOut() }
        lock.unlock()
    }

    public func flush() {
        lock.lock()
        writeOut()
        lock.unlock()
    }

    /// Caller holds the lock.
    private func writeOut() {
        var start = 0
        buffer.withUnsafeBytes { raw in
            guard let base = raw.baseAddress else { return }
            while start < raw.count {
                let written = Foundation.write(fileDescriptor, base + start, raw.count - start)
                if written > 0 {
                    start += written
                } else if written < 0 && errno == EINTR {
                    continue
                } else {
                    // A closed pipe or full disk: drop the text, as Java's PrintStream does.
                    break
                }
            }
        }
        buffer.removeAll(keepingCapacity: true)
    }
}
