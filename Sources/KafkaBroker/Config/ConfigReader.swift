/// Typed reads of config values with Kafka's `ConfigDef` parse messages.
struct ConfigReader {
    let properties: [String: String]

    init(_ properties: [String: String]) { self.properties = properties }

    static func list(_ text: String) -> [String] {
        text.split(separator: ",").map { $0.trimmingSpaces }.filter { !$0.isEmpty }
    }

    func int32(_ key: String) throws(KafkaConfigError) -> Int32? {
        guard let text = properties[key]?.trimmingSpaces else { return nil }
        guard let value = Int32(text) else { throw .invalid(key: key, value: text, reason: "Not a number of type INT") }
        return value
    }

    func int32(_ key: String, default value: Int32, atLeast minimum: Int32? = nil) throws(KafkaConfigError) -> Int32 {
        let result = try int32(key) ?? value
        if let minimum, result < minimum {
            throw .invalid(key: key, value: String(result), reason: "Value must be at least \(minimum)")
        }
        return result
    }

    func int64(_ key: String, default value: Int64, atLeast minimum: Int64? = nil) throws(KafkaConfigError) -> Int64 {
        var result = value
        if let text = properties[key]?.trimmingSpaces {
            guard let parsed = Int64(text) else { throw .invalid(key: key, value: text, reason: "Not a number of type LONG") }
            result = parsed
        }
        if let minimum, result < minimum {
            throw .invalid(key: key, value: String(result), reason: "Value must be at least \(minimum)")
        }
        return result
    }

    func bool(_ key: String, default value: Bool) throws(KafkaConfigError) -> Bool {
        guard let text = properties[key]?.trimmingSpaces else { return value }
        switch text.lowercased() {
        case "true": return true
        case "false": return false
        default: throw .invalid(key: key, value: text, reason: "Expected value to be either true or false")
        }
    }
}
