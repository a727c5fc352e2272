import ArgumentParser
import Foundation
import KafkaClient

/// `kafkit consumer-groups` (`kafka-consumer-groups.sh`): lists, describes and deletes consumer
/// groups, and resets or deletes their committed offsets.
public struct ConsumerGroupsCommand: JoptTool {
    public static let configuration = joptConfiguration(
        "consumer-groups", abstract: "List, describe or delete consumer groups, or reset their offsets (kafka-consumer-groups.sh).",
        usage: ConsumerGroupCommandOptions.helpMessage)

    public static var joptOptions: [JoptOption] { ConsumerGroupCommandOptions.declarations }

    @Argument(parsing: .captureForPassthrough, help: .hidden)
    public var arguments: [String] = []

    public init() {}

    public static func execute(arguments: [String], console: ToolConsole) async -> Int32 {
        await JoptToolRunner.run(console: console) {
            let opts = try ConsumerGroupCommandOptions(arguments: arguments, console: console)
            if let regex = opts.value("validate-regex") {
                console.println(RegexValidation.report(regex))
                return
            }
            do {
                try await run(opts, console: console)
            } catch let usage as ConsumerGroupUsageFailure {
                throw opts.commandLine.usageAndExit(usage.message)
            } catch let exit as ToolExit {
                throw exit
            } catch {
                let failure = ConsumerGroupCommandFailure.from(error)
                if opts.output == .json, opts.has("list") || opts.has("describe") {
                    throw JSONOutput.fail(failure.message, type: failure.type, on: console)
                }
                // Kafka's `printError`: the message on stdout, the trace on stderr, exit 0.
                console.println("\nError: Executing consumer group command failed due to " + failure.message)
                console.printError(failure.trace)
            }
        }
    }

    private static func run(_ opts: ConsumerGroupCommandOptions, console: ToolConsole) async throws {
        if let path = opts.value("command-config"), !FileManager.default.isReadableFile(atPath: path) {
            throw ConsumerGroupCommandFailure(
                message: "java.nio.file.NoSuchFileException: \(path)", type: "NoSuchFileException", wrapped: false)
        }
        var config = try ToolClientConfig.make(bootstrapServer: opts.value("bootstrap-server"), configFile: opts.value("command-config"))
        // `withTimeoutMs`: every admin call gets --timeout as its deadline.
        config.defaultApiTimeoutMs = try opts.timeoutMs()
        let admin = KafkaAdminClient(config: config)
        let service = ConsumerGroupService(admin: admin, opts: opts, console: console)
        do {
            if opts.has("list") {
                try await service.listGroups()
            } else if opts.has("describe") {
                try await service.describeGroups()
            } else if opts.has("delete") {
                try await service.deleteGroups()
            } else if opts.has("reset-offsets") {
                let plan = try await service.resetOffsets()
                if opts.has("export") {
                    console.println(ResetPlanCSV.export(plan, singleGroup: opts.groups.count == 1))
                } else {
                    console.print(ConsumerGroupFormatting.resetTable(plan))
                }
            } else if opts.has("delete-offsets") {
                try await service.deleteOffsets()
            }
            await admin.close()
        } catch {
            await admin.close()
            throw error
        }
    }
}
