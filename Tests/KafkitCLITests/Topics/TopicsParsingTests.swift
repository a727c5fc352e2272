@testable import KafkitCLI
import Testing

/// `--topic` patterns, `--replica-assignment` and `--config` as TopicCommand reads them.
@Suite("topics argument parsing")
struct TopicsParsingTests {
    static let names = ["__consumer_offsets", "bar", "foo", "foo.bar", "foo1", "foo2", "fooXbar", "t"]

    static func filter(_ pattern: String?, excludeInternal: Bool = false) throws -> [String] {
        try TopicService.filterTopics(names.reversed(), includeList: pattern, excludeInternalTopics: excludeInternal)
    }

    @Test func noPatternListsEverythingSorted() throws {
        #expect(try Self.filter(nil) == Self.names)
        #expect(try Self.filter(nil, excludeInternal: true) == Array(Self.names.dropFirst()))
    }

    @Test func patternsAreJavaRegexFullMatches() throws {
        #expect(try Self.filter("foo") == ["foo"])
        #expect(try Self.filter("foo.*") == ["foo", "foo.bar", "foo1", "foo2", "fooXbar"])
        #expect(try Self.filter(".*") == Self.names)
        #expect(try Self.filter(".*", excludeInternal: true) == Array(Self.names.dropFirst()))
        #expect(try Self.filter("foo[12]") == ["foo1", "foo2"])
        #expect(try Self.filter("foo\\d") == ["foo1", "foo2"])
        #expect(try Self.filter("bar|t") == ["bar", "t"])
        #expect(try Self.filter("foo.bar") == ["foo.bar", "fooXbar"])
        #expect(try Self.filter("foo\\.bar") == ["foo.bar"])
        #expect(try Self.filter("fo") == [])
        #expect(try Self.filter("__.*") == ["__consumer_offsets"])
        #expect(try Self.filter("__.*", excludeInternal: true) == [])
    }

    @Test func commasSpacesAndQuotesAreRewritten() throws {
        #expect(try Self.filter("bar,t") == ["bar", "t"])
        #expect(try Self.filter(" bar, t ") == ["bar", "t"])
        #expect(try Self.filter("\"foo1\"") == ["foo1"])
        #expect(try Self.filter("'foo[12]'") == ["foo1", "foo2"])
    }

    @Test func invalidRegexIsReported() {
        #expect(throws: TopicCommandException(className: "java.lang.RuntimeException", message: "foo[ is an invalid regex.")) {
            try Self.filter("foo[")
        }
    }

    @Test func replicaAssignment() throws {
        #expect(try TopicArgumentParsing.parseReplicaAssignment("1,1,1") == [[1], [1], [1]])
        #expect(try TopicArgumentParsing.parseReplicaAssignment("1:2, 2:3 ,3:1") == [[1, 2], [2, 3], [3, 1]])
        #expect(try TopicArgumentParsing.parseReplicaAssignment(",") == [])
    }

    @Test func replicaAssignmentErrors() {
        #expect(throws: TopicCommandException(
            className: "org.apache.kafka.server.common.AdminCommandFailedException",
            message: "Partition replica lists may not contain duplicate entries: 1")) {
            try TopicArgumentParsing.parseReplicaAssignment("1:1")
        }
        #expect(throws: TopicCommandException(
            className: "org.apache.kafka.server.common.AdminCommandFailedException",
            message: "Partition replica lists may not contain duplicate entries: 2,3")) {
            try TopicArgumentParsing.parseReplicaAssignment("1:2,3:3:2:2")
        }
        #expect(throws: TopicCommandException(
            className: "org.apache.kafka.server.common.AdminOperationException",
            message: "Partition 1 has different replication factor: [1, 2]")) {
            try TopicArgumentParsing.parseReplicaAssignment("1,1:2")
        }
        #expect(throws: TopicCommandException(className: "java.lang.NumberFormatException", message: "For input string: \"a\"")) {
            try TopicArgumentParsing.parseReplicaAssignment("1,a")
        }
        #expect(throws: TopicCommandException(className: "java.lang.NumberFormatException", message: "For input string: \"\"")) {
            try TopicArgumentParsing.parseReplicaAssignment("1,,2")
        }
    }

    @Test func topicConfigs() throws {
        let parsed = try TopicArgumentParsing.parseTopicConfigs(
            ["retention.ms=1000", "cleanup.policy = compact", "retention.ms=5"])
        #expect(parsed.map(\.0) == ["retention.ms", "cleanup.policy"])
        #expect(parsed.map(\.1) == ["5", "compact"])
    }

    @Test func topicConfigSplitFollowsJavaSplit() {
        #expect(TopicArgumentParsing.splitOnEquals("a=b") == ["a", "b"])
        #expect(TopicArgumentParsing.splitOnEquals("a = b") == ["a", "b"])
        #expect(TopicArgumentParsing.splitOnEquals("a=") == ["a"])
        #expect(TopicArgumentParsing.splitOnEquals("=b") == ["", "b"])
        #expect(TopicArgumentParsing.splitOnEquals("a=b=c") == ["a", "b", "c"])
        #expect(TopicArgumentParsing.splitOnEquals("a b=c") == ["a b", "c"])
        #expect(TopicArgumentParsing.splitOnEquals("ab") == ["ab"])
    }

    @Test(arguments: ["retention.ms", "retention.ms=", "a=b=c", "=", ""])
    func badTopicConfigSyntax(_ config: String) {
        #expect(throws: TopicCommandException.illegalArgument(
            "requirement failed: Invalid topic config: all configs to be added must be in the format \"key=val\".")) {
            try TopicArgumentParsing.parseTopicConfigs([config])
        }
    }

    @Test func unknownTopicConfigName() {
        #expect(throws: TopicCommandException(
            className: "org.apache.kafka.common.errors.InvalidConfigurationException",
            message: "Unknown topic config name: no.such.config")) {
            try TopicConfigValidation.validate([("retention.ms", "1"), ("no.such.config", "1")])
        }
    }

    @Test func topicConfigValuesAreParsedAsTheirTypes() throws {
        try TopicConfigValidation.validate([
            ("retention.ms", "-1"), ("segment.bytes", "1048576"), ("preallocate", "TRUE"),
            ("min.cleanable.dirty.ratio", "0.2"), ("cleanup.policy", "compact"),
        ])
        let cases: [(String, String, String)] = [
            ("retention.ms", "abc", "Not a number of type LONG"),
            ("segment.bytes", "99999999999", "Not a number of type INT"),
            ("min.cleanable.dirty.ratio", "half", "Not a number of type DOUBLE"),
            ("preallocate", "yes", "Expected value to be either true or false"),
        ]
        for (name, value, problem) in cases {
            #expect(throws: TopicCommandException(
                className: "org.apache.kafka.common.config.ConfigException",
                message: "Invalid value \(value) for configuration \(name): \(problem)")) {
                try TopicConfigValidation.validate([(name, value)])
            }
        }
    }

    @Test func topicIdText() throws {
        #expect(throws: TopicCommandException.illegalArgument(
            "Input string with prefix `AAAAAAAAAAAAAAAAAAAAAAAA` is too long to be decoded as a base64 UUID")) {
            try TopicService.parseTopicId(String(repeating: "A", count: 30))
        }
        #expect(throws: TopicCommandException.self) { try TopicService.parseTopicId("abc") }
        #expect(try TopicService.parseTopicId("AAAAAAAAAAAAAAAAAAAAAA") == .zero)
    }
}
