/// The producer's `buffer.memory` accounting, as Java's `BufferPool` (clients/.../producer/internals/
/// BufferPool.java) keeps it: every batch takes `max(batch.size, its first record's size bound)`
/// bytes when it opens and gives them back when it completes (acknowledged or failed). An
/// allocation that does not fit waits in a FIFO queue: freed memory goes to the longest waiter
/// first, which keeps what it gathered until it has all it asked for, or gives it back when
/// `max.block.ms` runs out. Bookkeeping only: buffers themselves are the batches' own.
struct ProducerBufferPool {
    struct Waiter {
        let id: UInt64
        let size: Int
        var accumulated = 0
        let continuation: CheckedContinuation<Void, any Error>
    }

    let totalMemory: Int
    /// `batch.size`: the size Java keeps pooled (only reported here).
    let poolableSize: Int
    /// Memory neither held by a batch nor gathered by a waiter.
    private(set) var available: Int
    private var waiters: [Waiter] = []

    init(totalMemory: Int, poolableSize: Int) {
        self.totalMemory = totalMemory
        self.poolableSize = poolableSize
        available = totalMemory
    }

    var waiterCount: Int { waiters.count }

    /// The immediate path of `BufferPool.allocate`: taken when enough memory is free now. What
    /// is left then goes to the waiters (`signalNextWaiterIfMemoryAvailable`); the ones it
    /// satisfies are returned, to resume.
    mutating func tryAllocate(_ size: Int) -> (allocated: Bool, satisfied: [Waiter]) {
        guard available >= size else { return (false, []) }
        available -= size
        return (true, waiters.isEmpty ? [] : feedWaiters())
    }

    /// Queues an allocation that must wait (after `tryAllocate` failed).
    mutating func enqueue(_ waiter: Waiter) { waiters.append(waiter) }

    /// Gives `size` bytes back and hands free memory to the waiters in order; returns the ones
    /// now satisfied (to resume).
    mutating func deallocate(_ size: Int) -> [Waiter] {
        available = min(available + size, totalMemory)
        return feedWaiters()
    }

    /// A waiter whose time ran out: its gathered memory goes back (to the next waiters), and the
    /// exhausted message tells the memory free at that moment (`BufferExhaustedException`).
    mutating func timeOut(id: UInt64, maxBlockMs: Int64) -> (waiter: Waiter, message: String, satisfied: [Waiter])? {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return nil }
        let waiter = waiters.remove(at: index)
        let message = "Failed to allocate \(waiter.size) bytes within the configured max blocking time \(maxBlockMs) ms. "
            + "Total memory: \(totalMemory) bytes. Available memory: \(available) bytes. Poolable size: \(poolableSize) bytes"
        available += waiter.accumulated
        return (waiter, message, feedWaiters())
    }

    /// Every waiter, to fail when the producer closes; their gathered memory comes back.
    mutating func removeAllWaiters() -> [Waiter] {
        let all = waiters
        waiters = []
        for waiter in all { available += waiter.accumulated }
        return all
    }

    private mutating func feedWaiters() -> [Waiter] {
        var satisfied: [Waiter] = []
        while available > 0, !waiters.isEmpty {
            let got = min(waiters[0].size - waiters[0].accumulated, available)
            available -= got
            waiters[0].accumulated += got
            guard waiters[0].accumulated == waiters[0].size else { break }
            satisfied.append(waiters.removeFirst())
        }
        return satisfied
    }
}

/// Java's `BufferExhaustedException` (a `TimeoutException`): no room in `buffer.memory` for a new
/// batch within `max.block.ms`.
public struct BufferExhaustedError: Error, Sendable, Hashable, CustomStringConvertible {
    public static let javaClassName = "org.apache.kafka.clients.producer.BufferExhaustedException"
    public let message: String
    public var description: String { message }
}
