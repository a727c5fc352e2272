import KafkaProtocol

/// One KIP-853 voter as written on the command line (`DynamicVoter.java`):
/// `<id>@<host>:<port>:<directory id>`, IPv6 hosts in brackets.
public struct DynamicVoter: Sendable, Hashable, CustomStringConvertible {
    public var nodeId: Int32
    public var host: String
    public var port: Int32
    public var directoryId: KafkaUUID

    public init(nodeId: Int32, host: String, port: Int32, directoryId: KafkaUUID) {
        self.nodeId = nodeId
        self.host = host
        self.port = port
        self.directoryId = directoryId
    }

    /// Parses with `DynamicVoter.parse`'s rules and messages.
    public init(parsing input: String) throws(DynamicVotersError) {
        var rest = Substring(input.trimmingJavaWhitespace())
        guard let at = rest.firstIndex(of: "@") else { throw .init("No @ found in dynamic voter string.") }
        guard at != rest.startIndex else { throw .init("Invalid @ at beginning of dynamic voter string.") }
        guard let id = Int32(rest[..<at]) else { throw .init("Failed to parse node id in dynamic voter string.") }
        guard id >= 0 else { throw .init("Invalid negative node id \(id) in dynamic voter string.") }
        rest = rest[rest.index(after: at)...]
        guard !rest.isEmpty else { throw .init("No hostname found after node id.") }
        let host: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else {
                throw .init("Hostname began with left bracket, but no right bracket was found.")
            }
            host = rest[rest.index(after: rest.startIndex)..<close]
            rest = rest[rest.index(after: close)...]
        } else {
            guard let colon = rest.firstIndex(of: ":") else { throw .init("No colon following hostname could be found.") }
            host = rest[..<colon]
            rest = rest[colon...]
        }
        guard rest.hasPrefix(":") else { throw .init("Port section must start with a colon.") }
        rest = rest.dropFirst()
        guard let colon = rest.firstIndex(of: ":") else { throw .init("No colon following port could be found.") }
        guard let port = Int32(rest[..<colon]) else { throw .init("Failed to parse port in dynamic voter string.") }
        guard (0...65535).contains(port) else { throw .init("Invalid port \(port) in dynamic voter string.") }
        guard let directoryId = KafkaUUID(String(rest[rest.index(after: colon)...])) else {
            throw .init("Failed to parse directory ID in dynamic voter string.")
        }
        self.init(nodeId: id, host: String(host), port: port, directoryId: directoryId)
    }

    public var description: String {
        host.contains(":") ? "\(nodeId)@[\(host)]:\(port):\(directoryId)" : "\(nodeId)@\(host):\(port):\(directoryId)"
    }
}

/// The initial voter set of `--initial-controllers` / `--standalone` (`DynamicVoters.java`),
/// ordered by node id.
public struct DynamicVoters: Sendable, Hashable, CustomStringConvertible {
    public let voters: [DynamicVoter]

    public init(_ voters: [DynamicVoter]) throws(DynamicVotersError) {
        guard !voters.isEmpty else { throw .init("No voters given.") }
        var seen = Set<Int32>()
        for voter in voters where !seen.insert(voter.nodeId).inserted {
            throw .init("Node id \(voter.nodeId) was specified more than once.")
        }
        self.voters = voters.sorted { $0.nodeId < $1.nodeId }
    }

    /// Comma-separated voters; empty items are skipped.
    public init(parsing input: String) throws(DynamicVotersError) {
        var parsed: [DynamicVoter] = []
        for item in input.trimmingJavaWhitespace().split(separator: ",", omittingEmptySubsequences: true) {
            parsed.append(try DynamicVoter(parsing: String(item)))
        }
        try self.init(parsed)
    }

    public func voter(nodeId: Int32) -> DynamicVoter? { voters.first { $0.nodeId == nodeId } }

    public var description: String { voters.map(\.description).joined(separator: ",") }
}

/// Java's `IllegalArgumentException` from voter parsing.
public struct DynamicVotersError: Error, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    /// Java's `String.trim()`: strips characters up to U+0020 at both ends.
    func trimmingJavaWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { $0.value > 0x20 }),
              let last = scalars.lastIndex(where: { $0.value > 0x20 }) else { return "" }
        return String(scalars[first...last])
    }
}
