import Testing
@testable import KafkitCLI

@Suite("kafka-storage version-mapping and feature-dependencies")
struct StorageFeatureCommandTests {
    @Test("version-mapping prints the reference output for the default release")
    func defaultMapping() {
        let run = StorageRun(["version-mapping"])
        #expect(run.exitCode == 0)
        // The block recorded in reference/cli/storage.md.
        #expect(run.stdout == """
            metadata.version=25 (4.0-IV3)
            kraft.version=1
            transaction.version=2
            group.version=1
            eligible.leader.replicas.version=0

            """)
    }

    @Test("version-mapping echoes the release as given", arguments: [
        ("3.9", "metadata.version=21 (3.9)\nkraft.version=1\ntransaction.version=0\ngroup.version=0\neligible.leader.replicas.version=0\n"),
        ("3.3-IV3", "metadata.version=7 (3.3-IV3)\nkraft.version=0\ntransaction.version=0\ngroup.version=0\neligible.leader.replicas.version=0\n"),
        ("4.0-IV0", "metadata.version=22 (4.0-IV0)\nkraft.version=1\ntransaction.version=0\ngroup.version=1\neligible.leader.replicas.version=0\n"),
    ])
    func mapping(release: String, expected: String) {
        #expect(StorageRun(["version-mapping", "-r", release]).stdout == expected)
    }

    @Test("version-mapping rejects unknown releases")
    func unknownRelease() {
        let run = StorageRun(["version-mapping", "--release-version", "x"])
        #expect(run.exitCode == 1)
        #expect(run.stdout == "")
        #expect(run.stderr == "Unknown release version 'x'. Supported versions are: 3.3-IV3 to 4.0-IV3\n")
    }

    @Test("feature-dependencies prints each feature's needs")
    func dependencies() {
        let run = StorageRun(["feature-dependencies", "-f", "metadata.version=25", "-f", "group.version=1", "--feature", "kraft.version=1", "-f", "eligible.leader.replicas.version=1"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == """
            metadata.version=25 (4.0-IV3) has no dependencies.
            group.version=1 has no dependencies.
            kraft.version=1 requires:
                metadata.version=21 (3.9-IV0)
            eligible.leader.replicas.version=1 requires:
                metadata.version=23 (4.0-IV1)

            """)
    }

    @Test("feature-dependencies errors", arguments: [
        ("group.version=x", "Invalid version format: x for feature group.version\n"),
        ("metadata.version=99", "Unknown metadata.version 99\n"),
        ("group.version=9", "Feature level 9 is not supported for feature group.version\n"),
        ("foo=1", "Unknown feature: foo\n"),
    ])
    func errors(feature: String, stderr: String) {
        let run = StorageRun(["feature-dependencies", "-f", "group.version=1", "-f", feature])
        #expect(run.exitCode == 1)
        #expect(run.stdout == "group.version=1 has no dependencies.\n")
        #expect(run.stderr == stderr)
    }

    @Test("a feature argument that is not name=level is an uncaught MatchError")
    func matchError() {
        let run = StorageRun(["feature-dependencies", "-f", "group.version"])
        #expect(run.exitCode == 1)
        #expect(run.stderr.hasPrefix("Exception in thread \"main\" scala.MatchError: "))
    }
}
