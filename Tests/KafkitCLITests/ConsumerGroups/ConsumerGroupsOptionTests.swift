import Foundation
import KafkaClient
@testable import KafkitCLI
import Testing

/// Usage errors and their messages (stderr: message then the option table; exit 1), checked
/// before any broker is contacted.
@Suite("consumer-groups options")
struct ConsumerGroupsOptionTests {
    static let server = ["--bootstrap-server", "127.0.0.1:1"]

    static func usage(_ arguments: [String]) async -> (code: Int32, out: String, err: String) {
        await runTool(ConsumerGroupsCommand.execute, arguments)
    }

    static let cases: [([String], String)] = [
        (server, "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex"),
        (server + ["--list", "--describe", "--group", "g"], "Option \"[group]\" can't be used with option \"[list]\""),
        // Kafka's option checks run before the one-action check.
        (server + ["--list", "--delete"], "Option [delete] takes one of these options: [all-groups], [group]"),
        (server + ["--list", "--delete", "--group", "g"], "Option \"[group]\" can't be used with option \"[list]\""),
        (server + ["--list", "--describe", "--all-groups"], "Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex"),
        (["--list"], "Missing required argument \"[bootstrap-server]\""),
        (server + ["--describe"], "Option [describe] takes one of these options: [all-groups], [group]"),
        (server + ["--describe", "--group", "g", "--members", "--state"], "Option [describe] takes at most one of these options: [members], [offsets], [state]"),
        (server + ["--describe", "--group", "g", "--offsets", "--members"], "Option [describe] takes at most one of these options: [members], [offsets], [state]"),
        (server + ["--describe", "--group", "g", "--state=Stable"], "Option [describe] does not take a value for [state]"),
        (server + ["--describe", "--group", "g", "--all-groups"], "Option \"[group]\" can't be used with option \"[all-groups]\""),
        (server + ["--describe", "--group", "g", "--topic", "t"], "Option \"[topic]\" can't be used with option \"[describe]\""),
        (server + ["--delete"], "Option [delete] takes one of these options: [all-groups], [group]"),
        (server + ["--delete", "--group", "g", "--topic", "t"], "The consumer does not support topic-specific offset deletion from a consumer group."),
        (server + ["--delete-offsets", "--group", "g"], "Option [delete-offsets] takes the following options: [group], [topic]"),
        (server + ["--delete-offsets", "--topic", "t"], "Option [delete-offsets] takes the following options: [group], [topic]"),
        (server + ["--reset-offsets", "--group", "g", "--dry-run", "--execute"], "Option [reset-offsets] only accepts one of [execute] and [dry-run]"),
        (server + ["--reset-offsets", "--dry-run", "--to-earliest"], "Option [reset-offsets] takes one of these options: [all-groups], [group]"),
        (server + ["--reset-offsets", "--group", "g", "--dry-run", "--to-earliest", "--to-latest"], "Option \"[to-earliest]\" can't be used with option \"[to-latest]\""),
        (server + ["--reset-offsets", "--group", "g", "--dry-run", "--to-offset", "1", "--shift-by", "2"], "Option \"[to-offset]\" can't be used with option \"[shift-by]\""),
        (server + ["--reset-offsets", "--group", "g", "--dry-run", "--from-file", "f", "--to-current"], "Option \"[to-current]\" can't be used with option \"[from-file]\""),
        (server + ["--list", "--state", "bogus"], "Invalid state list 'bogus'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling"),
        (server + ["--list", "--type", "bogus"], "Invalid types list 'bogus'. Valid types are: Consumer, Classic, Share"),
        (server + ["--list", "--output", "yaml"], "Unknown output format 'yaml': use 'text' or 'json'"),
        (["--help"], "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets."),
        ([], "This tool helps to list all consumer groups, describe a consumer group, delete consumer group info, or reset consumer group offsets."),
    ]

    static func topicError(_ text: String) -> String? {
        do { _ = try TopicPartitionArguments.parse(text); return nil } catch { return error.message }
    }

    static func dateTimeError(_ text: String) -> String? {
        do { _ = try ResetTimestamps.dateTime(text); return nil } catch { return error.message }
    }

    static func durationError(_ text: String) -> String? {
        do { _ = try ResetTimestamps.durationMillis(text); return nil } catch { return error.message }
    }

    @Test("usage errors: Kafka's message, then the option table, on stderr; exit 1", arguments: cases)
    func usageErrors(arguments: [String], message: String) async {
        let result = await Self.usage(arguments)
        #expect(result.code == 1)
        #expect(result.out == "")
        #expect(result.err.hasPrefix(message + "\n"))
        #expect(result.err.contains("--reset-offsets"))
        #expect(result.err.contains("\nOption ") && result.err.contains(" Description ") && result.err.contains("\n------ "))
    }

    @Test("runtime argument errors that Kafka reports as usage (IllegalArgumentException)")
    func topicArguments() throws {
        #expect(try TopicPartitionArguments.parse("t:0,2") == [TopicPartition("t", 0), TopicPartition("t", 2)])
        #expect(try TopicPartitionArguments.parse("t:3:") == [TopicPartition("t", 3)])
        #expect(Self.topicError("t:a") == "Invalid partition 'a' specified in topic arg 't:a''")
        #expect(Self.topicError("t:1:2") == "Invalid topic arg 't:1:2', expected topic name and partitions")
    }

    @Test("parse errors jopt raises are uncaught exceptions (stack trace, exit 1)")
    func joptErrors() async {
        let unknown = await Self.usage(Self.server + ["--list", "--bogus"])
        #expect(unknown.code == 1)
        #expect(unknown.err.hasPrefix("Exception in thread \"main\" joptsimple.UnrecognizedOptionException: bogus is not a recognized option"))
        let unavailable = await Self.usage(Self.server + ["--list", "--members"])
        #expect(unavailable.code == 1)
        #expect(unavailable.err.contains("Option(s) [members] are unavailable given other options on the command line"))
        let type = await Self.usage(Self.server + ["--describe", "--group", "g", "--type"])
        #expect(type.err.contains("Option(s) [type] are unavailable given other options on the command line"))
        let abbreviation = await Self.usage(["--bootstrap", "x", "--list"])
        #expect(abbreviation.err.contains("bootstrap is not a recognized option"))
    }

    @Test("the dry-run warning, --version, --validate-regex")
    func smallOutputs() async {
        let warned = await Self.usage(Self.server + ["--reset-offsets", "--to-earliest"])
        #expect(warned.err.hasPrefix(
            "WARN: No action will be performed as the --execute option is missing.In a future major release, the default behavior of this command will be to prompt the user before executing the reset rather than doing a dry run. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n"
                + "Option [reset-offsets] takes one of these options: [all-groups], [group]\n"))
        let version = await Self.usage(["--version"])
        #expect(version.code == 0)
        #expect(version.out == JoptCommandLine.versionLine + "\n")
        let valid = await Self.usage(["--validate-regex", "orders-.*"])
        #expect(valid.code == 0)
        #expect(valid.out == "The regular expression `orders-.*` is valid.\n")
        let invalid = await Self.usage(["--validate-regex", "(abc"])
        #expect(invalid.code == 0)
        #expect(invalid.out == "The regular expression `(abc` is invalid: missing closing ).\n")
        let star = await Self.usage(["--validate-regex", "*x"])
        #expect(star.out == "The regular expression `*x` is invalid: missing argument to repetition operator.\n")
    }

    @Test("--to-datetime formats and zones (Utils.getDateTime)")
    func dateTimes() throws {
        #expect(try ResetTimestamps.dateTime("2023-11-14T22:13:20.000") == 1_700_000_000_000)
        #expect(try ResetTimestamps.dateTime("2023-11-14T22:13:20.000Z") == 1_700_000_000_000)
        #expect(try ResetTimestamps.dateTime("2023-11-15T06:13:20.000+08:00") == 1_700_000_000_000)
        #expect(try ResetTimestamps.dateTime("2023-11-15T06:13:20.000+0800") == 1_700_000_000_000)
        #expect(try ResetTimestamps.dateTime("2023-11-14T20:13:20.123-02") == 1_700_000_000_123)
        #expect(try ResetTimestamps.dateTime("1969-12-31T23:59:59.999") == -1)
        #expect(Self.dateTimeError("2023-11-14") ==
            "java.text.ParseException: Error parsing timestamp. It does not contain a 'T' according to ISO8601 format (Yr-Mo-DyTHr:Mn:Sc.xxx). Original value: 2023-11-14")
        #expect(Self.dateTimeError("2023-02-30T00:00:00.000") == "java.text.ParseException: Unparseable date: \"2023-02-30T00:00:00.000Z\"")
        #expect(Self.dateTimeError("2023-01-01T24:00:00.000") == "java.text.ParseException: Unparseable date: \"2023-01-01T24:00:00.000Z\"")
        #expect(Self.dateTimeError("2023-01-01T10:00:00") == "java.text.ParseException: Unparseable date: \"2023-01-01T10:00:00Z\"")
    }

    @Test("--by-duration (java.time.Duration.parse)")
    func durations() throws {
        #expect(try ResetTimestamps.durationMillis("PT1H") == 3_600_000)
        #expect(try ResetTimestamps.durationMillis("P1DT2H3M4.5S") == 93_784_500)
        #expect(try ResetTimestamps.durationMillis("pt15m") == 900_000)
        #expect(try ResetTimestamps.durationMillis("-PT1S") == -1000)
        #expect(try ResetTimestamps.durationMillis("PT-0.5S") == -500)
        for bad in ["P", "PT", "1H", "P1H", "PT1D", ""] {
            #expect(Self.durationError(bad) == "Text cannot be parsed to a Duration", "\(bad)")
        }
    }
}
