import CReadline
import Foundation

/// Standard input as lines, the way `BufferedReader.readLine` splits them: `\n`, `\r\n` and a
/// lone `\r` end a line, and a last line without a terminator still counts. Reads in large
/// chunks so piping millions of lines costs one `read` per megabyte.
/// One run owns it and reads it from one task at a time (the producer's send loop), so it can
/// cross into that actor's isolation.
public final class LineInput: @unchecked Sendable {
    enum Source {
        case fileDescriptor(Int32)
        case bytes
        /// A terminal: GNU readline prints the `>` prompt and offers line editing and history.
        case terminal(prompt: String)
    }

    private let source: Source
    private var buffer: [UInt8]
    private var start = 0
    private var end = 0
    private var atEOF = false
    /// The previous line ended with `\r`; a `\n` right after it belongs to that terminator.
    private var skipLineFeed = false

    static let chunkSize = 1 << 20

    /// Lines of `fileDescriptor`; a terminal on both stdin and stdout gets the `>` prompt, as
    /// Kafka prints it only when `System.console()` exists.
    public init(fileDescriptor: Int32 = 0, promptOnTerminal: Bool = true) {
        if promptOnTerminal, isatty(fileDescriptor) == 1, isatty(1) == 1 {
            source = .terminal(prompt: ">")
        } else {
            source = .fileDescriptor(fileDescriptor)
        }
        buffer = [UInt8](repeating: 0, count: Self.chunkSize)
    }

    /// Lines of `bytes` (tests).
    public init(bytes: [UInt8]) {
        source = .bytes
        buffer = bytes
        end = bytes.count
        atEOF = true
    }

    /// Lines come from a person at a terminal, through readline.
    public var isTerminal: Bool {
        if case .terminal = source { return true }
        return false
    }

    /// Calls `body` with the next line's bytes (valid only inside `body`); nil at end of input.
    public func nextLine<T>(_ body: (UnsafeRawBufferPointer) throws -> T) rethrows -> T? {
        if case let .terminal(prompt) = source {
            guard let line = readline(prompt) else { return nil }
            defer { free(line) }
            let length = strlen(line)
            if length > 0 { add_history(line) }
            return try body(UnsafeRawBufferPointer(start: line, count: length))
        }
        while true {
            if skipLineFeed, start < end {
                skipLineFeed = false
                if buffer[start] == UInt8(ascii: "\n") { start += 1 }
            }
            if let terminator = findTerminator() {
                let lineStart = start
                start = terminator + 1
                if buffer[terminator] == UInt8(ascii: "\r") { skipLineFeed = true }
                return try buffer.withUnsafeBytes { raw in
                    try body(UnsafeRawBufferPointer(rebasing: raw[lineStart..<terminator]))
                }
            }
            if atEOF {
                guard start < end else { return nil }
                let lineStart = start
                let lineEnd = end
                start = end
                return try buffer.withUnsafeBytes { raw in
                    try body(UnsafeRawBufferPointer(rebasing: raw[lineStart..<lineEnd]))
                }
            }
            fill()
        }
    }

    private func findTerminator() -> Int? {
        buffer.withUnsafeBufferPointer { bytes in
            var i = start
            while i < end {
                let byte = bytes[i]
                if byte == 0x0A || byte == 0x0D { return i }
                i += 1
            }
            return nil
        }
    }

    /// Moves the unread tail to the front (growing for very long lines) and reads more.
    private func fill() {
        guard case let .fileDescriptor(fd) = source else {
            atEOF = true
            return
        }
        if start > 0 {
            let remaining = end - start
            if remaining > 0 {
                buffer.withUnsafeMutableBytes { raw in
                    guard let base = raw.baseAddress else { return }
                    memmove(base, base + start, remaining)
                }
            }
            start = 0
            end = remaining
        }
        if end == buffer.count { buffer.append(contentsOf: repeatElement(0, count: buffer.count)) }
        let capacity = buffer.count - end
        let offset = end
        let count = buffer.withUnsafeMutableBytes { raw -> Int in
            guard let base = raw.baseAddress else { return 0 }
            while true {
                let n = read(fd, base + offset, capacity)
                if n < 0 && errno == EINTR { continue }
                return n
            }
        }
        if count <= 0 {
            atEOF = true
        } else {
            end += count
        }
    }
}
