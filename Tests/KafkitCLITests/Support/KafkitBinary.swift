import Foundation

/// Runs the built `kafkit` binary for end-to-end tests. The blocking parts (pipe reads, waiting
/// for the exit) run on a Dispatch queue, never on Swift's cooperative pool: the in-process test
/// broker runs on that pool, and a child process talking to it while pool threads sit blocked
/// would deadlock a two-core machine.
enum KafkitBinary {
    /// `.build/<config>/kafkit`, next to the test bundle.
    static var path: String? {
        let path = Bundle.module.bundleURL.deletingLastPathComponent().path + "/kafkit"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) async throws
        -> (code: Int32, out: String, err: String)
    {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                do {
                    continuation.resume(returning: try runBlocking(executable, arguments, stdin: stdin))
                } catch {
                    continuation.resume(throwing: error)
                }
            }
        }
    }

    /// Waits for `process` to exit (after reading its stderr to the end) off the cooperative pool.
    static func waitForExit(_ process: Process, stderr: Pipe) async -> (code: Int32, err: String) {
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = readToEnd(stderr.fileHandleForReading)
                process.waitUntilExit()
                continuation.resume(returning: (process.terminationStatus, String(decoding: data, as: UTF8.self)))
            }
        }
    }

    /// Reads a pipe to its end. Foundation's `readDataToEndOfFile` traps when a signal interrupts
    /// the read (EINTR); this loop retries.
    static func readToEnd(_ handle: FileHandle) -> Data {
        var data = Data()
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(handle.fileDescriptor, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: chunk[0..<n])
            } else if n == 0 || errno != EINTR {
                return data
            }
        }
    }

    /// Writes all of `data` to a pipe, retrying interrupted and partial writes.
    static func writeAll(_ data: Data, to handle: FileHandle) {
        let bytes = [UInt8](data)
        var done = 0
        while done < bytes.count {
            let n = bytes.withUnsafeBytes { write(handle.fileDescriptor, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if n < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], stdin: Data?) throws
        -> (code: Int32, out: String, err: String)
    {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        let input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = input
        try process.run()
        if let stdin { writeAll(stdin, to: input.fileHandleForWriting) }
        try input.fileHandleForWriting.close()
        // Drain stderr concurrently so a chatty child cannot fill one pipe while we wait on the other.
        nonisolated(unsafe) var errData = Data()
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = readToEnd(err.fileHandleForReading)
            group.leave()
        }
        let outData = readToEnd(out.fileHandleForReading)
        group.wait()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
    }
}
