import Foundation
import Testing
import KafkitCLI

/// The built `kafkit` binary run as a user runs it: as `kafkit dump-log` and through a link
/// named `kafka-dump-log.sh`.
@Suite("dump-log end to end")
struct DumpLogEndToEndTests {
    /// `kafkit` in the build products directory, next to the test resources bundle.
    static var binary: String? {
        let path = Bundle.module.bundleURL.deletingLastPathComponent().path + "/kafkit"
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }

    static func run(_ executable: String, _ arguments: [String]) async throws -> (code: Int32, out: String, err: String) {
        let result = try await KafkitBinary.run(executable, arguments)
        let directory = DumpLogFixtures.dataDirectory
        return (result.code, result.out.replacingOccurrences(of: directory, with: "$DIR"),
                result.err.replacingOccurrences(of: directory, with: "$DIR"))
    }

    static func expected(_ run: DumpLogRun) throws -> (Int32, String, String) {
        (Int32(try DumpLogFixtures.recorded(run, "exit").trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1,
         try DumpLogFixtures.recorded(run, "out"), try DumpLogFixtures.recorded(run, "err"))
    }

    /// A few recorded runs covering each kind of file and an exception.
    static let sampleKeys: Set<String> = [
        "fx-plain-0/00000000000000000000.log deep-print",
        "fx-compressed-java-0/00000000000000000000.log print",
        "fx-plain-0/00000000000000000000.index plain",
        "fx-plain-0/00000000000000000000.timeindex verify",
        "fx-idempotent-0/00000000000000000008.snapshot plain",
        "fx-transactional-0/00000000000000000000.txnindex plain",
        "fx-plain-0/leader-epoch-checkpoint plain",
        "bootstrap.checkpoint cluster-metadata-decoder",
    ]
    static let sample: [DumpLogRun] = DumpLogFixtures.runs.filter { sampleKeys.contains($0.file + " " + $0.mode) }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"), arguments: sample)
    func kafkitDumpLog(_ run: DumpLogRun) async throws {
        let binary = try #require(Self.binary)
        let args = ["dump-log"] + run.args.map { $0.replacingOccurrences(of: "$DIR", with: DumpLogFixtures.dataDirectory) }
        let (code, out, err) = try await Self.run(binary, args)
        let (expectedCode, expectedOut, expectedErr) = try Self.expected(run)
        #expect(code == expectedCode)
        #expect(out == expectedOut)
        #expect(err == expectedErr)
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func throughAKafkaScriptLink() async throws {
        let binary = try #require(Self.binary)
        let directory = NSTemporaryDirectory() + "kafkit-link-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let link = directory + "/kafka-dump-log.sh"
        try FileManager.default.createSymbolicLink(atPath: link, withDestinationPath: binary)

        let run = try #require(Self.sample.first { $0.mode == "deep-print" })
        let (code, out, err) = try await Self.run(link, run.args.map {
            $0.replacingOccurrences(of: "$DIR", with: DumpLogFixtures.dataDirectory)
        })
        let (expectedCode, expectedOut, expectedErr) = try Self.expected(run)
        #expect(code == expectedCode)
        #expect(out == expectedOut)
        #expect(err == expectedErr)

        let version = try await Self.run(link, ["--version"])
        #expect(version.code == 0)
        #expect(version.out == JoptCommandLine.versionLine + "\n")

        let usage = try await Self.run(link, [])
        #expect(usage.code == 1)
        #expect(usage.out.isEmpty)
        #expect(usage.err.hasPrefix("This tool helps to parse a log file"))

        let unknown = try await Self.run(link, ["--files", "x.log", "--bogus"])
        #expect(unknown.code == 1)
        #expect(unknown.err == "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: bogus is not a recognized option\n")
    }
}
