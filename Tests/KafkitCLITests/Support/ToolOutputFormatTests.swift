import Foundation
import Testing

@testable import KafkitCLI

@Suite("--output json support")
struct ToolOutputFormatTests {
    private func commandLine(_ arguments: [String], console: ToolConsole) throws -> JoptCommandLine {
        try JoptCommandLine(arguments: arguments, options: [ToolOutputFormat.option], console: console)
    }

    @Test func defaultsToKafkasText() throws {
        let cl = try commandLine([], console: .capturing())
        #expect(try ToolOutputFormat.chosen(in: cl) == .text)
    }

    @Test func acceptsJsonInAnyCase() throws {
        let cl = try commandLine(["--output", "JSON"], console: .capturing())
        #expect(try ToolOutputFormat.chosen(in: cl) == .json)
    }

    @Test func unknownFormatIsAUsageError() throws {
        let console = ToolConsole.capturing()
        let cl = try commandLine(["--output", "yaml"], console: console)
        #expect(throws: ToolExit.failure) { try ToolOutputFormat.chosen(in: cl) }
        #expect(console.capturedErr.hasPrefix("Unknown output format 'yaml': use 'text' or 'json'\nOption"))
    }

    @Test func errorDocumentGoesToStderrWithNonZeroExit() throws {
        let console = ToolConsole.capturing()
        let exit = JSONOutput.fail("Group g does not exist.", type: "GroupIdNotFoundException", on: console, code: 0)
        #expect(exit.code == 1)
        #expect(console.capturedOut.isEmpty)
        let object = try JSONSerialization.jsonObject(with: Data(console.capturedErr.utf8)) as? [String: [String: String]]
        #expect(object?["error"] == ["message": "Group g does not exist.", "type": "GroupIdNotFoundException"])
    }

    @Test func documentsAreStableText() {
        struct Row: Encodable { var topic = "a/b"; var partition = 0; var lag: Int? = nil }
        #expect(JSONOutput.text(of: Row()) == "{\n  \"partition\" : 0,\n  \"topic\" : \"a/b\"\n}\n")
    }
}
