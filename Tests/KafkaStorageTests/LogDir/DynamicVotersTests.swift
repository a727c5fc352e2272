import KafkaProtocol
import Testing
@testable import KafkaStorage

@Suite("DynamicVoters")
struct DynamicVotersTests {
    @Test("parses id@host:port:directory lists, IPv6 in brackets, sorted by id")
    func parse() throws {
        let a = KafkaUUID.random(), b = KafkaUUID.random()
        let voters = try DynamicVoters(parsing: " 2@[::1]:9093:\(b),1@localhost:8082:\(a), ")
        #expect(voters.voters.map(\.nodeId) == [1, 2])
        #expect(voters.voters[1].host == "::1")
        #expect(voters.voters[0] == DynamicVoter(nodeId: 1, host: "localhost", port: 8082, directoryId: a))
        #expect(voters.description == "1@localhost:8082:\(a),2@[::1]:9093:\(b)")
        #expect(voters.voter(nodeId: 2)?.directoryId == b)
    }

    @Test("bad voters give DynamicVoter's messages", arguments: [
        ("localhost:1:AAAAAAAAAAAAAAAAAAAAAA", "No @ found in dynamic voter string."),
        ("@localhost:1:AAAAAAAAAAAAAAAAAAAAAA", "Invalid @ at beginning of dynamic voter string."),
        ("x@localhost:1:AAAAAAAAAAAAAAAAAAAAAA", "Failed to parse node id in dynamic voter string."),
        ("-1@localhost:1:AAAAAAAAAAAAAAAAAAAAAA", "Invalid negative node id -1 in dynamic voter string."),
        ("1@", "No hostname found after node id."),
        ("1@[::1:1:AAAAAAAAAAAAAAAAAAAAAA", "Hostname began with left bracket, but no right bracket was found."),
        ("1@localhost", "No colon following hostname could be found."),
        ("1@[::1]1:AAAAAAAAAAAAAAAAAAAAAA", "Port section must start with a colon."),
        ("1@localhost:1", "No colon following port could be found."),
        ("1@localhost:x:AAAAAAAAAAAAAAAAAAAAAA", "Failed to parse port in dynamic voter string."),
        ("1@localhost:70000:AAAAAAAAAAAAAAAAAAAAAA", "Invalid port 70000 in dynamic voter string."),
        ("1@localhost:1:nope", "Failed to parse directory ID in dynamic voter string."),
    ])
    func badVoter(text: String, message: String) {
        #expect(throws: DynamicVotersError(message)) { try DynamicVoters(parsing: text) }
    }

    @Test("empty lists and duplicate ids are rejected")
    func badSets() {
        #expect(throws: DynamicVotersError("No voters given.")) { try DynamicVoters(parsing: " , ") }
        #expect(throws: DynamicVotersError("Node id 1 was specified more than once.")) {
            try DynamicVoters(parsing: "1@a:1:AAAAAAAAAAAAAAAAAAAAAA,1@b:2:AAAAAAAAAAAAAAAAAAAAAQ")
        }
    }
}
