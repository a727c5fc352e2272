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
        #expect(JSONOutput.text(of: Row()) == "{\n  \"lag\" : null,\n  \"partition\" : 0,\n  \"topic\" : \"a/b\"\n}\n")
    }

    /// A synthesized conformance writes an absent value as `null` whatever its type: the module
    /// shadows each of the standard library's `encodeIfPresent` overloads.
    @Test func absentValuesAreNullForEveryType() throws {
        struct Absent: Encodable {
            var bool: Bool?, string: String?, double: Double?, float: Float?
            var int: Int?, int8: Int8?, int16: Int16?, int32: Int32?, int64: Int64?, int128: Int128?
            var uint: UInt?, uint8: UInt8?, uint16: UInt16?, uint32: UInt32?, uint64: UInt64?, uint128: UInt128?
            var array: [Int32]?, body: JSONOutput.ErrorDocument.Body?
        }
        let object = try #require(try JSONSerialization.jsonObject(with: Data(JSONOutput.text(of: Absent()).utf8)) as? [String: Any])
        #expect(object.count == 18)
        #expect(object.filter { !($0.value is NSNull) }.isEmpty)
    }

    @Test func presentOptionalsAreTheirValues() {
        struct Present: Encodable { var count: Int32? = 3; var name: String? = "n"; var ids: [Int16]? = [1] }
        #expect(JSONOutput.text(of: Present()) == "{\n  \"count\" : 3,\n  \"ids\" : [\n    1\n  ],\n  \"name\" : \"n\"\n}\n")
    }
}
