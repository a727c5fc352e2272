import KafkaClient
import Synchronization

/// The run of `ConsumerPerformance.main`: subscribe, poll until `--messages` records arrived (or
/// none came for `--timeout` ms), then print the summary line (or, with `--show-detailed-stats`,
/// a line per reporting interval).
struct ConsumerPerformance {
    let options: ConsumerPerformanceOptions
    let console: ToolConsole

    static func header(detailed: Bool) -> String {
        let newFields = ", rebalance.time.ms, fetch.time.ms, fetch.MB.sec, fetch.nMsg.sec"
        return detailed
            ? "time, threadId, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec" + newFields
            : "start.time, end.time, data.consumed.in.MB, MB.sec, data.consumed.in.nMsg, nMsg.sec" + newFields
    }

    struct Totals {
        var messages: Int64 = 0
        var bytes: Int64 = 0
    }

    func run() async throws {
        let properties = try options.properties()
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(config: try ClientConfig(properties: properties))
        } catch let error as KafkaError {
            throw PerfErrors.uncaught(error)
        }
        let startMs = ProducerPerformanceStats.currentTimeMillis()
        let rebalance = RebalanceTimes(joinStartMs: startMs)
        let totals: Totals
        do {
            totals = try await consume(consumer, rebalance: rebalance)
        } catch {
            await Self.close(consumer)
            throw error
        }
        let endMs = ProducerPerformanceStats.currentTimeMillis()
        let metrics = options.printMetrics
            ? Self.metrics(totals, clientId: properties["client.id"] ?? "", startMs: startMs, endMs: endMs) : []
        await Self.close(consumer)
        let elapsedSeconds = Double(endMs - startMs) / 1000.0
        let joinTimeMs = rebalance.totalJoinTimeMs
        let fetchTimeMs = (endMs - startMs) - joinTimeMs
        if !options.showDetailedStats {
            let dateFormat = try options.dateFormat()
            let totalMb = Double(totals.bytes) / (1024 * 1024)
            console.println([
                dateFormat.format(epochMillis: startMs),
                dateFormat.format(epochMillis: endMs),
                JavaFloatFormat.fixed(totalMb, precision: 4),
                JavaFloatFormat.fixed(totalMb / elapsedSeconds, precision: 4),
                String(totals.messages),
                JavaFloatFormat.fixed(Double(totals.messages) / elapsedSeconds, precision: 4),
                String(joinTimeMs),
                String(fetchTimeMs),
                JavaFloatFormat.fixed(totalMb / (Double(fetchTimeMs) / 1000.0), precision: 4),
                JavaFloatFormat.fixed(Double(totals.messages) / (Double(fetchTimeMs) / 1000.0), precision: 4),
            ].joined(separator: ", "))
        }
        PerfMetrics.print(metrics, console: console)
    }

    /// `consume`: the count is checked between polls only, so a run may read more than asked.
    func consume(_ consumer: KafkaConsumer, rebalance: RebalanceTimes) async throws -> Totals {
        let numMessages = try options.numMessages()
        let recordFetchTimeoutMs = try options.recordFetchTimeoutMs()
        let reportingIntervalMs = try options.reportingIntervalMs()
        let detailed = options.showDetailedStats
        let dateFormat = try options.dateFormat()
        await consumer.setRebalanceListener { event in rebalance.handle(event) }
        try await consumer.subscribe([options.topic])
        var currentTimeMs = ProducerPerformanceStats.currentTimeMillis()
        var lastReportTimeMs = currentTimeMs
        var lastConsumedTimeMs = currentTimeMs
        var totals = Totals()
        var lastBytes: Int64 = 0
        var lastMessages: Int64 = 0
        // Kafka replaces its per-round counter after the first report while the listener keeps
        // adding to the old one, so later rounds print 0: the same here.
        var round = rebalance.currentRound
        while totals.messages < numMessages && currentTimeMs - lastConsumedTimeMs <= recordFetchTimeoutMs {
            // Waiting beyond the timeout cannot change the outcome: give up on a poll still
            // looking for the cluster then.
            let patience = max(recordFetchTimeoutMs - (currentTimeMs - lastConsumedTimeMs), 0) + 100
            let records = try await withDeadline(.milliseconds(patience)) {
                try await consumer.poll(timeout: .milliseconds(100))
            } ?? []
            currentTimeMs = ProducerPerformanceStats.currentTimeMillis()
            if !records.isEmpty { lastConsumedTimeMs = currentTimeMs }
            for record in records {
                totals.messages += 1
                totals.bytes += Int64(record.key?.readableBytes ?? 0) + Int64(record.value?.readableBytes ?? 0)
                if currentTimeMs - lastReportTimeMs >= reportingIntervalMs {
                    if detailed {
                        console.printlnFlushed(Self.progressLine(
                            bytes: totals.bytes, lastBytes: lastBytes, messages: totals.messages, lastMessages: lastMessages,
                            startMs: lastReportTimeMs, endMs: currentTimeMs, dateFormat: dateFormat, joinTimeMsInRound: round.value))
                    }
                    round = JoinRound()
                    lastReportTimeMs = currentTimeMs
                    lastMessages = totals.messages
                    lastBytes = totals.bytes
                }
            }
        }
        if totals.messages < numMessages {
            console.printlnFlushed("WARNING: Exiting before consuming the expected number of messages: timeout (\(recordFetchTimeoutMs) ms) exceeded. You can use the --timeout option to increase the timeout.")
        }
        return totals
    }

    /// `consumer.close()`, bounded by Kafka's default close timeout of 30 s.
    static func close(_ consumer: KafkaConsumer) async {
        _ = try? await withDeadline(.seconds(30)) { await consumer.close() }
    }

    /// `printConsumerProgress` (threadId is always 0).
    static func progressLine(
        bytes: Int64, lastBytes: Int64, messages: Int64, lastMessages: Int64, startMs: Int64, endMs: Int64,
        dateFormat: SimpleDateFormat, joinTimeMsInRound: Int64
    ) -> String {
        let elapsedMs = Double(endMs - startMs)
        let totalMb = Double(bytes) / (1024 * 1024)
        let intervalMb = Double(bytes - lastBytes) / (1024 * 1024)
        let intervalMbPerSec = 1000.0 * intervalMb / elapsedMs
        let intervalMessagesPerSec = Double(messages - lastMessages) / elapsedMs * 1000.0
        let fetchTimeMs = endMs - startMs - joinTimeMsInRound
        let fetchMbPerSec = fetchTimeMs <= 0 ? 0.0 : 1000.0 * intervalMb / Double(fetchTimeMs)
        let fetchMessagesPerSec = fetchTimeMs <= 0 ? 0.0 : 1000.0 * Double(messages - lastMessages) / Double(fetchTimeMs)
        return [
            dateFormat.format(epochMillis: endMs), "0",
            JavaFloatFormat.fixed(totalMb, precision: 4),
            JavaFloatFormat.fixed(intervalMbPerSec, precision: 4),
            String(messages),
            JavaFloatFormat.fixed(intervalMessagesPerSec, precision: 4),
            String(joinTimeMsInRound),
            String(fetchTimeMs),
            JavaFloatFormat.fixed(fetchMbPerSec, precision: 4),
            JavaFloatFormat.fixed(fetchMessagesPerSec, precision: 4),
        ].joined(separator: ", ")
    }

    /// What this tool counts itself, under the consumer fetch metrics' names. Rates are over
    /// the whole run (Kafka's are over a 30 s window).
    static func metrics(_ totals: Totals, clientId: String, startMs: Int64, endMs: Int64) -> [PerfMetrics.Metric] {
        let seconds = max(Double(endMs - startMs) / 1000, 0.001)
        let tags = "{client-id=\(clientId)}"
        let group = "consumer-fetch-manager-metrics"
        return [
            .init(group: "app-info", name: "start-time-ms", tags: tags, value: .text(String(startMs))),
            .init(group: "app-info", name: "version", tags: tags, value: .text(ClientConfig.defaultSoftwareVersion)),
            .init(group: group, name: "bytes-consumed-rate", tags: tags, value: .double(Double(totals.bytes) / seconds)),
            .init(group: group, name: "bytes-consumed-total", tags: tags, value: .double(Double(totals.bytes))),
            .init(group: group, name: "records-consumed-rate", tags: tags, value: .double(Double(totals.messages) / seconds)),
            .init(group: group, name: "records-consumed-total", tags: tags, value: .double(Double(totals.messages))),
        ]
    }

    /// The exception `main` reports for `error` (message first, then `toString`).
    static func javaException(_ error: any Error) -> UncaughtJavaException {
        switch error {
        case let exception as UncaughtJavaException: exception
        case let jopt as JoptError: jopt.uncaught
        case let kafka as KafkaError: PerfErrors.uncaught(kafka)
        default: UncaughtJavaException(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
        }
    }
}

/// A per-round join time counter (`AtomicLong joinTimeMsInSingleRound`).
final class JoinRound: Sendable {
    private let milliseconds = Atomic<Int64>(0)
    func add(_ value: Int64) { milliseconds.add(value, ordering: .relaxed) }
    var value: Int64 { milliseconds.load(ordering: .relaxed) }
}

/// `ConsumerPerfRebListener`: time from the start (or from losing every partition) until
/// partitions are assigned again counts as rebalance time.
final class RebalanceTimes: Sendable {
    private struct State {
        var joinTimeMs: Int64 = 0
        var joinStartMs: Int64
        var assigned: Set<TopicPartition> = []
    }

    private let state: Mutex<State>
    let currentRound = JoinRound()

    init(joinStartMs: Int64) { state = Mutex(State(joinStartMs: joinStartMs)) }

    var totalJoinTimeMs: Int64 { state.withLock { $0.joinTimeMs } }

    func handle(_ event: RebalanceEvent) {
        let now = ProducerPerformanceStats.currentTimeMillis()
        state.withLock { state in
            switch event {
            case .revoked(let partitions):
                state.assigned.subtract(partitions)
                if state.assigned.isEmpty { state.joinStartMs = now }
            case .assigned(let partitions):
                if state.assigned.isEmpty {
                    let elapsed = now - state.joinStartMs
                    state.joinTimeMs += elapsed
                    currentRound.add(elapsed)
                }
                state.assigned.formUnion(partitions)
            }
        }
    }
}
