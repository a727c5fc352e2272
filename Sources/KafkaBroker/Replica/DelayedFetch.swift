import NIOConcurrencyHelpers

/// Fetches parked until data arrives (`DelayedFetch` in the fetch purgatory, keyed by partition).
/// A waiting fetch suspends its task only — the connection's later requests wait behind it as
/// Kafka's do, other connections go on — and resumes when an append to one of its partitions
/// calls `notify`, when its timeout passes, or when its task is cancelled.
public final class DelayedFetchWaiters: Sendable {
    private struct Waiter {
        var partitions: Set<TopicPartition>
        var continuation: CheckedContinuation<Void, Never>
        var timeout: Task<Void, Never>?
    }

    private struct State {
        var nextId: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var byPartition: [TopicPartition: Set<UInt64>] = [:]
        /// Ids fired (cancelled) before their continuation was registered.
        var firedEarly: Set<UInt64> = []
    }

    private let state = NIOLockedValueBox(State())

    public init() {}

    /// Waits until one of `partitions` gets an append or `timeout` passes.
    public func wait(for partitions: Set<TopicPartition>, timeout: Duration) async {
        let id = state.withLockedValue { s -> UInt64 in
            s.nextId += 1
            return s.nextId
        }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let registered = state.withLockedValue { s -> Bool in
                    if s.firedEarly.remove(id) != nil { return false }
                    s.waiters[id] = Waiter(partitions: partitions, continuation: continuation, timeout: nil)
                    for partition in partitions { s.byPartition[partition, default: []].insert(id) }
                    return true
                }
                guard registered else {
                    continuation.resume()
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.fire(id)
                }
                let fired = state.withLockedValue { s -> Bool in
                    guard s.waiters[id] != nil else { return true }
                    s.waiters[id]?.timeout = timer
                    return false
                }
                if fired { timer.cancel() }
            }
        } onCancel: {
            fire(id, early: true)
        }
    }

    /// Wakes every fetch waiting on `partition` (`tryCompleteElseWatch` after an append).
    public func notify(_ partition: TopicPartition) {
        let ids = state.withLockedValue { $0.byPartition[partition] ?? [] }
        for id in ids { fire(id) }
    }

    /// Number of parked fetches (for tests and metrics).
    public var count: Int { state.withLockedValue { $0.waiters.count } }

    private func fire(_ id: UInt64, early: Bool = false) {
        let waiter = state.withLockedValue { s -> Waiter? in
            guard let waiter = s.waiters.removeValue(forKey: id) else {
                if early { s.firedEarly.insert(id) }
                return nil
            }
            for partition in waiter.partitions {
                s.byPartition[partition]?.remove(id)
                if s.byPartition[partition]?.isEmpty == true { s.byPartition[partition] = nil }
            }
            return waiter
        }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume()
    }
}
