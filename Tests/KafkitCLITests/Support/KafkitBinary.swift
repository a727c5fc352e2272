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
    static func waitForExit(_ process: ChildProcess) async -> (code: Int32, err: String) {
        return await withCheckedContinuation { continuation in
            DispatchQueue.global().async {
                let data = ChildProcess.readToEnd(process.stderr)
                let code = process.waitForExit()
                continuation.resume(returning: (code, String(decoding: data, as: UTF8.self)))
            }
        }
    }

    private static func runBlocking(_ executable: String, _ arguments: [String], stdin: Data?) throws
        -> (code: Int32, out: String, err: String)
    {
        let process = try ChildProcess(executable, arguments)
        if let stdin { process.write([UInt8](stdin)) }
        process.closeStdin()
        // Drain stderr concurrently so a chatty child cannot fill one pipe while we wait on the other.
        nonisolated(unsafe) var errData: [UInt8] = []
        let group = DispatchGroup()
        group.enter()
        DispatchQueue.global().async {
            errData = ChildProcess.readToEnd(process.stderr)
            group.leave()
        }
        let outData = ChildProcess.readToEnd(process.stdout)
        group.wait()
        let code = process.waitForExit()
        return (code, String(decoding: outData, as: UTF8.self), String(decoding: errData, as: UTF8.self))
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
}
