import Foundation
import KafkaProtocol
import Testing
@testable import KafkaStorage

@Suite("QuorumStateFile")
struct QuorumStateFileTests {
    @Test("the fixture (version 0) reads and writes back byte for byte")
    func fixtureRoundTrip() throws {
        let text = try LogDirFixtures.text("__cluster_metadata-0/quorum-state")
        let state = try #require(try QuorumStateFile(path: LogDirFixtures.path("__cluster_metadata-0/quorum-state")).read())
        #expect(state.dataVersion == 0)
        #expect(QuorumStateFile.encode(state) == text)
    }

    @Test("version 1 has votedDirectoryId and no v0 fields")
    func version1() throws {
        let id = KafkaUUID.random()
        let state = QuorumState(dataVersion: 1, leaderId: 2, leaderEpoch: 5, votedId: 2, votedDirectoryId: id)
        let text = QuorumStateFile.encode(state)
        #expect(text == "{\"leaderId\":2,\"leaderEpoch\":5,\"votedId\":2,\"votedDirectoryId\":\"\(id)\",\"data_version\":1}")
        #expect(try QuorumStateFile.decode(text, location: "q") == state)
    }

    @Test("version 0 with null voters and an escaped cluster id")
    func version0Null() throws {
        let state = QuorumState(dataVersion: 0, clusterId: "a\"b", currentVoters: nil)
        let text = QuorumStateFile.encode(state)
        #expect(text.contains("\"clusterId\":\"a\\\"b\""))
        #expect(text.contains("\"currentVoters\":null"))
        #expect(try QuorumStateFile.decode(text, location: "q") == state)
    }

    @Test("write goes through .tmp; missing file reads as nil")
    func writeRead() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let file = QuorumStateFile(path: scratch.file(QuorumStateFile.fileName))
        #expect(try file.read() == nil)
        let state = QuorumState(dataVersion: 1, leaderId: 1, leaderEpoch: 3)
        try file.write(state)
        #expect(try file.read() == state)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scratch.path) == [QuorumStateFile.fileName])
    }

    @Test("bad files are errors", arguments: [
        "", "not json", "[]", "{\"leaderId\":1}", "{\"data_version\":7}", "{\"data_version\":1,\"leaderId\":\"x\"}",
        "{\"data_version\":1,\"votedDirectoryId\":\"bad\"}", "{\"data_version\":0,\"currentVoters\":[{}]}",
    ])
    func badFiles(text: String) {
        #expect(throws: LogDirFileError.self) { try QuorumStateFile.decode(text, location: "q") }
    }
}
