/// What a shell offers for an option's argument. Decided from the option's name and argument
/// description, so tools registered later get the same treatment without a table entry.
enum ShellValueCompletion: Sendable, Equatable {
    /// A flag: no argument.
    case none
    /// Free text: nothing to offer.
    case value
    /// Topic names, asked from the broker on the command line (`kafkit __complete topics`).
    case topics
    /// Consumer group ids, asked from the broker (`kafkit __complete groups`).
    case groups
    case file
    case directory
    /// A fixed set of words.
    case choices([String])

    /// Options whose argument is a fixed set of words, by option name.
    static let choiceOptions: [String: [String]] = [
        "output": ToolOutputFormat.allCases.map(\.rawValue),
        "entity-type": ["topics", "clients", "users", "brokers", "broker-loggers", "ips", "client-metrics", "groups"],
        "election-type": ["PREFERRED", "UNCLEAN"],
        "isolation-level": ["read_committed", "read_uncommitted"],
        "compression-codec": ["none", "gzip", "snappy", "lz4", "zstd"],
        "compression-type": ["none", "gzip", "snappy", "lz4", "zstd"],
        "time": ["earliest", "latest", "max-timestamp", "-1", "-2", "-3"],
    ]

    /// Options whose argument is a file although neither name nor description says so.
    static let fileOptions: Set<String> = ["files", "command-config", "admin.config", "producer.config", "consumer.config"]

    static func classify(name: String, valueName: String, tool: String, argparse: Bool = false) -> ShellValueCompletion {
        if name == "topic" || name == "topics" { return .topics }
        if name == "group" { return .groups }
        if let choices = choiceOptions[name] { return .choices(choices) }
        // argparse4j tools name a properties file `--config` (storage); jopt tools use it for `k=v`.
        if fileOptions.contains(name) || name.hasSuffix("-file") || name.hasSuffix("-config-file")
            || valueName.lowercased().contains("file") || (argparse && name == "config")
        {
            return .file
        }
        if name.hasSuffix("-dir") || name.hasSuffix("-directory") { return .directory }
        return .value
    }
}
