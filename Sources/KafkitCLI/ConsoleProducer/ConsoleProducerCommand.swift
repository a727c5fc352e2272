import ArgumentParser
import Foundation
import KafkaClient
import NIOCore

/// `kafkit console-producer` (`kafka-console-producer.sh`): one record per line of standard input.
public struct ConsoleProducerCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "console-producer", abstract: "Read data from standard input and publish it to Kafka (kafka-console-producer.sh).",
        usage: ConsoleProducerOptions.usageMessage)

    public static var joptOptions: [JoptOption] { ConsoleProducerOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await execute(arguments: arguments, console: console, input: LineInput())
    }

    /// Runs the tool reading lines from `input` (tests pass bytes).
    public static func execute(arguments: [String], console: ToolConsole, input: LineInput) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let options = try ConsoleProducerOptions(arguments: arguments, console: console)
            try await ConsoleProducer(options: options, console: console).run(input)
        }
    }
}

/// The run itself: configure reader and producer, send every line, flush at the end.
struct ConsoleProducer {
    let options: ConsoleProducerOptions
    let console: ToolConsole

    func run(_ input: LineInput) async throws {
        let reader: LineMessageReader
        let producer: KafkaProducer
        do {
            guard options.readerClass == ConsoleProducerOptions.lineReaderClass else {
                throw StackTrace("java.lang.ClassNotFoundException: \(options.readerClass)")
            }
            do {
                reader = try LineMessageReader(properties: try options.readerProperties())
            } catch let error as LineMessageReader.ReaderError {
                throw StackTrace(error.description)
            }
            let properties = try producerPropertiesChecked()
            do {
                let config = try ClientConfig(properties: properties)
                producer = try KafkaProducer(config: config)
            } catch let error as KafkaError {
                throw StackTrace(Self.javaDescription(error))
            }
        } catch let trace as StackTrace {
            console.printlnError(trace.text)
            throw ToolExit.failure
        }
        let failure = await Self.sendLines(
            producer, input: input, reader: reader, topic: options.topic, sync: options.sync, console: console)
        // As Kafka's shutdown hook: what was read before a failure is still delivered.
        await producer.close()
        if let failure {
            console.printlnError(Self.report(failure))
            throw ToolExit.failure
        }
    }

    /// The read-send loop, run on the producer's actor so a line costs no executor hop.
    static func sendLines(
        _ producer: isolated KafkaProducer, input: LineInput, reader: LineMessageReader, topic: String, sync: Bool,
        console: ToolConsole
    ) async -> (any Error)? {
        let interactive = input.isTerminal
        var lineNumber = 0
        var pending: PendingBatch?
        defer { if let pending { watch(pending, topic: topic, console: console) } }
        var scratch = ByteBuffer()
        do {
            while true {
                lineNumber += 1
                let current = lineNumber
                let parsed = try input.nextLine { line in try reader.parse(line, lineNumber: current, reusing: &scratch) }
                guard let parsed else { return nil }
                let record = ProducerRecord(topic: topic, key: parsed.key, value: parsed.value, headers: parsed.headers)
                if sync {
                    _ = try await producer.sendAndWait(record)
                } else {
                    await sendLoggingErrors(producer, record, pending: &pending, console: console)
                }
                // Readline lets Ctrl-C end the process at once; a typed line must be out by then.
                if interactive { await producer.flush() }
            }
        } catch {
            return error
        }
    }

    /// Jopt's conversion errors surface when a typed option is read: the message alone, exit 1.
    func producerPropertiesChecked() throws -> [String: String] {
        do {
            for declaration in ConsoleProducerOptions.declarations where options.commandLine.has(declaration.name) {
                switch declaration.valueType {
                case .integer: _ = try options.commandLine.options.values(of: declaration.name, as: Int32.self)
                case .long: _ = try options.commandLine.options.values(of: declaration.name, as: Int64.self)
                default: break
                }
            }
            return try options.producerProperties()
        } catch let error as JoptError {
            console.printlnError(error.message)
            throw ToolExit.failure
        }
    }

    /// The records of the batch being filled, watched as one: registering a callback per record
    /// would cost a hop to the event loop for each line.
    struct PendingBatch {
        let handle: DeliveryHandle
        /// Key and value sizes (-1 = null) of each record, for the error log.
        var sizes: [(key: Int32, value: Int32)]
    }

    /// Default mode: a failed delivery is only logged (`ErrorLoggingCallback`), the run goes on.
    static func sendLoggingErrors(
        _ producer: isolated KafkaProducer, _ record: ProducerRecord, pending: inout PendingBatch?, console: ToolConsole
    ) async {
        let sizes = (key: Int32(truncatingIfNeeded: record.key?.readableBytes ?? -1), value: Int32(truncatingIfNeeded: record.value?.readableBytes ?? -1))
        let handle: DeliveryHandle
        do {
            handle = try await producer.send(record)
        } catch {
            Self.logSendError(console, topic: record.topic, keySize: Int(sizes.key), valueSize: Int(sizes.value), error: error)
            return
        }
        if pending?.handle.isSameBatch(as: handle) == true {
            pending?.sizes.append(sizes)
            return
        }
        if let pending { watch(pending, topic: record.topic, console: console) }
        pending = PendingBatch(handle: handle, sizes: [sizes])
    }

    static func watch(_ batch: PendingBatch, topic: String, console: ToolConsole) {
        batch.handle.whenComplete { result in
            guard case let .failure(error) = result else { return }
            for (key, value) in batch.sizes {
                Self.logSendError(console, topic: topic, keySize: Int(key), valueSize: Int(value), error: error)
            }
        }
    }

    static func logSendError(_ console: ToolConsole, topic: String, keySize: Int, valueSize: Int, error: any Error) {
        let key = keySize < 0 ? "null" : "\(keySize) bytes"
        let value = valueSize < 0 ? "null" : "\(valueSize) bytes"
        console.printlnError("[\(KafkaLogHandler.timestamp())] ERROR Error when sending message to topic \(topic) with key: \(key), value: \(value) with error: (org.apache.kafka.clients.producer.internals.ErrorLoggingCallback)")
        console.printlnError(report(error))
    }

    /// The first line `printStackTrace` prints for an error.
    static func report(_ error: any Error) -> String {
        switch error {
        case let reader as LineMessageReader.ReaderError: reader.description
        case let kafka as KafkaError: javaDescription(kafka)
        case let exhausted as BufferExhaustedError: "\(BufferExhaustedError.javaClassName): \(exhausted.message)"
        default: "org.apache.kafka.common.KafkaException: \(error)"
        }
    }

    static func javaDescription(_ error: KafkaError) -> String {
        switch error {
        case .invalidConfig: "org.apache.kafka.common.config.ConfigException: \(error.description)"
        case .timeout: "org.apache.kafka.common.errors.TimeoutException: \(error.description)"
        default: "org.apache.kafka.common.KafkaException: \(error.description)"
        }
    }
}

/// A startup failure Kafka reports with `e.printStackTrace()` (first line only) and exit 1.
struct StackTrace: Error {
    let text: String
    init(_ text: String) { self.text = text }
}
