import ArgumentParser
import KafkaClient

/// `kafkit configs` (`kafka-configs.sh`, Kafka's `ConfigCommand`): describe and alter dynamic
/// configs of topics, brokers, broker loggers, groups and client-metrics resources.
public struct ConfigsCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "configs", abstract: "Describe and alter entity configs (kafka-configs.sh).",
        usage: ConfigCommandOptions.usageMessage)

    public static var joptOptions: [JoptOption] { ConfigCommandOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    /// `ConfigCommand.main`: argument and configuration errors print only their message; any
    /// other failure prints the args line and the exception.
    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            do {
                let commandLine: JoptCommandLine
                do throws(JoptError) {
                    commandLine = try JoptCommandLine(arguments: arguments, options: joptOptions, console: console)
                } catch {
                    throw ConfigCommandError.illegalArgument(error.message)
                }
                try commandLine.maybePrintHelpOrVersion(ConfigCommandOptions.usageMessage)
                let options = ConfigCommandOptions(commandLine: commandLine)
                try options.checkArgs()
                try await ConfigCommand(options: options, console: console).run()
            } catch let error as ConfigCommandError {
                switch error {
                case let .illegalArgument(message), let .invalidConfiguration(message):
                    console.printlnError(message)
                case let .throwable(className, message):
                    console.printlnError("Error while executing config command with args '\(arguments.joined(separator: " "))'")
                    console.printlnError("\(className): \(message)")
                }
                throw ToolExit.failure
            } catch let exit as ToolExit {
                throw exit
            } catch {
                // Any other failure: Kafka's catch-all prints the args line and the exception.
                console.printlnError("Error while executing config command with args '\(arguments.joined(separator: " "))'")
                console.printlnError((error as? JoptError)?.uncaught.description ?? JavaErrorText.describe(error))
                throw ToolExit.failure
            }
        }
    }
}
