import ArgumentParser
import Foundation
import KafkaClient

/// `kafkit topics` (`kafka-topics.sh`): creates, lists, describes, alters and deletes topics.
public struct TopicsCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "topics", abstract: "Create, delete, describe, or change a topic (kafka-topics.sh).",
        usage: TopicCommandOptions.helpMessage)

    public static var joptOptions: [JoptOption] { TopicCommandOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let opts: TopicCommandOptions
            let admin: KafkaAdminClient
            do {
                opts = try TopicCommandOptions(arguments: arguments, console: console)
                if let path = try opts.commandConfig, !FileManager.default.isReadableFile(atPath: path) {
                    // `Utils.loadProps` opens the file with `Files.newInputStream`.
                    throw TopicCommandStartupError(className: "java.nio.file.NoSuchFileException", message: path)
                }
                let config = try ToolClientConfig.make(
                    bootstrapServer: try opts.bootstrapServer, configFile: try opts.commandConfig)
                admin = KafkaAdminClient(config: config)
            } catch let error as JoptError {
                throw startupFailure(TopicCommandStartupError(className: error.javaClassName, message: error.message), console)
            } catch let error as TopicCommandStartupError {
                if requestedFormat(arguments) == .json {
                    throw JSONOutput.fail(error.message, type: JSONOutput.typeName(ofJavaClass: error.className), on: console)
                }
                throw startupFailure(error, console)
            } catch let exit as ToolExit {
                throw exit
            } catch {
                let startup = TopicCommandStartupError(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
                if requestedFormat(arguments) == .json {
                    throw JSONOutput.fail(startup.message, type: JSONOutput.typeName(ofJavaClass: startup.className), on: console)
                }
                throw startupFailure(startup, console)
            }
            let format = opts.outputFormat
            do {
                try await TopicService(admin: admin, console: console, format: format).run(opts)
                await admin.close()
            } catch {
                await admin.close()
                if format == .json {
                    let exception = Self.exception(for: error)
                    throw JSONOutput.fail(exception.message, type: JSONOutput.typeName(ofJavaClass: exception.className), on: console)
                }
                throw printException(error, console)
            }
        }
    }

    private static func startupFailure(_ error: TopicCommandStartupError, _ console: ToolConsole) -> ToolExit {
        console.printError(error.report)
        return .failure
    }

    /// The `--output` format asked for, read again for a failure raised while the options were
    /// checked (text when it cannot be read).
    private static func requestedFormat(_ arguments: [String]) -> ToolOutputFormat {
        guard let commandLine = try? JoptCommandLine(
            arguments: arguments, options: TopicCommandOptions.declarations, console: .capturing())
        else { return .text }
        return TopicCommandOptions.outputFormat(commandLine)
    }

    /// The exception Kafka's tool would report for `error`.
    static func exception(for error: any Error) -> TopicCommandException {
        switch error {
        case let exception as TopicCommandException: exception
        case let kafka as KafkaError: TopicCommandException(kafka)
        case let jopt as JoptError: TopicCommandException(className: jopt.javaClassName, message: jopt.message)
        default: TopicCommandException(className: "org.apache.kafka.common.KafkaException", message: "\(error)")
        }
    }

    /// `printException`: the message on stdout, the stack trace logged at ERROR on stderr.
    static func printException(_ error: any Error, _ console: ToolConsole) -> ToolExit {
        let exception = exception(for: error)
        console.println("Error while executing topic command : " + exception.message)
        console.printError(
            "[\(KafkaLogHandler.timestamp())] ERROR \(exception.stackTrace) (org.apache.kafka.tools.TopicCommand)\n")
        return .failure
    }
}
