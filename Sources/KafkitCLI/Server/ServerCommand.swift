import ArgumentParser
import KafkaBroker
import KafkaStorage
import Logging
import ServiceLifecycle
import UnixSignals

/// `kafkit server [server.properties] [--override key=value]*` — `kafka-server-start.sh`
/// (`kafka.Kafka`). Without a properties file it runs the embedded default: one combined node on
/// `PLAINTEXT://127.0.0.1:9092` (controller on 9093), data in `./kafkit-data`, formatted on first start.
struct ServerCommand: JoptTool {
    static let configuration = CommandConfiguration(
        commandName: "server",
        abstract: "Start a Kafka-compatible broker (kafka-server-start.sh).",
        discussion: JoptHelpFormatter.discussion(usage: usage, options: joptOptions), helpNames: [])

    static let joptOptions: [JoptOption] = [
        .requiredArgument("override", "A key=value broker setting that replaces the one from server.properties (or from the embedded default); repeat it to set several."),
        .flag("version", "Print the version and exit."),
    ]

    @Argument(parsing: .captureForPassthrough, help: .hidden) var arguments: [String] = []

    static let usage = "USAGE: java [options] kafka.Kafka server.properties [--override property=value]*"

    static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        if arguments.contains("--help") {
            console.printlnError(usage)
            console.printError(JoptHelpFormatter.format(joptOptions))
            return 1
        }
        if arguments.contains("--version") {
            console.println(JoptCommandLine.versionLine)
            return 0
        }
        let logger = Logger(label: "kafka.Kafka$") { KafkaLogHandler(label: $0) }
        let embedded = arguments.first.map { $0.hasPrefix("--") } ?? true
        var properties: [String: String] = [:]
        let optionArguments: [String]
        if embedded {
            for (key, value) in KafkaConfig.embeddedDefaults { properties[key] = value }
            optionArguments = arguments
        } else {
            do {
                let file = try JavaProperties.load(contentsOf: arguments[0])
                for (key, value) in file.entries { properties[key] = value }
            } catch {
                logger.critical("Exiting Kafka due to fatal exception")
                console.printError("java.nio.file.NoSuchFileException: \(arguments[0])\n")
                return 1
            }
            optionArguments = Array(arguments.dropFirst())
        }
        if !optionArguments.isEmpty {
            let options: JoptOptionSet
            do {
                options = try JoptOptionParser(options: joptOptions).parse(optionArguments)
            } catch {
                console.printError(JoptToolRunner.uncaughtReport(for: error))
                return 1
            }
            if !options.nonOptionArguments.isEmpty {
                console.printlnError("Found non argument parameters: " + options.nonOptionArguments.joined(separator: ","))
                console.printError(JoptHelpFormatter.format(joptOptions))
                return 1
            }
            for pair in options.values(of: "override") {
                let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
                properties[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
            }
        }
        let config: KafkaConfig
        do {
            config = try KafkaConfig(properties: properties)
        } catch {
            logger.critical("Exiting Kafka due to fatal exception")
            console.printError("\(error.javaClassName): \(error.description)\n")
            return 1
        }
        let server = KafkaServer(config: config, formatIfNeeded: embedded, logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [.init(service: server)],
            gracefulShutdownSignals: [.sigterm, .sigint],
            logger: Logger(label: "kafkit.service-lifecycle") { _ in SwiftLogNoOpLogHandler() }))
        // Which signal stopped us decides the exit status, as for the JVM (143 for SIGTERM, 130 for SIGINT).
        let received = ReceivedSignal()
        let watcher = Task {
            for await signal in await UnixSignalsSequence(trapping: .sigterm, .sigint) {
                await received.record(signal.rawValue)
                break
            }
        }
        defer { watcher.cancel() }
        do {
            try await group.run()
        } catch {
            logger.error("Exiting Kafka due to fatal exception during startup.")
            console.printError("java.lang.RuntimeException: \(error)\n")
            return 1
        }
        if let signal = await received.value { return 128 + signal }
        return 0
    }
}

/// The first shutdown signal the server received.
actor ReceivedSignal {
    private(set) var value: Int32?

    func record(_ signal: Int32) {
        if value == nil { value = signal }
    }
}
