import Foundation
import Testing
@testable import KafkitCLI

/// One recorded `kafka-dump-log.sh` run from `dump-log-runs.json`.
struct DumpLogRun: Decodable, Sendable, CustomTestStringConvertible {
    var file: String
    var mode: String
    var exit: Int32
    var args: [String]

    var testDescription: String { "\(file) [\(mode)]" }
}

enum DumpLogFixtures {
    /// The copy of the fixture set's `data/` directory inside the test bundle.
    static var dataDirectory: String {
        Bundle.module.resourceURL?.appendingPathComponent("Fixtures/kafka-4.0/data").path ?? ""
    }

    static let runs: [DumpLogRun] = {
        guard let url = Bundle.module.resourceURL?.appendingPathComponent("Fixtures/kafka-4.0/dump-log-runs.json"),
              let data = try? Data(contentsOf: url),
              let runs = try? JSONDecoder().decode([DumpLogRun].self, from: data) else { return [] }
        return runs
    }()

    static func recorded(_ run: DumpLogRun, _ stream: String) throws -> String {
        let path = dataDirectory + "/" + run.file + "." + run.mode + "." + stream
        return try String(contentsOfFile: path, encoding: .utf8)
    }

    /// Runs our tool in-process with `$DIR` pointing at `directory`; returns exit code, stdout
    /// and stderr with the directory replaced by `$DIR` again.
    static func runTool(_ arguments: [String], directory: String = dataDirectory) async -> (Int32, String, String) {
        let console = ToolConsole.capturing()
        let args = arguments.map { $0.replacingOccurrences(of: "$DIR", with: directory) }
        let code = await DumpLogCommand.execute(arguments: args, console: console)
        return (code,
                console.capturedOut.replacingOccurrences(of: directory, with: "$DIR"),
                console.capturedErr.replacingOccurrences(of: directory, with: "$DIR"))
    }
}

@Suite("dump-log reproduces Kafka 4.0's recorded runs")
struct DumpLogFixtureTests {
    @Test func everyRecordedRunIsListed() {
        #expect(DumpLogFixtures.runs.count == 478)
    }

    @Test(arguments: DumpLogFixtures.runs)
    func recordedRun(_ run: DumpLogRun) async throws {
        let (code, out, err) = await DumpLogFixtures.runTool(run.args)
        let expectedOut = try DumpLogFixtures.recorded(run, "out")
        let expectedErr = try DumpLogFixtures.recorded(run, "err")
        let expectedExit = try DumpLogFixtures.recorded(run, "exit")
        #expect("\(code)\n" == expectedExit)
        #expect(run.exit == code)
        expectSameLines(out, expectedOut, "stdout")
        expectSameLines(err, expectedErr, "stderr")
    }

    /// Compares line by line so a failure names the first differing line.
    func expectSameLines(_ actual: String, _ expected: String, _ stream: String,
                         sourceLocation: SourceLocation = #_sourceLocation) {
        guard actual != expected else { return }
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        for i in 0..<max(a.count, e.count) {
            let al = i < a.count ? String(a[i]) : "<missing>"
            let el = i < e.count ? String(e[i]) : "<missing>"
            if al != el {
                Issue.record("\(stream) line \(i + 1) differs:\n  ours:  \(al)\n  kafka: \(el)",
                             sourceLocation: sourceLocation)
                return
            }
        }
        Issue.record("\(stream) differs", sourceLocation: sourceLocation)
    }
}
