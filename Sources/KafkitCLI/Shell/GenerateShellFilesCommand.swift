import ArgumentParser
import Foundation

/// `kafkit generate-shell-files [<root>]` (hidden): rewrites `<root>/completions/` (bash, zsh,
/// fish) and `<root>/man/*.1` from the command tree. Run after registering a tool; CI
/// (`scripts/test`) runs it and fails if the committed files differ.
struct GenerateShellFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate-shell-files",
        abstract: "Regenerate completions/ and man/ from the command tree.",
        shouldDisplay: false)

    @Argument(help: "The repository root (default: the current directory).")
    var root: String = "."

    func run() throws {
        for (path, text) in Self.files() {
            let url = URL(fileURLWithPath: root).appendingPathComponent(path)
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        // Pages of tools no longer registered would linger otherwise.
        let manDirectory = URL(fileURLWithPath: root).appendingPathComponent("man")
        let generated = Set(Self.files().map(\.path))
        for name in (try? FileManager.default.contentsOfDirectory(atPath: manDirectory.path)) ?? []
        where name.hasSuffix(".1") && !generated.contains("man/" + name) {
            try FileManager.default.removeItem(at: manDirectory.appendingPathComponent(name))
        }
    }

    /// Every generated file, by path relative to the repository root.
    static func files() -> [(path: String, text: String)] {
        let tree = ShellCommandTree.root
        return [
            ("completions/kafkit.bash", BashCompletion.script(tree)),
            ("completions/_kafkit", ZshCompletion.script(tree)),
            ("completions/kafkit.fish", FishCompletion.script(tree)),
        ] + ManPage.pages(tree).map { ("man/" + $0.file, $0.text) }
    }
}
