import Synchronization

/// Waits for `operation` at most `limit`: its value, or nil when the time ran out first (the
/// operation then goes on unobserved). Kafka's `poll(100 ms)` never blocks longer than asked,
/// while our consumer's poll waits for the group coordinator; the perf tool must still give up
/// after `--timeout` when the cluster does not answer.
func withDeadline<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async throws -> T) async throws -> T? {
    let gate = DeadlineGate<T>()
    return try await withCheckedThrowingContinuation { continuation in
        gate.arm(continuation)
        let timer = Task {
            try? await Task.sleep(for: limit)
            if !Task.isCancelled { gate.resume(with: .success(nil)) }
        }
        Task {
            let result: Result<T?, any Error>
            do {
                result = .success(try await operation())
            } catch {
                result = .failure(error)
            }
            timer.cancel()
            gate.resume(with: result)
        }
    }
}

/// Resumes a continuation once, whichever side comes first.
private final class DeadlineGate<T: Sendable>: Sendable {
    private let continuation = Mutex<CheckedContinuation<T?, any Error>?>(nil)

    func arm(_ value: CheckedContinuation<T?, any Error>) {
        continuation.withLock { $0 = value }
    }

    func resume(with result: Result<T?, any Error>) {
        continuation.withLock { stored -> CheckedContinuation<T?, any Error>? in
            defer { stored = nil }
            return stored
        }?.resume(with: result)
    }
}
