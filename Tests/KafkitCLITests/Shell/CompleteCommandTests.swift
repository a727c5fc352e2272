import Foundation
import Testing
@testable import KafkitCLI

/// `kafkit __complete`: names from a broker, nothing on any failure, within its time budget.
@Suite("__complete")
struct CompleteCommandTests {
    @Test func namesFromARunningBroker() async throws {
        let broker = try await TestBroker()
        let bootstrap = "127.0.0.1:\(broker.port)"
        let console = ToolConsole.capturing()
        let created = await TopicsCommand.execute(
            arguments: ["--bootstrap-server", bootstrap, "--create", "--topic", "complete-me", "--partitions", "1",
                        "--replication-factor", "1"],
            console: console)
        #expect(created == 0)
        // The budget is generous here: the test machine is loaded; the real one is a second.
        let topics = await CompleteCommand.names(arguments: ["topics", "--bootstrap-server", bootstrap], timeout: .seconds(30))
        #expect(topics == ["complete-me"])
        let groups = await CompleteCommand.names(arguments: ["groups", "--bootstrap-server=\(bootstrap)"], timeout: .seconds(30))
        #expect(groups == [])
        try await broker.stopAndRemove()
    }

    @Test func clientConfigReadsBothSpellings() throws {
        let spaced = try #require(CompleteCommand.clientConfig(["--bootstrap-server", "h:1"], timeout: .seconds(1)))
        #expect(spaced.requestTimeoutMs == 1000)
        #expect(CompleteCommand.clientConfig(["--bootstrap-server=h:1"], timeout: .milliseconds(500))?.socketConnectionSetupTimeoutMs == 500)
        #expect(CompleteCommand.clientConfig([], timeout: .seconds(1)) == nil)
        #expect(CompleteCommand.clientConfig(["--bootstrap-server"], timeout: .seconds(1)) == nil)
        #expect(CompleteCommand.clientConfig(["--bootstrap-server", "h:1", "--command-config", "/nonexistent"], timeout: .seconds(1)) == nil)
    }

    @Test func unknownKindOrNoServerGivesNothing() async {
        #expect(await CompleteCommand.names(arguments: [], timeout: .seconds(1)).isEmpty)
        #expect(await CompleteCommand.names(arguments: ["partitions", "--bootstrap-server", "127.0.0.1:1"], timeout: .seconds(1)).isEmpty)
        #expect(await CompleteCommand.names(arguments: ["topics"], timeout: .seconds(1)).isEmpty)
    }

    @Test func slowWorkIsAbandonedAtTheTimeout() async {
        let names = await CompleteCommand.firstOf(timeout: .milliseconds(50)) {
            try? await Task.sleep(for: .seconds(60))
            return ["late"]
        }
        #expect(names.isEmpty)
    }
}
