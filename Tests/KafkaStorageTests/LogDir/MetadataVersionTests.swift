import Testing
@testable import KafkaStorage

@Suite("MetadataVersion and features")
struct MetadataVersionTests {
    @Test("versions: levels 7...26, 4.0-IV3 is the latest production")
    func table() {
        #expect(MetadataVersion.all.map(\.featureLevel) == Array(7...26))
        #expect(MetadataVersion.latestProduction.version == "4.0-IV3")
        #expect(MetadataVersion.latestProduction.featureLevel == 25)
        #expect(MetadataVersion.latestTesting.version == "4.1-IV0")
        #expect(!MetadataVersion.latestTesting.isProduction)
        #expect(MetadataVersion.ibp_3_5_IV2.isScramSupported && !MetadataVersion.ibp_3_5_IV1.isScramSupported)
    }

    @Test("fromVersionString accepts full versions and releases", arguments: [
        ("4.0-IV3", 25), ("4.0", 25), ("4.0.1", 25), ("3.9", 21), ("3.7", 19), ("3.7-IV1", 16), ("3.3", 7), ("4.1", 26),
    ])
    func fromVersionString(text: String, level: Int) throws {
        #expect(try MetadataVersion.fromVersionString(text).featureLevel == Int16(level))
    }

    @Test("unknown versions and levels are errors", arguments: ["3.2", "2.8", "9.9", "", "4.0-IV9", "abc"])
    func unknownVersion(text: String) {
        #expect(throws: MetadataVersionError.invalidVersionString(text)) { try MetadataVersion.fromVersionString(text) }
    }

    @Test("fromFeatureLevel")
    func fromFeatureLevel() throws {
        #expect(try MetadataVersion.fromFeatureLevel(21).version == "3.9-IV0")
        #expect(throws: MetadataVersionError.unknownFeatureLevel(6)) { try MetadataVersion.fromFeatureLevel(6) }
        #expect(throws: MetadataVersionError.unknownFeatureLevel(99)) { try MetadataVersion.fromFeatureLevel(99) }
    }

    @Test("feature defaults per metadata.version")
    func defaults() {
        func levels(_ version: MetadataVersion) -> [Int16] { KafkaFeature.production.map { $0.defaultLevel(for: version) } }
        #expect(KafkaFeature.production.map(\.name) == ["kraft.version", "transaction.version", "group.version", "eligible.leader.replicas.version"])
        #expect(levels(.ibp_4_0_IV3) == [1, 2, 1, 0])
        #expect(levels(.ibp_3_9_IV0) == [1, 0, 0, 0])
        #expect(levels(.ibp_3_8_IV0) == [0, 0, 0, 0])
        #expect(levels(.ibp_4_1_IV0) == [1, 2, 1, 1])
    }

    @Test("feature levels and dependencies")
    func dependencies() throws {
        let elr = KafkaFeature.eligibleLeaderReplicasVersion
        let one = try elr.level(1, allowUnstable: false)
        #expect(one.dependencies == [KafkaFeature.Dependency(feature: "metadata.version", level: 23)])
        try elr.validate(one, against: ["metadata.version": 25])
        #expect(throws: KafkaFeatureError.dependencyNotMet(feature: elr.name, level: 1, dependency: one.dependencies[0])) {
            try elr.validate(one, against: ["metadata.version": 22])
        }
        #expect(throws: KafkaFeatureError.unsupportedLevel(feature: "group.version", level: 2)) {
            try KafkaFeature.groupVersion.level(2, allowUnstable: true)
        }
    }
}
