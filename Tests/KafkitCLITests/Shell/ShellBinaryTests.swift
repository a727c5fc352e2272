import Foundation
import Testing
@testable import KafkitCLI

/// The built binary: `kafkit --help` / `--version`, `install-links`, `__complete`.
@Suite("shell integration end to end")
struct ShellBinaryTests {
    static var binary: String? { KafkitBinary.path }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func kafkitVersion() async throws {
        let result = try await KafkitBinary.run(try #require(Self.binary), ["--version"])
        #expect(result.code == 0)
        #expect(result.out == KafkitVersion.description + "\n")
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func kafkitHelpListsEveryToolWithItsAbstract() async throws {
        let result = try await KafkitBinary.run(try #require(Self.binary), ["--help"])
        #expect(result.code == 0)
        for tool in KafkitCommand.tools {
            #expect(result.out.contains(tool.command._commandName), "\(tool.command._commandName)")
            let firstWords = tool.command.configuration.abstract.split(separator: " ").prefix(3).joined(separator: " ")
            #expect(result.out.contains(firstWords), "\(tool.command._commandName)")
        }
        #expect(result.out.contains("install-links"))
        #expect(!result.out.contains("__complete") && !result.out.contains("generate-shell-files"))
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func installLinksMakesEveryScriptRunKafkit() async throws {
        let binary = try #require(Self.binary)
        let directory = NSTemporaryDirectory() + "kafkit-links-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try await KafkitBinary.run(binary, ["install-links", directory])
        #expect(first.code == 0, "\(first.err)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory).sorted()
        #expect(names == InstallLinksCommand.linkNames)
        #expect(names.contains("kafka-topics.sh") && names.contains("kafka-server-start.sh"))
        let target = try FileManager.default.destinationOfSymbolicLink(atPath: directory + "/kafka-topics.sh")
        #expect(URL(fileURLWithPath: target).resolvingSymlinksInPath() == URL(fileURLWithPath: binary).resolvingSymlinksInPath())
        let version = try await KafkitBinary.run(directory + "/kafka-dump-log.sh", ["--version"])
        #expect(version.code == 0 && version.out == JoptCommandLine.versionLine + "\n")
        // Again: the links are already there.
        let again = try await KafkitBinary.run(binary, ["install-links", directory])
        #expect(again.code == 0)
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"))
    func installLinksKeepsOtherFilesUnlessForced() async throws {
        let binary = try #require(Self.binary)
        let directory = NSTemporaryDirectory() + "kafkit-links-" + UUID().uuidString
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        try Data("#!/bin/sh\n".utf8).write(to: URL(fileURLWithPath: directory + "/kafka-topics.sh"))
        let refused = try await KafkitBinary.run(binary, ["install-links", directory])
        #expect(refused.code == 1)
        #expect(refused.err.contains("kafka-topics.sh exists; use --force to replace it"))
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/kafka-topics.sh")) == nil)
        let forced = try await KafkitBinary.run(binary, ["install-links", "--force", directory])
        #expect(forced.code == 0)
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: directory + "/kafka-topics.sh")) != nil)
    }

    @Test(.enabled(if: binary != nil, "the kafkit executable is built"),
          arguments: [[], ["topics"], ["partitions", "--bootstrap-server", "127.0.0.1:1"], ["topics", "--bootstrap-server"],
                      ["topics", "--bootstrap-server", "127.0.0.1:1"], ["groups", "--bootstrap-server=127.0.0.1:1"],
                      ["topics", "--bootstrap-server", "127.0.0.1:1", "--command-config", "/nonexistent"]])
    func completeIsSilentOnEveryFailure(arguments: [String]) async throws {
        let result = try await KafkitBinary.run(try #require(Self.binary), ["__complete"] + arguments)
        #expect(result.code == 0)
        #expect(result.out.isEmpty)
    }
}
