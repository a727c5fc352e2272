import Foundation
import Testing
@testable import KafkaStorage

@Suite("SnapshotId")
struct SnapshotIdTests {
    @Test("file names are <20-digit offset>-<10-digit epoch>.checkpoint")
    func names() {
        #expect(SnapshotId.bootstrap.fileName == "00000000000000000000-0000000000.checkpoint")
        let id = SnapshotId(endOffset: 166, epoch: 1)
        #expect(id.fileName == "00000000000000000166-0000000001.checkpoint")
        #expect(id.partialFileName == "00000000000000000166-0000000001.checkpoint.part")
        #expect(id.deletedFileName == "00000000000000000166-0000000001.checkpoint.deleted")
    }

    @Test("the fixture's snapshot names parse")
    func fixtureNames() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: LogDirFixtures.path("__cluster_metadata-0"))
        let ids = names.compactMap(SnapshotId.init(fileName:))
        #expect(ids == [SnapshotId(endOffset: 166, epoch: 1)])
        for id in ids { #expect(names.contains(id.fileName)) }
    }

    @Test("other names are rejected", arguments: [
        "00000000000000000000.log", "quorum-state", "0-0.checkpoint", "00000000000000000166-000000001.checkpoint",
        "0000000000000000016a-0000000001.checkpoint", "00000000000000000166-0000000001-1.checkpoint",
        "99999999999999999999-0000000001.checkpoint",
    ])
    func rejected(name: String) {
        #expect(SnapshotId(fileName: name) == nil)
    }

    @Test("partial and deleted names parse; ids order by offset then epoch")
    func suffixesAndOrder() {
        #expect(SnapshotId(fileName: "00000000000000000005-0000000002.checkpoint.part") == SnapshotId(endOffset: 5, epoch: 2))
        #expect(SnapshotId(fileName: "00000000000000000005-0000000002.checkpoint.deleted") == SnapshotId(endOffset: 5, epoch: 2))
        #expect(SnapshotId(endOffset: 5, epoch: 2) < SnapshotId(endOffset: 6, epoch: 1))
        #expect(SnapshotId(endOffset: 5, epoch: 1) < SnapshotId(endOffset: 5, epoch: 2))
    }
}
