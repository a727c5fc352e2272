import Foundation
import KafkaClient
import Testing

/// `kafka-console-producer.sh` typed into by a person: the built binary runs in a tmux pane (a
/// pseudo-terminal on stdin and stdout), so it shows readline's `>` prompt with line editing and
/// history. Keys go in with `tmux send-keys`; what arrived is read back with the console consumer.
@Suite("console-producer at a terminal (tmux)", .serialized)
struct ConsoleProducerTerminalTests {
    static let tmux: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Drives the pane from one shell script: start the producer in a private tmux server (`-L`,
    /// so a user's sessions are never touched), wait for each prompt, type, and print the final
    /// screen. The server's output goes to /dev/null: it outlives the script, and must not hold
    /// the pipes the test reads.
    static let script = #"""
        T="$TMUX_BIN -L $SOCKET -f /dev/null"
        screen() { $T capture-pane -p -S - -t producer; }
        prompts() { screen | grep -c '^>'; }
        wait_until() { i=0; while [ $i -lt 600 ]; do eval "$1" && return 0; sleep 0.1; i=$((i+1)); done; echo "timed out: $1"; screen; exit 3; }
        $T start-server \; set-option -g remain-on-exit on \; new-session -d -s producer -x 120 -y 30 \
            -e TERM=xterm -e INPUTRC=/dev/null "$PRODUCER" </dev/null >/dev/null 2>&1 || { echo "tmux did not start"; exit 2; }
        wait_until '[ "$(prompts)" -ge 1 ]'
        $T send-keys -t producer -l helo
        $T send-keys -t producer Left
        $T send-keys -t producer -l l
        $T send-keys -t producer Enter
        wait_until '[ "$(prompts)" -ge 2 ]'
        $T send-keys -t producer Up
        wait_until 'screen | grep -q "^>hello$" && [ "$(screen | grep -c "^>hello$")" -ge 2 ]'
        $T send-keys -t producer -l '!'
        $T send-keys -t producer Enter
        wait_until '[ "$(prompts)" -ge 3 ]'
        $T send-keys -t producer C-d
        wait_until 'screen | grep -q "Pane is dead"'
        screen
        $T kill-server >/dev/null 2>&1
        """#

    @Test(
        .timeLimit(.minutes(3)),
        .enabled(if: ProcessInfo.processInfo.environment["KAFKIT_TMUX_TEST"] == "1", "opt-in: it can stall under a parallel run"),
        .enabled(if: KafkitBinary.path != nil, "the kafkit executable is built"),
        .enabled(if: tmux != nil, "tmux is installed (scripts/test installs it)"))
    func typedLinesAreEditedWithArrowKeysAndHistory() async throws {
        let binary = try #require(KafkitBinary.path)
        let tmux = try #require(Self.tmux)
        let broker = try await TestBroker()
        do {
            let bootstrap = "127.0.0.1:\(broker.port)"
            let admin = KafkaAdminClient(config: try ClientConfig(bootstrapServers: bootstrap))
            _ = try await admin.createTopics([NewTopic(name: "typed", numPartitions: 1, replicationFactor: 1)])
            await admin.close()

            let socket = "kafkit-test-" + UUID().uuidString
            let producer = [binary, "console-producer", "--bootstrap-server", bootstrap, "--topic", "typed",
                            "--request-timeout-ms", "30000"].map(Self.shellQuoted).joined(separator: " ")
            let exports = "TMUX_BIN=\(Self.shellQuoted(tmux)) SOCKET=\(socket) PRODUCER=\(Self.shellQuoted(producer))"
            let typed = try await KafkitBinary.run("/bin/sh", ["-c", exports + "\n" + Self.script])
            #expect(typed.code == 0, "\(typed.out)\(typed.err)")
            // `helo`, Left, `l`: readline inserted at the cursor; Up recalled `hello` and `!` was appended.
            let lines = typed.out.split(separator: "\n").map(String.init).filter { $0.hasPrefix(">") }
            #expect(Array(lines.prefix(2)) == [">hello", ">hello!"], "\(typed.out)")
            #expect(typed.out.contains("Pane is dead (status 0"), "the producer exits 0 at Ctrl-D: \(typed.out)")

            let consumed = try await KafkitBinary.run(
                binary, ["console-consumer", "--bootstrap-server", bootstrap, "--topic", "typed", "--from-beginning",
                         "--max-messages", "2", "--timeout-ms", "60000"])
            #expect(consumed.code == 0, "\(consumed.err)")
            #expect(consumed.out == "hello\nhello!\n")
        } catch {
            try? await broker.stopAndRemove()
            throw error
        }
        try await broker.stopAndRemove()
    }

    static func shellQuoted(_ text: String) -> String {
        "'" + text.replacingOccurrences(of: "'", with: "'\\''") + "'"
    }
}
