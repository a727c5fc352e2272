/// Collects indented lines of Swift source.
struct CodeWriter {
    private(set) var lines: [String] = []
    private var depth = 0

    mutating func line(_ text: String = "") {
        lines.append(text.isEmpty ? "" : String(repeating: "    ", count: depth) + text)
    }

    mutating func open(_ text: String) {
        line(text + " {")
        depth += 1
    }

    /// Opens a block whose line already ends with `{ ... in`.
    mutating func openClosure(_ text: String) {
        line(text)
        depth += 1
    }

    mutating func close(_ suffix: String = "") {
        depth -= 1
        line("}" + suffix)
    }

    /// `} else ... {` between two blocks.
    mutating func reopen(_ text: String) {
        depth -= 1
        line("} " + text + " {")
        depth += 1
    }

    mutating func append(_ other: [String]) {
        for l in other { lines.append(l.isEmpty ? "" : String(repeating: "    ", count: depth) + l) }
    }

    var text: String { lines.joined(separator: "\n") + "\n" }
}

/// The condition under which a version range holds, given the versions the message has.
enum VersionCondition: Equatable {
    case always
    case never
    case when(String)

    init(_ range: Versions, within valid: Versions) {
        let r = range.intersect(valid)
        if r.isEmpty { self = .never; return }
        let needLow = r.lowest > valid.lowest
        let needHigh = r.highest < valid.highest
        switch (needLow, needHigh) {
        case (false, false): self = .always
        case (true, false): self = .when("version >= \(r.lowest)")
        case (false, true): self = .when("version <= \(r.highest)")
        case (true, true):
            self = r.lowest == r.highest ? .when("version == \(r.lowest)") : .when("version >= \(r.lowest) && version <= \(r.highest)")
        }
    }

    /// As a Bool expression.
    var expression: String {
        switch self {
        case .always: return "true"
        case .never: return "false"
        case let .when(e): return e
        }
    }
}
