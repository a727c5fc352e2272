/// Kafka's `ThroughputThrottler`: when the rate so far exceeds the target, sleep off the
/// accumulated "one interval per record" deficit in slices of at least 2 ms. A negative target
/// never throttles; a target of 0 blocks for good once throttling starts (as Kafka's does).
/// Sleeps are `Task.sleep`, so a throttled run never holds a cooperative-pool thread.
struct ThroughputThrottler {
    private static let nanosPerSecond: Double = 1_000_000_000
    private static let minimumSleepNanos: Int64 = 2_000_000

    let startMs: Int64
    let targetThroughput: Double
    private let sleepTimeNanos: Int64
    private var sleepDeficitNanos: Int64 = 0

    init(targetThroughput: Double, startMs: Int64) {
        self.startMs = startMs
        self.targetThroughput = targetThroughput
        // Java's (long) cast of a huge double saturates, as Int64(clamping:) does here.
        sleepTimeNanos = targetThroughput > 0 ? Self.saturatingInt64(Self.nanosPerSecond / targetThroughput) : Int64.max
    }

    private static func saturatingInt64(_ value: Double) -> Int64 {
        if value.isNaN { return 0 }
        if value >= 9.2e18 { return .max }
        return Int64(value)
    }

    /// Whether `amountSoFar` sent by `sendStartMs` is ahead of the target rate.
    func shouldThrottle(amountSoFar: Int64, sendStartMs: Int64) -> Bool {
        if targetThroughput < 0 { return false }
        // Java computes the elapsed seconds as a float.
        let elapsedSeconds = Float(sendStartMs - startMs) / 1000
        return elapsedSeconds > 0 && Double(amountSoFar) / Double(elapsedSeconds) > targetThroughput
    }

    mutating func throttle() async {
        if targetThroughput == 0 {
            // Kafka waits for a wakeup that the perf tool never sends.
            while !Task.isCancelled { try? await Task.sleep(for: .seconds(3600)) }
            return
        }
        let (sum, overflow) = sleepDeficitNanos.addingReportingOverflow(sleepTimeNanos)
        sleepDeficitNanos = overflow ? .max : sum
        guard sleepDeficitNanos >= Self.minimumSleepNanos else { return }
        let start = ContinuousClock.now
        var remaining = sleepDeficitNanos
        while remaining > 0, !Task.isCancelled {
            try? await Task.sleep(for: .nanoseconds(remaining))
            let elapsed = ContinuousClock.now - start
            let elapsedNanos = elapsed.components.seconds * 1_000_000_000 + elapsed.components.attoseconds / 1_000_000_000
            remaining = sleepDeficitNanos - elapsedNanos
        }
        sleepDeficitNanos = 0
    }
}
