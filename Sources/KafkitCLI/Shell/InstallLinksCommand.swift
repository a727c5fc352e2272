import ArgumentParser
import Foundation

/// `kafkit install-links <dir>`: one symbolic link per Kafka script (`kafka-topics.sh`, ...) in
/// `<dir>`, pointing at this executable, so scripts written for Kafka's `bin/` run kafkit.
struct InstallLinksCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "install-links",
        abstract: "Create kafka-<tool>.sh links to kafkit in a directory, so Kafka's script names run kafkit.")

    @Argument(help: "The directory to create the links in (created if missing).")
    var directory: String

    @Option(help: "The executable the links point at (default: this kafkit, resolved).")
    var target: String?

    @Flag(help: "Replace files that already exist under a link's name.")
    var force = false

    func run() throws {
        let fileManager = FileManager.default
        let destination = target ?? Self.currentExecutable()
        do {
            try fileManager.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw ValidationError("cannot create directory \(directory): \(error.localizedDescription)")
        }
        var failed = false
        for name in Self.linkNames {
            let path = (directory as NSString).appendingPathComponent(name)
            if let existing = try? fileManager.destinationOfSymbolicLink(atPath: path), existing == destination {
                print("\(path) -> \(destination) (already there)")
                continue
            }
            if (try? fileManager.attributesOfItem(atPath: path)) != nil {
                guard force else {
                    FileHandle.standardError.write(Data("\(path) exists; use --force to replace it\n".utf8))
                    failed = true
                    continue
                }
                try? fileManager.removeItem(atPath: path)
            }
            do {
                try fileManager.createSymbolicLink(atPath: path, withDestinationPath: destination)
                print("\(path) -> \(destination)")
            } catch {
                FileHandle.standardError.write(Data("cannot create \(path): \(error.localizedDescription)\n".utf8))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }

    /// `kafka-topics.sh`, ... for every registered tool, sorted.
    static var linkNames: [String] {
        KafkitCommand.tools.flatMap(\.scripts).map { $0 + ".sh" }.sorted()
    }

    static func currentExecutable() -> String {
        #if os(Linux)
        if let resolved = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") { return resolved }
        #endif
        let invoked = Bundle.main.executablePath ?? CommandLine.arguments.first ?? "kafkit"
        return URL(fileURLWithPath: invoked).resolvingSymlinksInPath().path
    }

    /// How completions and man pages describe it (the declarations above, as data).
    static var shellCommand: ShellCommand {
        ShellCommand(
            name: configuration.commandName ?? "install-links", scripts: [], abstract: configuration.abstract,
            options: [
                ShellOption(
                    flags: ["--force"], argument: .none, valueName: "", description: "Replace files that already exist under a link's name.",
                    defaults: [], isRequired: false, completion: .none),
                ShellOption(
                    flags: ["--help", "-h"], argument: .none, valueName: "", description: "Show help for install-links and exit.",
                    defaults: [], isRequired: false, completion: .none),
                ShellOption(
                    flags: ["--target"], argument: .required, valueName: "path",
                    description: "The executable the links point at (default: this kafkit, resolved).",
                    defaults: [], isRequired: false, completion: .file),
            ],
            positionals: [
                ShellPositional(name: "directory", description: "The directory to create the links in (created if missing).", completion: .directory)
            ])
    }
}
