import Foundation
import Testing
@testable import KafkaStorage

@Suite("CleanShutdownFile")
struct CleanShutdownFileTests {
    @Test("the fixture reads, and the same epoch encodes to the same bytes")
    func fixture() throws {
        let text = try LogDirFixtures.text(CleanShutdownFile.fileName)
        let epoch = try #require(CleanShutdownFile(directory: LogDirFixtures.directory).read())
        #expect(CleanShutdownFile.encode(brokerEpoch: epoch) == text)
    }

    @Test("write, read and delete")
    func writeReadDelete() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        let file = CleanShutdownFile(directory: scratch.path)
        #expect(!file.exists)
        #expect(file.read() == nil)
        try file.write(brokerEpoch: 123_456_789_012)
        #expect(file.read() == 123_456_789_012)
        try file.delete()
        #expect(!file.exists)
    }

    @Test("unreadable content is nil, a missing epoch is -1, string epochs are accepted")
    func decodeVariants() {
        #expect(CleanShutdownFile.decode("garbage") == nil)
        #expect(CleanShutdownFile.decode("{\"version\":0}") == -1)
        #expect(CleanShutdownFile.decode("{\"version\":\"0\",\"brokerEpoch\":\"9\"}") == 9)
        #expect(CleanShutdownFile.decode("{\"brokerEpoch\":[1]}") == nil)
    }
}
