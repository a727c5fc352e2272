import Foundation
import KafkaClient
import NIOCore

/// The run of `ProducerPerformance.start`: create the producer, send `numRecords` records
/// through the throttler, then print the summary (and the metrics).
struct ProducerPerformance {
    let config: ProducerPerformanceConfig
    let console: ToolConsole

    func run() async throws {
        if config.transactionsEnabled {
            // KafkaProducer has no transaction support (InitProducerId with a transactional id,
            // AddPartitionsToTxn, EndTxn): refuse rather than send non-transactionally.
            throw UncaughtJavaException(
                className: "java.lang.UnsupportedOperationException",
                message: "kafkit's producer does not support transactions (transactional.id=\(config.producerProperties["transactional.id"] ?? ""))")
        }
        let producer = try Self.makeProducer(config.producerProperties)
        let startedMs = ProducerPerformanceStats.currentTimeMillis()
        let stats = ProducerPerformanceStats(numRecords: config.numRecords, console: console)
        var throttler = ThroughputThrottler(targetThroughput: config.throughput, startMs: ProducerPerformanceStats.currentTimeMillis())
        let batches = await Self.sendAll(producer, config: config, stats: stats, throttler: &throttler, console: console)
        if !config.printMetrics {
            await producer.close()
            await Self.awaitCallbacks(of: batches)
            console.println(stats.totalLine())
        } else {
            await producer.flush()
            await Self.awaitCallbacks(of: batches)
            console.println(stats.totalLine())
            PerfMetrics.print(
                Self.metrics(stats, clientId: config.producerProperties["client.id"] ?? "", startedMs: startedMs), console: console)
            await producer.close()
        }
    }

    /// `new KafkaProducer<>(props)`: configuration problems escape as `ConfigException`.
    static func makeProducer(_ properties: [String: String]) throws -> KafkaProducer {
        guard let servers = properties["bootstrap.servers"] else {
            throw UncaughtJavaException(
                className: "org.apache.kafka.common.config.ConfigException",
                message: "Missing required configuration \"bootstrap.servers\" which has no default value.")
        }
        do {
            let clientConfig = try ClientConfig(properties: properties)
            if clientConfig.bootstrapServers.isEmpty {
                throw UncaughtJavaException(
                    className: "org.apache.kafka.common.config.ConfigException",
                    message: "No resolvable bootstrap urls given in bootstrap.servers")
            }
            _ = servers
            return try KafkaProducer(config: clientConfig)
        } catch let error as KafkaError {
            throw PerfErrors.uncaught(error)
        }
    }

    /// A batch's completion callbacks run in the order they were added, so once a later waiter on
    /// every batch has resumed, every stats callback has run (flush/close may return before that).
    static func awaitCallbacks(of batches: [DeliveryHandle]) async {
        for batch in batches { _ = try? await batch.result() }
    }

    /// The send loop, run on the producer's actor so that a record costs no executor hop.
    /// Records of one batch complete together, so one callback per batch records them all.
    /// Returns one handle per watched batch.
    static func sendAll(
        _ producer: isolated KafkaProducer, config: ProducerPerformanceConfig, stats: ProducerPerformanceStats,
        throttler: inout ThroughputThrottler, console: ToolConsole
    ) async -> [DeliveryHandle] {
        var watched: [DeliveryHandle] = []
        var random = SplittableRandom(seed: 0)
        var payload = ByteBuffer()
        if case .recordSize(let size) = config.payload {
            payload = ByteBufferAllocator().buffer(capacity: size)
            payload.writeRepeatingByte(0, count: size)
        }
        var pending: PendingBatch?
        for index in 0..<config.numRecords {
            switch config.payload {
            case .recordSize:
                payload.withUnsafeMutableReadableBytes { random.fillUppercase($0) }
            case .entries(let entries):
                let pick = Int(random.nextInt(bound: Int32(clamping: entries.count)))
                payload.clear()
                payload.writeBytes(entries[pick])
            case .monotonic:
                payload.clear()
                payload.writeString(String(index))
            }
            let sendStartMs = ProducerPerformanceStats.currentTimeMillis()
            let send = PendingSend(startMs: sendStartMs, bytes: Int32(truncatingIfNeeded: payload.readableBytes))
            do {
                let handle = try await producer.send(ProducerRecord(topic: config.topic, value: payload))
                if let current = pending, current.handle.isSameBatch(as: handle) {
                    pending?.sends.append(send)
                } else {
                    if let pending {
                        watch(pending, stats: stats, console: console)
                        watched.append(pending.handle)
                    }
                    pending = PendingBatch(handle: handle, sends: [send])
                }
            } catch {
                // Kafka's callback gets the exception: printed, not counted.
                console.printlnError(PerfErrors.stackTraceLine(error))
                stats.recordErrors(1)
            }
            if throttler.shouldThrottle(amountSoFar: index, sendStartMs: sendStartMs) {
                await throttler.throttle()
            }
        }
        if let pending {
            watch(pending, stats: stats, console: console)
            watched.append(pending.handle)
        }
        return watched
    }

    /// The records of one producer batch, acknowledged (or failed) together.
    struct PendingBatch {
        let handle: DeliveryHandle
        var sends: [PendingSend]
    }

    static func watch(_ batch: PendingBatch, stats: ProducerPerformanceStats, console: ToolConsole) {
        let sends = batch.sends
        batch.handle.whenComplete { result in
            let now = ProducerPerformanceStats.currentTimeMillis()
            switch result {
            case .success:
                stats.record(sends: sends, completedAt: now)
            case .failure(let error):
                let line = PerfErrors.stackTraceLine(error)
                for _ in sends { console.printlnError(line) }
                stats.recordErrors(sends.count)
            }
        }
    }

    /// What this tool measures itself, under the names Kafka's producer metrics use for the same
    /// quantities. Rates are over the whole run (Kafka's are over a 30 s window).
    static func metrics(_ stats: ProducerPerformanceStats, clientId: String, startedMs: Int64) -> [PerfMetrics.Metric] {
        let snapshot = stats.counts
        let elapsedSeconds = max(Double(ProducerPerformanceStats.currentTimeMillis() - snapshot.start) / 1000, 0.001)
        let tags = "{client-id=\(clientId)}"
        return [
            .init(group: "app-info", name: "start-time-ms", tags: tags, value: .text(String(startedMs))),
            .init(group: "app-info", name: "version", tags: tags, value: .text(ClientConfig.defaultSoftwareVersion)),
            .init(group: "producer-metrics", name: "record-error-rate", tags: tags, value: .double(Double(snapshot.errors) / elapsedSeconds)),
            .init(group: "producer-metrics", name: "record-error-total", tags: tags, value: .double(Double(snapshot.errors))),
            .init(group: "producer-metrics", name: "record-send-rate", tags: tags, value: .double(Double(snapshot.count) / elapsedSeconds)),
            .init(group: "producer-metrics", name: "record-send-total", tags: tags, value: .double(Double(snapshot.count))),
        ]
    }
}

extension ProducerPerformanceStats {
    /// Counters without the latency sample.
    var counts: (start: Int64, count: Int64, errors: Int64) {
        let s = snapshot
        return (s.start, s.count, s.errors)
    }
}

/// How the perf tools report client errors the way the JVM prints the exceptions.
enum PerfErrors {
    static func javaClass(_ error: KafkaError) -> String {
        switch error {
        case .invalidConfig: "org.apache.kafka.common.config.ConfigException"
        case .timeout: "org.apache.kafka.common.errors.TimeoutException"
        case .broker(let code, _, _): code == .messageTooLarge ? "org.apache.kafka.common.errors.RecordTooLargeException" : "org.apache.kafka.common.KafkaException"
        default: "org.apache.kafka.common.KafkaException"
        }
    }

    static func message(_ error: KafkaError) -> String {
        switch error {
        case let .invalidConfig(key, value, reason):
            key == "bootstrap.servers" ? reason : "Invalid value \(value) for configuration \(key): \(reason)"
        case let .broker(.messageTooLarge, message?, _): message
        default: error.description
        }
    }

    static func uncaught(_ error: KafkaError) -> UncaughtJavaException {
        UncaughtJavaException(className: javaClass(error), message: message(error))
    }

    /// The first line `printStackTrace()` writes.
    static func stackTraceLine(_ error: any Error) -> String {
        if let kafka = error as? KafkaError { return uncaught(kafka).description }
        if let exhausted = error as? BufferExhaustedError { return "\(BufferExhaustedError.javaClassName): \(exhausted.message)" }
        return "org.apache.kafka.common.KafkaException: \(error)"
    }
}
