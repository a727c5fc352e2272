import Foundation
import KafkaBroker

/// The client-side part of `LogConfig.validate` that `kafka-topics.sh --create` runs before
/// sending anything: unknown names, then each value parsed as its type (`ConfigDef.parseType`),
/// in the order Kafka defines the configs. Ranges and enumerations are left to the broker.
enum TopicConfigValidation {
    static func validate(_ configs: [(String, String)]) throws(TopicCommandException) {
        for (name, _) in configs where TopicConfigDef.byName[name] == nil {
            throw TopicCommandException(
                className: "org.apache.kafka.common.errors.InvalidConfigurationException",
                message: "Unknown topic config name: \(name)")
        }
        for definition in TopicConfigDef.all {
            guard let value = configs.last(where: { $0.0 == definition.name })?.1 else { continue }
            if let problem = typeProblem(value, definition.type) {
                throw TopicCommandException(
                    className: "org.apache.kafka.common.config.ConfigException",
                    message: "Invalid value \(value) for configuration \(definition.name): \(problem)")
            }
        }
    }

    /// Why `value` does not parse as `type`, in `ConfigDef.parseType`'s words.
    static func typeProblem(_ value: String, _ type: TopicConfigDef.ConfigType) -> String? {
        let trimmed = TopicArgumentParsing.javaTrim(value)
        switch type {
        case .int: return Int32(trimmed, radix: 10) == nil ? "Not a number of type INT" : nil
        case .long: return Int64(trimmed, radix: 10) == nil ? "Not a number of type LONG" : nil
        case .short: return Int16(trimmed, radix: 10) == nil ? "Not a number of type SHORT" : nil
        case .double: return Double(joptArgument: trimmed) == nil ? "Not a number of type DOUBLE" : nil
        case .boolean:
            let lower = trimmed.lowercased()
            return lower == "true" || lower == "false" ? nil : "Expected value to be either true or false"
        default: return nil
        }
    }
}
