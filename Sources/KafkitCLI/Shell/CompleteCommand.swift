import ArgumentParser
import KafkaClient

/// `kafkit __complete topics|groups --bootstrap-server X [--command-config F]`: the names the
/// shell completions offer, one per line, asked from the broker. It never stands in the way of
/// typing: any failure, and anything slower than `timeout`, prints nothing and exits 0.
struct CompleteCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "__complete", abstract: "Print topic or group names for shell completion.",
        shouldDisplay: false, helpNames: [])

    @Argument(parsing: .captureForPassthrough) var arguments: [String] = []

    /// The whole budget, connection included: completion must feel instant.
    static let timeout: Duration = .seconds(1)

    func run() async {
        let names = await Self.names(arguments: arguments, timeout: Self.timeout)
        if !names.isEmpty { print(names.joined(separator: "\n")) }
    }

    enum Kind: String { case topics, groups }

    static func names(arguments: [String], timeout: Duration) async -> [String] {
        guard let kind = arguments.first.flatMap(Kind.init(rawValue:)),
              let config = clientConfig(Array(arguments.dropFirst()), timeout: timeout)
        else { return [] }
        return await firstOf(timeout: timeout) {
            let admin = KafkaAdminClient(config: config)
            let names: [String]
            switch kind {
            case .topics: names = (try? await admin.listTopics(listInternal: false).map(\.name)) ?? []
            case .groups: names = (try? await admin.listGroups().map(\.groupId)) ?? []
            }
            await admin.close()
            return names.sorted()
        }
    }

    /// `--bootstrap-server X` / `--bootstrap-server=X` and `--command-config F`; nil without a server.
    static func clientConfig(_ arguments: [String], timeout: Duration) -> ClientConfig? {
        var values: [String: String] = [:]
        var index = 0
        while index < arguments.count {
            let word = arguments[index]
            for name in ["--bootstrap-server", "--command-config"] {
                if word == name, index + 1 < arguments.count {
                    values[name] = arguments[index + 1]
                    index += 1
                } else if word.hasPrefix(name + "=") {
                    values[name] = String(word.dropFirst(name.count + 1))
                }
            }
            index += 1
        }
        guard let server = values["--bootstrap-server"], !server.isEmpty,
              var config = try? ToolClientConfig.make(bootstrapServer: server, configFile: values["--command-config"])
        else { return nil }
        let millis = timeout.components.seconds * 1000 + timeout.components.attoseconds / 1_000_000_000_000_000
        config.requestTimeoutMs = millis
        config.defaultApiTimeoutMs = millis
        config.socketConnectionSetupTimeoutMs = millis
        return config
    }

    /// The result of `work`, or `[]` if it takes longer than `timeout`. The slow task is left
    /// behind rather than awaited: the process exits right after.
    static func firstOf(timeout: Duration, _ work: @escaping @Sendable () async -> [String]) async -> [String] {
        let once = Once()
        return await withCheckedContinuation { continuation in
            Task {
                let names = await work()
                if await once.claim() { continuation.resume(returning: names) }
            }
            Task {
                try? await Task.sleep(for: timeout)
                if await once.claim() { continuation.resume(returning: []) }
            }
        }
    }

    private actor Once {
        private var claimed = false
        func claim() -> Bool {
            defer { claimed = true }
            return !claimed
        }
    }
}
