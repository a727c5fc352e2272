import Foundation
import Synchronization

/// `ProducerPerformance.Stats`: counts acknowledged records, prints a window line when a
/// completion arrives 5 s or more after the window opened, and keeps a sample of at most
/// ~500,000 latencies for the percentiles of the summary. Completions arrive on event-loop
/// threads, so the state sits behind a mutex.
final class ProducerPerformanceStats: Sendable {
    struct State {
        var start: Int64
        var latencies: [Int32]
        var sampling: Int64
        var iteration: Int64 = 0
        var index = 0
        var count: Int64 = 0
        var bytes: Int64 = 0
        var maxLatency: Int32 = 0
        var totalLatency: Int64 = 0
        var windowCount: Int64 = 0
        var windowMaxLatency: Int32 = 0
        var windowTotalLatency: Int64 = 0
        var windowBytes: Int64 = 0
        var windowStart: Int64
        var errors: Int64 = 0
    }

    static let reportingIntervalMs: Int64 = 5000

    private let state: Mutex<State>
    private let console: ToolConsole
    private let reportingIntervalMs: Int64

    init(numRecords: Int64, console: ToolConsole, reportingIntervalMs: Int64 = ProducerPerformanceStats.reportingIntervalMs) {
        let now = Self.currentTimeMillis()
        let sampling = numRecords / min(numRecords, 500_000)
        let size = Int(numRecords / sampling) + 1
        state = Mutex(State(start: now, latencies: [Int32](repeating: 0, count: size), sampling: sampling, windowStart: now))
        self.console = console
        self.reportingIntervalMs = reportingIntervalMs
    }

    /// `System.currentTimeMillis()`.
    static func currentTimeMillis() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }

    /// One acknowledged record (`Stats.record`): called for each record of a completed batch,
    /// in send order, as Kafka's per-record callbacks are.
    func record(sends: [PendingSend], completedAt now: Int64) {
        state.withLock { stats in
            for send in sends {
                let latency = Int32(clamping: now - send.startMs)
                stats.count += 1
                stats.bytes += Int64(send.bytes)
                stats.totalLatency += Int64(latency)
                stats.maxLatency = max(stats.maxLatency, latency)
                stats.windowCount += 1
                stats.windowBytes += Int64(send.bytes)
                stats.windowTotalLatency += Int64(latency)
                stats.windowMaxLatency = max(stats.windowMaxLatency, latency)
                if stats.iteration % stats.sampling == 0, stats.index < stats.latencies.count {
                    stats.latencies[stats.index] = latency
                    stats.index += 1
                }
                if now - stats.windowStart >= reportingIntervalMs {
                    console.printlnFlushed(Self.windowLine(stats, now: Self.currentTimeMillis()))
                    stats.windowStart = Self.currentTimeMillis()
                    stats.windowCount = 0
                    stats.windowMaxLatency = 0
                    stats.windowTotalLatency = 0
                    stats.windowBytes = 0
                }
                stats.iteration += 1
            }
        }
    }

    func recordErrors(_ count: Int) {
        state.withLock { $0.errors += Int64(count) }
    }

    static func windowLine(_ stats: State, now: Int64) -> String {
        let elapsed = Double(now - stats.windowStart)
        let recordsPerSecond = 1000.0 * Double(stats.windowCount) / elapsed
        let megabytesPerSecond = 1000.0 * Double(stats.windowBytes) / elapsed / (1024.0 * 1024.0)
        return "\(stats.windowCount) records sent, \(JavaFloatFormat.fixed(recordsPerSecond, precision: 1)) records/sec "
            + "(\(JavaFloatFormat.fixed(megabytesPerSecond, precision: 2)) MB/sec), "
            + "\(JavaFloatFormat.fixed(Double(stats.windowTotalLatency) / Double(stats.windowCount), precision: 1)) ms avg latency, "
            + "\(JavaFloatFormat.fixed(Double(stats.windowMaxLatency), precision: 1)) ms max latency."
    }

    /// The summary line (`Stats.printTotal`).
    func totalLine() -> String {
        let now = Self.currentTimeMillis()
        return state.withLock { Self.totalLine(&$0, now: now) }
    }

    static func totalLine(_ stats: inout State, now: Int64) -> String {
        let elapsed = Double(now - stats.start)
        let recordsPerSecond = 1000.0 * Double(stats.count) / elapsed
        let megabytesPerSecond = 1000.0 * Double(stats.bytes) / elapsed / (1024.0 * 1024.0)
        let percentiles = Self.percentiles(&stats.latencies, count: stats.index, [0.5, 0.95, 0.99, 0.999])
        return "\(stats.count) records sent, \(JavaFloatFormat.fixed(recordsPerSecond, precision: 1)) records/sec "
            + "(\(JavaFloatFormat.fixed(megabytesPerSecond, precision: 2)) MB/sec), "
            + "\(JavaFloatFormat.fixed(Double(stats.totalLatency) / Double(stats.count), precision: 2)) ms avg latency, "
            + "\(JavaFloatFormat.fixed(Double(stats.maxLatency), precision: 2)) ms max latency, "
            + "\(percentiles[0]) ms 50th, \(percentiles[1]) ms 95th, \(percentiles[2]) ms 99th, \(percentiles[3]) ms 99.9th."
    }

    /// Sorts the sampled prefix and reads index `(int)(p × n)` of it.
    static func percentiles(_ latencies: inout [Int32], count: Int, _ ps: [Double]) -> [Int32] {
        let size = min(count, latencies.count)
        latencies[0..<size].sort()
        return ps.map { p in
            let index = Int(p * Double(size))
            return index < latencies.count ? latencies[index] : 0
        }
    }

    var snapshot: State { state.withLock { $0 } }
}

/// One record handed to the producer: when (`System.currentTimeMillis()`) and how many bytes.
struct PendingSend: Sendable {
    var startMs: Int64
    var bytes: Int32
}
