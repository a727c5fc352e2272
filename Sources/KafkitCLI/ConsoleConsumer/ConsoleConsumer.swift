import Foundation
import KafkaClient
import KafkaProtocol

/// `ConsoleConsumer.process`: poll, format, count; on every way out print the total on stderr
/// and close the consumer (commit when auto-commit is on, leave the group).
struct ConsoleConsumer {
    let options: ConsoleConsumerOptions
    let console: ToolConsole
    let stop: ConsumerStopSignal

    /// The longest single poll, so a stop request is noticed quickly.
    static let pollSlice: Duration = .milliseconds(200)

    func run() async throws {
        let consumer: KafkaConsumer
        do {
            consumer = try KafkaConsumer(config: try ClientConfig(properties: options.consumerProperties))
        } catch let error as KafkaError {
            console.printlnError("org.apache.kafka.common.KafkaException: Failed to construct kafka consumer")
            console.printlnError("Caused by: org.apache.kafka.common.config.ConfigException: \(error.description)")
            throw ToolExit.failure
        }
        var processed = 0
        var failure: (any Error)?
        do {
            try await start(consumer)
            try await consume(consumer, processed: &processed)
        } catch let error as ReceiveTimeout {
            _ = error
            logError("Error processing message, terminating consumer process: ", "org.apache.kafka.common.errors.TimeoutException")
        } catch {
            failure = error
        }
        if let failure, !(failure is ToolExit) {
            let exception = (failure as? FormatterFailure)?.description ?? "org.apache.kafka.common.KafkaException: \(failure)"
            logError("Unknown error when running consumer: ", exception)
        }
        console.flush()
        await consumer.close()
        console.printlnError("Processed a total of \(processed) messages")
        if options.enableSystestEvents { console.println("shutdown_complete") }
        if let failure {
            throw (failure as? ToolExit) ?? ToolExit.failure
        }
    }

    struct ReceiveTimeout: Error {}

    /// `ConsumerWrapper`'s constructor: assign-and-seek, topic subscription or pattern.
    func start(_ consumer: KafkaConsumer) async throws {
        if let topic = options.topic {
            if let partition = options.partition {
                let tp = TopicPartition(topic, partition)
                await consumer.assign([tp])
                switch options.startOffset {
                case .earliest: try await consumer.seekToBeginning([tp])
                case .latest: try await consumer.seekToEnd([tp])
                case let .offset(offset): try await consumer.seek(tp, offset: offset)
                }
            } else {
                try await consumer.subscribe([topic])
            }
        } else if let include = options.include {
            try await subscribe(consumer, pattern: include)
        }
    }

    /// `subscribe(Pattern)`: the topics whose whole name matches, re-checked while none match.
    func subscribe(_ consumer: KafkaConsumer, pattern: String) async throws {
        let regex = try NSRegularExpression(pattern: "^(?:\(pattern))$")
        let response = try await consumer.cluster.refreshMetadata(topics: nil)
        let names = response.topics.compactMap(\.name).filter { name in
            !name.hasPrefix("__") && regex.firstMatch(in: name, range: NSRange(name.startIndex..., in: name)) != nil
        }
        try await consumer.subscribe(names)
    }

    func consume(_ consumer: KafkaConsumer, processed: inout Int) async throws {
        let maxMessages = options.maxMessages
        var output: [UInt8] = []
        output.reserveCapacity(64 * 1024)
        var lastReceive = ContinuousClock.now
        while !stop.isRequested {
            if let maxMessages, processed >= maxMessages { return }
            let slice = options.timeoutMs.map { min(Duration.milliseconds($0), Self.pollSlice) } ?? Self.pollSlice
            let records = try await consumer.poll(timeout: slice)
            if records.isEmpty {
                if let timeoutMs = options.timeoutMs, ContinuousClock.now - lastReceive > .milliseconds(timeoutMs) {
                    throw ReceiveTimeout()
                }
                if options.include != nil, await consumer.assignment().isEmpty, let include = options.include {
                    try await subscribe(consumer, pattern: include)
                }
                continue
            }
            lastReceive = .now
            for (index, record) in records.enumerated() {
                if let maxMessages, processed >= maxMessages {
                    try await rewind(consumer, Array(records[index...]))
                    break
                }
                processed += 1
                switch options.formatterKind {
                case .noOp: continue
                case .standard, .logging:
                    do throws(DefaultMessageFormatter.ConfigError) {
                        try options.formatter.write(record, into: &output)
                    } catch {
                        guard options.skipMessageOnError else {
                            writeOut(&output)
                            throw FormatterFailure(message: error.message)
                        }
                        writeOut(&output)
                        logError("Error processing message, skipping this message: ", "org.apache.kafka.common.errors.SerializationException: \(error.message)")
                    }
                }
            }
            if !output.isEmpty {
                writeOut(&output)
                if stop.watchingStandardOutput && Self.standardOutputClosed() {
                    console.printlnError("Unable to write to standard out, closing consumer.")
                    return
                }
            }
        }
    }

    /// Prints what was formatted; records show up as they arrive, not when a buffer fills.
    func writeOut(_ output: inout [UInt8]) {
        guard !output.isEmpty else { return }
        console.print(String(decoding: output, as: UTF8.self))
        console.out.flush()
        output.removeAll(keepingCapacity: true)
    }

    /// `PrintStream.checkError` after a write: a pipe whose reader went away reports POLLERR.
    static func standardOutputClosed() -> Bool {
        var descriptor = pollfd(fd: 1, events: 0, revents: 0)
        guard poll(&descriptor, 1, 0) > 0 else { return false }
        return descriptor.revents & Int16(POLLERR | POLLHUP | POLLNVAL) != 0
    }

    struct FormatterFailure: Error, CustomStringConvertible {
        let message: String
        var description: String { "org.apache.kafka.common.errors.SerializationException: \(message)" }
    }

    /// Fetched but unprinted records go back, so a commit does not skip them.
    func rewind(_ consumer: KafkaConsumer, _ unprinted: [ConsumerRecord]) async throws {
        var first: [TopicPartition: Int64] = [:]
        for record in unprinted {
            let tp = TopicPartition(record.topic, record.partition)
            if first[tp] == nil { first[tp] = record.offset }
        }
        for (tp, offset) in first { try await consumer.seek(tp, offset: offset) }
    }

    func logError(_ message: String, _ exception: String) {
        console.flush()
        console.printlnError("[\(KafkaLogHandler.timestamp())] ERROR \(message) (org.apache.kafka.tools.consumer.ConsoleConsumer)")
        console.printlnError(exception)
    }
}
