import Foundation
import Testing

/// A suite that reads a tool's `--output json` text back: the document, and the error document
/// of docs/json-output.md.
protocol JSONDocumentSuite {}

extension JSONDocumentSuite {
    static func document(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any], "not a JSON object: \(text)")
    }

    /// `{"error": {"message": ..., "type": ...}}` on stderr, nothing on stdout, exit 1.
    static func expectErrorDocument(
        _ result: (code: Int32, out: String, err: String), type: String, message: String? = nil,
        sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        #expect(result.code == 1, sourceLocation: sourceLocation)
        #expect(result.out.isEmpty, sourceLocation: sourceLocation)
        let error = try #require(try document(result.err)["error"] as? [String: Any], "\(result.err)", sourceLocation: sourceLocation)
        #expect(error.keys.sorted() == ["message", "type"], sourceLocation: sourceLocation)
        #expect(error["type"] as? String == type, "\(result.err)", sourceLocation: sourceLocation)
        let text = try #require(error["message"] as? String, sourceLocation: sourceLocation)
        if let message { #expect(text == message, "\(result.err)", sourceLocation: sourceLocation) }
    }
}
