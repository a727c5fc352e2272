import Foundation

/// `java.io.File` as DumpLogSegments uses it: `new File(arg)` normalises the path text
/// (duplicate and trailing slashes removed), `toString` prints that, `getName` is the last
/// component, `getAbsolutePath` prefixes the working directory to a relative path.
struct JavaFile: Sendable, Hashable, CustomStringConvertible {
    /// The normalised path, as `File.toString()` prints it.
    let path: String

    init(_ path: String) {
        var normalized = ""
        var previousWasSlash = false
        for character in path {
            if character == "/" {
                if previousWasSlash { continue }
                previousWasSlash = true
            } else {
                previousWasSlash = false
            }
            normalized.append(character)
        }
        if normalized.count > 1 && normalized.hasSuffix("/") { normalized.removeLast() }
        self.path = normalized
    }

    /// `new File(parent, child)`.
    init(parent: String, child: String) {
        self.init(parent.isEmpty ? child : parent + "/" + child)
    }

    var description: String { path }

    /// `getName()`.
    var name: String {
        guard let slash = path.lastIndex(of: "/") else { return path }
        return String(path[path.index(after: slash)...])
    }

    /// `getAbsolutePath()`.
    var absolutePath: String {
        if path.hasPrefix("/") { return path }
        let cwd = FileManager.default.currentDirectoryPath
        return path.isEmpty ? cwd : JavaFile(parent: cwd, child: path).path
    }

    /// `getAbsoluteFile().getParent()`.
    var absoluteParent: String {
        let absolute = absolutePath
        guard let slash = absolute.lastIndex(of: "/") else { return "" }
        return slash == absolute.startIndex ? "/" : String(absolute[..<slash])
    }

    /// `getName.split("\\.")(0)`: the text before the first dot (Java's split drops trailing
    /// empty strings, so a name of only dots gives an empty array and an index exception).
    func namePrefixBeforeFirstDot() throws(UncaughtJavaException) -> String {
        let parts = JavaString.split(name, separator: ".")
        guard let first = parts.first else {
            throw UncaughtJavaException(
                className: "java.lang.ArrayIndexOutOfBoundsException",
                message: "Index 0 out of bounds for length 0")
        }
        return first
    }
}

/// Java `String` behaviour the tool output depends on.
enum JavaString {
    /// `String.split(regex)` for a one-character literal: trailing empty strings removed
    /// (so `""` gives `[""]` but `","` gives `[]`).
    static func split(_ text: String, separator: Character) -> [String] {
        var parts = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        if text.isEmpty { return [""] }
        while let last = parts.last, last.isEmpty { parts.removeLast() }
        return parts
    }

    /// Length in UTF-16 code units (`String.length()`).
    static func length(_ text: String) -> Int { text.utf16.count }

    /// `Long.parseLong(text)`; the JVM's `NumberFormatException` when it fails.
    static func parseLong(_ text: String) throws(UncaughtJavaException) -> Int64 {
        guard let value = Int64(text, radix: 10) else { throw numberFormat(text) }
        return value
    }

    /// `Integer.parseInt(text)`.
    static func parseInt(_ text: String) throws(UncaughtJavaException) -> Int32 {
        guard let value = Int32(text, radix: 10) else { throw numberFormat(text) }
        return value
    }

    static func numberFormat(_ text: String) -> UncaughtJavaException {
        UncaughtJavaException(className: "java.lang.NumberFormatException", message: "For input string: \"\(text)\"")
    }

    /// `new String(bytes, UTF_8)`: malformed sequences become U+FFFD.
    static func decodeUTF8<Bytes: Collection>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        String(decoding: bytes, as: UTF8.self)
    }
}

/// `java.util.OptionalLong.toString()`.
func javaOptionalLong(_ value: Int64?) -> String {
    guard let value else { return "OptionalLong.empty" }
    return "OptionalLong[\(value)]"
}
