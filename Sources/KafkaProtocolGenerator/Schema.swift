import Foundation

/// A JSON value that keeps Bool, integer, double and string apart (the schema `default`s need it).
indirect enum JSONValue: Decodable {
    case null
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object([String: JSONValue])

    init(from decoder: Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() { self = .null; return }
        if let value = try? container.decode(Bool.self) { self = .bool(value); return }
        if let value = try? container.decode(Int64.self) { self = .int(value); return }
        if let value = try? container.decode(Double.self) { self = .double(value); return }
        if let value = try? container.decode(String.self) { self = .string(value); return }
        if let value = try? container.decode([JSONValue].self) { self = .array(value); return }
        self = .object(try container.decode([String: JSONValue].self))
    }

    subscript(key: String) -> JSONValue? {
        if case let .object(members) = self { return members[key] }
        return nil
    }

    var stringValue: String? {
        if case let .string(s) = self { return s }
        return nil
    }

    /// The `default` key as Kafka's generator sees it: a string ("" when absent).
    var defaultText: String {
        switch self {
        // Jackson hands a JSON null to FieldSpec as a null String, which Kafka treats as no default.
        case .null: return ""
        case let .bool(b): return b ? "true" : "false"
        case let .int(i): return String(i)
        case let .double(d): return String(d)
        case let .string(s): return s
        case .array, .object: return ""
        }
    }
}

/// A version range as in `Versions.java`: "3", "2-9", "5+", "none".
struct Versions: Equatable {
    static let maxVersion = Int(Int16.max)
    var lowest: Int
    var highest: Int
    static let none = Versions(lowest: 1, highest: 0)

    var isEmpty: Bool { lowest > highest }

    init(lowest: Int, highest: Int) {
        self.lowest = lowest
        self.highest = highest
    }

    init?(parsing text: String?) {
        guard let raw = text?.trimmingCharacters(in: .whitespaces) else { return nil }
        if raw == "none" || raw.isEmpty { self = .none; return }
        if raw.hasSuffix("+") {
            guard let lo = Int(raw.dropLast()) else { return nil }
            self.init(lowest: lo, highest: Versions.maxVersion)
        } else if let dash = raw.firstIndex(of: "-") {
            guard let lo = Int(raw[..<dash]), let hi = Int(raw[raw.index(after: dash)...]) else { return nil }
            self.init(lowest: lo, highest: hi)
        } else {
            guard let v = Int(raw) else { return nil }
            self.init(lowest: v, highest: v)
        }
    }

    func intersect(_ other: Versions) -> Versions {
        let result = Versions(lowest: max(lowest, other.lowest), highest: min(highest, other.highest))
        return result.isEmpty ? .none : result
    }

    func contains(_ v: Int) -> Bool { v >= lowest && v <= highest }

    /// `self` minus an open-ended range `other` (tagged versions are always open-ended).
    func subtractingOpenEnded(_ other: Versions) -> Versions {
        if other.isEmpty { return self }
        let result = Versions(lowest: lowest, highest: min(highest, other.lowest - 1))
        return result.isEmpty ? .none : result
    }
}

enum FieldKind: Equatable {
    case bool, int8, int16, uint16, int32, uint32, int64, float64, string, bytes, uuid, records
    case structure(String)
    indirect case array(FieldKind)

    init(_ text: String) {
        if text.hasPrefix("[]") { self = .array(FieldKind(String(text.dropFirst(2)))); return }
        switch text {
        case "bool": self = .bool
        case "int8": self = .int8
        case "int16": self = .int16
        case "uint16": self = .uint16
        case "int32": self = .int32
        case "uint32": self = .uint32
        case "int64": self = .int64
        case "float64": self = .float64
        case "string": self = .string
        case "bytes": self = .bytes
        case "uuid": self = .uuid
        case "records": self = .records
        default: self = .structure(text)
        }
    }

    var isStruct: Bool { if case .structure = self { return true }; return false }
    var isArray: Bool { if case .array = self { return true }; return false }
    var structName: String? {
        switch self {
        case let .structure(n): return n
        case let .array(e): return e.structName
        default: return nil
        }
    }
    var isInteger: Bool {
        switch self {
        case .int8, .int16, .uint16, .int32, .uint32, .int64: return true
        default: return false
        }
    }
}

final class FieldSpec {
    let name: String
    let kind: FieldKind
    let versions: Versions
    let nullableVersions: Versions
    let taggedVersions: Versions
    let tag: Int?
    let defaultText: String
    let ignorable: Bool
    let about: String
    let flexibleOverride: Versions?
    let fields: [FieldSpec]

    init(json: JSONValue, context: String) throws {
        guard let name = json["name"]?.stringValue, let type = json["type"]?.stringValue else {
            throw GeneratorError.schema("\(context): field without name or type")
        }
        self.name = name
        self.kind = FieldKind(type)
        let tagged = Versions(parsing: json["taggedVersions"]?.stringValue) ?? .none
        self.taggedVersions = tagged
        if let v = Versions(parsing: json["versions"]?.stringValue) {
            self.versions = v
        } else if !tagged.isEmpty {
            // FieldSpec.java: versions default to taggedVersions.
            self.versions = tagged
        } else {
            throw GeneratorError.schema("\(context).\(name): no versions")
        }
        self.nullableVersions = Versions(parsing: json["nullableVersions"]?.stringValue) ?? .none
        switch json["tag"] {
        case let .int(t)?: self.tag = Int(t)
        case let .string(t)?: self.tag = Int(t)   // some schemas quote the tag ("tag": "0")
        default: self.tag = nil
        }
        self.defaultText = json["default"]?.defaultText ?? ""
        switch json["ignorable"] {
        case let .bool(b)?: self.ignorable = b
        case let .string(b)?: self.ignorable = b.lowercased() == "true"
        default: self.ignorable = false
        }
        self.about = json["about"]?.stringValue ?? ""
        if let text = json["flexibleVersions"]?.stringValue { self.flexibleOverride = Versions(parsing: text) } else { self.flexibleOverride = nil }
        var children: [FieldSpec] = []
        if case let .array(items)? = json["fields"] {
            for item in items { children.append(try FieldSpec(json: item, context: "\(context).\(name)")) }
        }
        self.fields = children
    }

    /// Java's `camelCaseName`: the JSON name with a lower-case first letter.
    var camelCaseName: String { name.prefix(1).lowercased() + name.dropFirst() }

    var isNullableSomewhere: Bool { !nullableVersions.isEmpty || kind == .records }
    var defaultIsNull: Bool {
        if kind == .records { return true }
        return defaultText.lowercased() == "null"
    }
}

struct StructSpec {
    let name: String
    let fields: [FieldSpec]
}

final class MessageSpec {
    let path: String          // e.g. "messages/FetchRequest.json"
    let folder: String
    let name: String
    let type: String
    let apiKey: Int?
    let validVersions: Versions
    let flexibleVersions: Versions
    let listeners: [String]
    let latestVersionUnstable: Bool
    let fields: [FieldSpec]
    let commonStructs: [StructSpec]

    init(json: JSONValue, path: String, folder: String) throws {
        self.path = path
        self.folder = folder
        guard let name = json["name"]?.stringValue, let type = json["type"]?.stringValue else {
            throw GeneratorError.schema("\(path): missing name/type")
        }
        self.name = name
        self.type = type
        if case let .int(k)? = json["apiKey"] { self.apiKey = Int(k) } else { self.apiKey = nil }
        self.validVersions = Versions(parsing: json["validVersions"]?.stringValue) ?? .none
        self.flexibleVersions = Versions(parsing: json["flexibleVersions"]?.stringValue) ?? .none
        if case let .array(items)? = json["listeners"] { self.listeners = items.compactMap(\.stringValue) } else { self.listeners = [] }
        if case let .bool(b)? = json["latestVersionUnstable"] { self.latestVersionUnstable = b } else { self.latestVersionUnstable = false }
        var fields: [FieldSpec] = []
        if case let .array(items)? = json["fields"] {
            for item in items { fields.append(try FieldSpec(json: item, context: name)) }
        }
        self.fields = fields
        var commons: [StructSpec] = []
        if case let .array(items)? = json["commonStructs"] {
            for item in items {
                guard let structName = item["name"]?.stringValue else { throw GeneratorError.schema("\(path): common struct without name") }
                var structFields: [FieldSpec] = []
                if case let .array(fs)? = item["fields"] {
                    for f in fs { structFields.append(try FieldSpec(json: f, context: structName)) }
                }
                commons.append(StructSpec(name: structName, fields: structFields))
            }
        }
        self.commonStructs = commons
    }

    /// Every struct type of this message other than the top level, in schema order
    /// (inline structs depth-first, then common structs).
    var nestedStructs: [StructSpec] {
        var out: [StructSpec] = []
        func walk(_ fields: [FieldSpec]) {
            for f in fields where !f.fields.isEmpty {
                if let n = f.kind.structName { out.append(StructSpec(name: n, fields: f.fields)) }
                walk(f.fields)
            }
        }
        walk(fields)
        for c in commonStructs {
            out.append(c)
            walk(c.fields)
        }
        return out
    }
}

enum GeneratorError: Error, CustomStringConvertible {
    case schema(String)
    case io(String)

    var description: String {
        switch self {
        case let .schema(m): return "schema error: \(m)"
        case let .io(m): return "I/O error: \(m)"
        }
    }
}

/// Reads one schema file, dropping whole-line `//` comments first.
func loadSchema(at url: URL) throws -> JSONValue {
    let text = try String(contentsOf: url, encoding: .utf8)
    let stripped = text.split(separator: "\n", omittingEmptySubsequences: false)
        .filter { !$0.trimmingCharacters(in: .whitespaces).hasPrefix("//") }
        .joined(separator: "\n")
    return try JSONDecoder().decode(JSONValue.self, from: Data(stripped.utf8))
}
