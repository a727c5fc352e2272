import Foundation
import KafkaProtocol
import NIOCore
import Testing
@testable import KafkitCLI

@Suite("console-producer line reader")
struct LineMessageReaderTests {
    static func parse(_ line: String, _ properties: [String: String], lineNumber: Int = 1) throws -> LineMessageReader.Parsed {
        let reader = try LineMessageReader(properties: properties)
        let bytes = Array(line.utf8)
        return try bytes.withUnsafeBytes { try reader.parse($0, lineNumber: lineNumber) }
    }

    static func text(_ buffer: ByteBuffer?) -> String? { buffer.map { String(buffer: $0) } }

    @Test func plainLineIsTheValue() throws {
        let parsed = try Self.parse("k1\tv1", [:])
        #expect(parsed.key == nil)
        #expect(Self.text(parsed.value) == "k1\tv1")
        #expect(parsed.headers.isEmpty)
    }

    @Test func emptyLineIsAnEmptyValue() throws {
        let parsed = try Self.parse("", [:])
        #expect(Self.text(parsed.value) == "")
    }

    @Test func keyAtTheFirstSeparator() throws {
        let parsed = try Self.parse("k1:v1:more", ["parse.key": " TRUE ", "key.separator": ":"])
        #expect(Self.text(parsed.key) == "k1")
        #expect(Self.text(parsed.value) == "v1:more")
    }

    @Test func defaultKeySeparatorIsTab() throws {
        let parsed = try Self.parse("key\tvalue", ["parse.key": "true"])
        #expect(Self.text(parsed.key) == "key")
        #expect(Self.text(parsed.value) == "value")
    }

    @Test func headersKeyAndValue() throws {
        let parsed = try Self.parse("h1:v1,h2:v2\tkey\tvalue", ["parse.key": "true", "parse.headers": "true"])
        #expect(parsed.headers.map(\.key) == ["h1", "h2"])
        #expect(parsed.headers.map { Self.text($0.value) } == ["v1", "v2"])
        #expect(Self.text(parsed.key) == "key")
        #expect(Self.text(parsed.value) == "value")
    }

    @Test func nullMarkerMakesNulls() throws {
        let parsed = try Self.parse("h1:NULL,h2:x\tNULL\tNULL", ["parse.key": "true", "parse.headers": "true", "null.marker": "NULL"])
        #expect(parsed.key == nil)
        #expect(parsed.value == nil)
        #expect(parsed.headers.map(\.key) == ["h1", "h2"])
        #expect(parsed.headers.first?.value == nil)
        // A whole header block equal to the marker means no headers.
        let none = try Self.parse("NULL\tv", ["parse.headers": "true", "null.marker": "NULL"])
        #expect(none.headers.isEmpty)
    }

    @Test func missingKeySeparator() {
        #expect(throws: LineMessageReader.ReaderError(message: "No key separator found on line number 3: 'abc'")) {
            try Self.parse("abc", ["parse.key": "true"], lineNumber: 3)
        }
    }

    @Test func missingHeadersDelimiter() {
        #expect(throws: LineMessageReader.ReaderError(message: "No headers delimiter found on line number 1: 'abc'")) {
            try Self.parse("abc", ["parse.headers": "true"])
        }
    }

    @Test func missingHeaderKeySeparator() {
        #expect(throws: LineMessageReader.ReaderError(message: "No header key separator found in pair 'h1' on line number 1")) {
            try Self.parse("h1\tv", ["parse.headers": "true"])
        }
    }

    @Test func headerKeyEqualToNullMarker() {
        #expect(throws: LineMessageReader.ReaderError(message: "Header keys should not be equal to the null marker 'N' as they can't be null")) {
            try Self.parse("N:x\tv", ["parse.headers": "true", "null.marker": "N"])
        }
    }

    @Test func ignoreErrorKeepsTheLine() throws {
        let parsed = try Self.parse("abc", ["parse.key": "true", "parse.headers": "true", "ignore.error": "true"])
        #expect(parsed.key == nil)
        #expect(parsed.headers.isEmpty)
        #expect(Self.text(parsed.value) == "abc")
        let header = try Self.parse("h1\tv", ["parse.headers": "true", "ignore.error": "true"])
        #expect(header.headers.map(\.key) == ["h1"])
        #expect(header.headers.first?.value == nil)
    }

    @Test(arguments: [
        (["headers.delimiter": ","], "headers.delimiter and headers.separator may not be equal"),
        (["headers.delimiter": ":"], "headers.delimiter and headers.key.separator may not be equal"),
        (["headers.separator": ":"], "headers.separator and headers.key.separator may not be equal"),
        (["null.marker": "\t"], "null.marker and key.separator may not be equal"),
        (["null.marker": "|", "key.separator": ";", "headers.delimiter": "|"], "null.marker and headers.delimiter may not be equal"),
        (["null.marker": ","], "null.marker and headers.separator may not be equal"),
        (["null.marker": ":"], "null.marker and headers.key.separator may not be equal"),
    ])
    func conflictingSeparators(properties: [String: String], message: String) {
        #expect(throws: LineMessageReader.ReaderError(message: message)) {
            try LineMessageReader(properties: properties)
        }
    }
}

@Suite("console-producer line input")
struct LineInputTests {
    static func lines(_ input: LineInput) -> [String] {
        var result: [String] = []
        while let line = input.nextLine({ String(decoding: $0, as: UTF8.self) }) { result.append(line) }
        return result
    }

    @Test func terminatorsLikeReadLine() {
        #expect(Self.lines(LineInput(bytes: Array("a\nb\r\nc\rd".utf8))) == ["a", "b", "c", "d"])
        #expect(Self.lines(LineInput(bytes: Array("hello\nworld".utf8))) == ["hello", "world"])
        #expect(Self.lines(LineInput(bytes: Array("x\n\n".utf8))) == ["x", ""])
        #expect(Self.lines(LineInput(bytes: [])) == [])
    }

    @Test func pipeReadAcrossChunks() throws {
        let pipe = Pipe()
        let count = 300_000
        var text = ""
        for i in 0..<count { text += "line-\(i)\r\n" }
        let data = Data(text.utf8)
        let writer = Thread { KafkitBinary.writeAll(data, to: pipe.fileHandleForWriting); try? pipe.fileHandleForWriting.close() }
        writer.start()
        let input = LineInput(fileDescriptor: pipe.fileHandleForReading.fileDescriptor, promptOnTerminal: false)
        let lines = Self.lines(input)
        #expect(lines.count == count)
        #expect(lines.last == "line-\(count - 1)")
        #expect(lines.allSatisfy { !$0.hasSuffix("\r") && !$0.hasPrefix("\n") })
    }
}
