#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A child process started with `posix_spawn`, its standard streams on pipes. Tests use it instead
/// of Foundation's `Process`, whose `run()` on Linux can crash reading `/proc/self/fd`
/// (swiftlang/swift-corelibs-foundation#5472; seen in CI).
final class ChildProcess: @unchecked Sendable {
    struct SpawnError: Error, CustomStringConvertible {
        let call: String
        let code: Int32
        var description: String { "\(call) failed: \(String(cString: strerror(code)))" }
    }

    let pid: pid_t
    /// Parent ends of the pipes: write to `stdin`, read `stdout` and `stderr`.
    private(set) var stdin: Int32
    let stdout: Int32
    let stderr: Int32

    init(_ executable: String, _ arguments: [String]) throws {
        var fds: [Int32] = []
        defer { for fd in fds where fd >= 0 { close(fd) } }
        func makePipe() throws -> (read: Int32, write: Int32) {
            var ends: [Int32] = [0, 0]
            guard pipe(&ends) == 0 else { throw SpawnError(call: "pipe", code: errno) }
            // Other tests spawn concurrently: their children must not inherit our ends.
            _ = fcntl(ends[0], F_SETFD, FD_CLOEXEC)
            _ = fcntl(ends[1], F_SETFD, FD_CLOEXEC)
            return (ends[0], ends[1])
        }
        let input = try makePipe()
        let output = try makePipe()
        let error = try makePipe()
        // Closed on return unless handed to self; the child's ends always.
        fds = [input.read, output.write, error.write]

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, input.read, 0)
        posix_spawn_file_actions_adddup2(&actions, output.write, 1)
        posix_spawn_file_actions_adddup2(&actions, error.write, 2)

        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for arg in argv { free(arg) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard result == 0 else {
            for fd in [input.write, output.read, error.read] { close(fd) }
            throw SpawnError(call: "posix_spawn", code: result)
        }
        pid = child
        stdin = input.write
        stdout = output.read
        stderr = error.read
    }

    deinit {
        closeStdin()
        close(stdout)
        close(stderr)
    }

    /// Writes all of `bytes` to the child's standard input (retrying interrupted and partial writes).
    func write(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count, stdin >= 0 {
            let n = bytes.withUnsafeBytes { Glibc.write(stdin, $0.baseAddress! + done, $0.count - done) }
            if n > 0 {
                done += n
            } else if !(n < 0 && errno == EINTR) {
                return
            }
        }
    }

    func closeStdin() {
        if stdin >= 0 { close(stdin) }
        stdin = -1
    }

    /// Everything the child writes to `fd` until it closes it (retrying interrupted reads).
    static func readToEnd(_ fd: Int32) -> [UInt8] {
        var data: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n > 0 {
                data.append(contentsOf: chunk[0..<n])
            } else if n == 0 || errno != EINTR {
                return data
            }
        }
    }

    func terminate() { kill(pid, SIGTERM) }

    /// Blocks until the child exits: its exit status, or the signal that ended it (as Foundation's
    /// `terminationStatus` reports it).
    func waitForExit() -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        let signal = status & 0x7f
        return signal == 0 ? (status >> 8) & 0xff : signal
    }
}
