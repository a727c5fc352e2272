import ArgumentParser

/// One option as the shell files see it, whichever parser declares it.
struct ShellOption: Sendable, Equatable {
    enum Argument: Sendable, Equatable { case none, required, optional }

    /// Spelled as typed: `--topic`, `-c`.
    var flags: [String]
    var argument: Argument
    /// What the argument is, for help and man pages (`topic`, `CONFIG`).
    var valueName: String
    var description: String
    var defaults: [String]
    var isRequired: Bool
    var completion: ShellValueCompletion

    /// The long flag (or the first one): `--topic`.
    var primaryFlag: String { flags.first { $0.hasPrefix("--") } ?? flags.first ?? "" }
    var takesValue: Bool { argument != .none }
}

/// A positional argument (the server's properties file, `install-links`' directory).
struct ShellPositional: Sendable, Equatable {
    var name: String
    var description: String
    var completion: ShellValueCompletion
}

/// One command of the tree: `kafkit` itself, a tool, or an argparse4j tool's sub-command.
struct ShellCommand: Sendable, Equatable {
    var name: String
    /// The Kafka scripts whose links run it (`kafka-topics`); `.sh` forms are accepted too.
    var scripts: [String]
    var abstract: String
    var options: [ShellOption]
    var positionals: [ShellPositional] = []
    var subcommands: [ShellCommand] = []
}

/// The command tree that completions, man pages and `install-links` are generated from: every
/// tool of `KafkitCommand.tools`, read from its own option declarations (`JoptTool.joptOptions`
/// or `ArgParse4jTool.makeArgumentParser()`), so a newly registered tool shows up by itself.
enum ShellCommandTree {
    static var root: ShellCommand {
        ShellCommand(
            name: "kafkit", scripts: [], abstract: KafkitCommand.configuration.abstract,
            options: [
                ShellOption(
                    flags: ["--help", "-h"], argument: .none, valueName: "", description: "Show the list of tools and exit.",
                    defaults: [], isRequired: false, completion: .none),
                ShellOption(
                    flags: ["--version"], argument: .none, valueName: "",
                    description: "Print the kafkit version and the Kafka protocol level it follows, and exit.",
                    defaults: [], isRequired: false, completion: .none),
            ],
            subcommands: KafkitCommand.tools.map { tool(command: $0.command, scripts: $0.scripts) } + [InstallLinksCommand.shellCommand]
        )
    }

    /// The tools only (what gets a man page of its own and a `kafka-*.sh` link).
    static var tools: [ShellCommand] {
        KafkitCommand.tools.map { tool(command: $0.command, scripts: $0.scripts) }
    }

    static func tool(command: any ParsableCommand.Type, scripts: [String]) -> ShellCommand {
        let name = command._commandName
        let abstract = command.configuration.abstract
        if let jopt = command as? any JoptTool.Type {
            var declared = jopt.joptOptions
            // `CommandDefaultOptions`: every jopt tool answers --help and --version.
            for builtin in [JoptOption.help, .version] where !declared.contains(where: { $0.name == builtin.name }) {
                declared.append(builtin)
            }
            var tool = ShellCommand(
                name: name, scripts: scripts, abstract: abstract,
                options: declared.sorted { $0.name < $1.name }.map { option(jopt: $0, tool: name) })
            if let positionals = (command as? any ShellPositionalArguments.Type)?.shellPositionals {
                tool.positionals = positionals
            }
            return tool
        }
        if let argparse = command as? any ArgParse4jTool.Type {
            let parser = argparse.makeArgumentParser()
            return ShellCommand(
                name: name, scripts: scripts, abstract: abstract, options: options(argparse: parser),
                subcommands: parser.subcommands.map {
                    ShellCommand(name: $0.name, scripts: [], abstract: $0.help, options: options(argparse: $0.parser))
                })
        }
        // A tool declaring its options some other way: listed, with no options to offer.
        return ShellCommand(name: name, scripts: scripts, abstract: abstract, options: [])
    }

    static func option(jopt: JoptOption, tool: String) -> ShellOption {
        let argument: ShellOption.Argument = switch jopt.argument {
        case .none: .none
        case .required: .required
        case .optional: .optional
        }
        let valueName = jopt.argumentDescription.isEmpty ? jopt.valueType.rawValue : jopt.argumentDescription
        return ShellOption(
            flags: jopt.names.map { ($0.count > 1 ? "--" : "-") + $0 }, argument: argument, valueName: valueName,
            description: jopt.description, defaults: jopt.defaults, isRequired: jopt.isRequired,
            completion: argument == .none
                ? .none : ShellValueCompletion.classify(name: jopt.name, valueName: jopt.argumentDescription, tool: tool))
    }

    static func options(argparse parser: ArgParse4jParser) -> [ShellOption] {
        parser.arguments.map { argument in
            let long = argument.flags.first { $0.hasPrefix("--") } ?? argument.flags.first ?? ""
            let name = String(long.drop { $0 == "-" })
            let flags = argument.flags.sorted { $0.hasPrefix("--") && !$1.hasPrefix("--") }
            let defaults = argument.action == .storeTrue ? ["false"] : []
            return ShellOption(
                flags: flags, argument: argument.consumesValue ? .required : .none, valueName: argument.metavar,
                description: argument.help, defaults: defaults, isRequired: argument.required,
                completion: argument.consumesValue
                    ? ShellValueCompletion.classify(name: name, valueName: "", tool: parser.prog, argparse: true) : .none)
        }
    }
}

/// A tool with positional arguments besides its options (`server`'s properties file).
protocol ShellPositionalArguments {
    static var shellPositionals: [ShellPositional] { get }
}

extension ServerCommand: ShellPositionalArguments {
    static var shellPositionals: [ShellPositional] {
        [ShellPositional(
            name: "server.properties",
            description: "A Kafka server.properties file. Without it the embedded single-node default runs.",
            completion: .file)]
    }
}
