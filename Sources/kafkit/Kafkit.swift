import KafkitCLI

@main
struct KafkitMain {
    static func main() async {
        await KafkitCommand.runMultiCall(arguments: CommandLine.arguments)
    }
}
