import Foundation
import Testing
@testable import KafkitCLI

@Suite("kafka-storage argument parsing (argparse4j)")
struct StorageParserTests {
    static let formatUsage = """
        usage: kafka-storage format [-h] --config CONFIG --cluster-id CLUSTER_ID
                             [--add-scram ADD_SCRAM] [--ignore-formatted]
                             [--release-version RELEASE_VERSION]
                             [--feature FEATURE] [--standalone |
                             --no-initial-controllers |
                             --initial-controllers INITIAL_CONTROLLERS]

        """

    @Test("parse errors: usage, then 'kafka-storage: error: <msg>' on stderr, exit 1", arguments: [
        ([], "too few arguments"),
        (["format", "-c", "x"], "argument --cluster-id/-t is required"),
        (["format"], "argument --cluster-id/-t is required"),
        (["format", "-t", "x"], "argument --config/-c is required"),
        (["format", "-t", "x", "-c", "y", "-s", "-N"], "argument --no-initial-controllers/-N: not allowed with argument --standalone/-s"),
        (["format", "-t", "x", "-c", "y", "-N", "-I", "1@a:1:AAAAAAAAAAAAAAAAAAAAAA"], "argument --initial-controllers/-I: not allowed with argument --no-initial-controllers/-N"),
        (["format", "-t"], "argument --cluster-id/-t: expected one argument"),
        (["format", "--c", "x"], "ambiguous option: --c could match --cluster-id, --config"),
        (["format", "-t", "x", "-c", "y", "--ignore-formatted=yes"], "argument --ignore-formatted/-g: ignore implicit argument 'yes'"),
        (["format", "-t", "x", "-c", "y", "extra"], "unrecognized arguments: 'extra'"),
        (["info", "-c", "x", "--bogus"], "unrecognized arguments: '--bogus'"),
        (["f"], "ambiguous command: f could match feature-dependencies, format"),
        (["feature-dependencies"], "argument --feature/-f is required"),
    ])
    func errors(arguments: [String], message: String) {
        let run = StorageRun(arguments)
        #expect(run.exitCode == 1)
        #expect(run.stdout == "")
        #expect(run.stderr.hasPrefix("usage: kafka-storage"))
        #expect(run.stderr.split(separator: "\n").contains { $0 == "kafka-storage: error: \(message)" })
    }

    @Test("the format usage lists the options like argparse4j")
    func formatUsage() {
        let run = StorageRun(["format", "-c", "x"])
        #expect(run.stderr == Self.formatUsage + "kafka-storage: error: argument --cluster-id/-t is required\n")
    }

    @Test("an unknown sub-command lists the choices and suggestions")
    func unknownCommand() {
        let run = StorageRun(["formatt"])
        #expect(run.exitCode == 1)
        #expect(run.stderr.contains("kafka-storage: error: invalid choice: 'formatt' (choose from 'info', 'format', 'version-mapping', 'feature-dependencies', 'random-uuid')\n"))
        #expect(run.stderr.hasSuffix("\nDid you mean:\n\tformat\n"))
    }

    @Test("unique prefixes of sub-commands and options are accepted; --opt=value and -oVALUE too")
    func prefixes() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let config = try StorageFixtures.config("single.properties", root: scratch.path)
        let run = StorageRun(["form", "--cluster=abc", "--conf", config, "--ign", "--release-v", "4.0"])
        #expect(run.exitCode == 0)
        #expect(run.stdout == "Formatting metadata directory \(scratch.path)/data-single with metadata.version 4.0-IV3.\n")
        let again = StorageRun(["fo", "-tabc", "-c\(config)", "-g"])
        #expect(again.stdout == "All of the log directories are already formatted.\n")
        #expect(StorageRun(["rand"]).exitCode == 0)
        #expect(StorageRun(["version-m", "--rel", "3.9"]).stdout.hasPrefix("metadata.version=21 (3.9)\n"))
    }

    @Test("@file arguments are expanded")
    func argumentFile() throws {
        let scratch = try StorageScratch()
        defer { scratch.remove() }
        let file = try scratch.write("version-mapping\n--release-version\n3.9\n", to: "args")
        #expect(StorageRun(["@" + file]).stdout.hasPrefix("metadata.version=21 (3.9)\n"))
        let missing = StorageRun(["@" + scratch.path + "/none"])
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("kafka-storage: error: Could not read arguments from file '\(scratch.path)/none'"))
    }

    @Test("-h/--help prints help on stdout and exits 0", arguments: [["-h"], ["--help"], ["format", "-h"], ["info", "--he"]])
    func help(arguments: [String]) {
        let run = StorageRun(arguments)
        #expect(run.exitCode == 0)
        #expect(run.stderr == "")
        #expect(run.stdout.hasPrefix("usage: kafka-storage"))
        #expect(run.stdout.contains("named arguments:\n  -h, --help             show this help message and exit\n"))
    }

    @Test("random-uuid prints a 22-character URL-safe base64 UUID like the transcript's")
    func randomUuid() throws {
        let recorded = try StorageFixtures.transcript("01-storage-random-uuid.txt")
        let pattern = #/^[A-Za-z0-9_][A-Za-z0-9_-]{21}\n$/#
        #expect(recorded.stdout.wholeMatch(of: pattern) != nil)
        var seen = Set<String>()
        for _ in 0..<50 {
            let run = StorageRun(["random-uuid"])
            #expect(run.exitCode == recorded.exit)
            #expect(run.stdout.wholeMatch(of: pattern) != nil)
            seen.insert(run.stdout)
        }
        #expect(seen.count == 50)
    }

    @Test("kafka-storage.sh links run `kafkit storage`")
    func multiCallRegistration() {
        #expect(KafkitCommand.tools.contains { $0.command == StorageCommand.self && $0.scripts == ["kafka-storage"] })
    }
}
