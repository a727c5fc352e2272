import Testing
@testable import KafkitCLI

@Suite("jopt-simple option parser")
struct JoptOptionParserTests {
    let parser = JoptOptionParser(options: [
        .help, .version,
        .requiredArgument("topic", "The topic.", describedAs: "topic"),
        .requiredArgument("partitions", "Partition count.", describedAs: "# of partitions", type: .integer),
        .requiredArgument("bootstrap-server", "Servers.", describedAs: "server to connect to"),
        .flag("list", "List topics."),
        .optionalArgument("value-decoder-class", "Decoder.", default: ["StringDecoder"]),
        .optionalArgument("count", "A number.", type: .integer),
        .requiredArgument("config", "Config.", describedAs: "name=value").withValuesSeparated(by: ","),
    ])

    @Test func longOptionWithSeparateValue() throws {
        let set = try parser.parse(["--topic", "t1", "--list"])
        #expect(set.has("topic"))
        #expect(set.has("list"))
        #expect(try set.value(of: "topic") == "t1")
        #expect(!set.has("partitions"))
    }

    @Test func equalsFormAndSingleDash() throws {
        let set = try parser.parse(["--topic=a=b", "-partitions", "3", "-list"])
        #expect(try set.value(of: "topic") == "a=b")
        #expect(try set.value(of: "partitions", as: Int32.self) == 3)
        #expect(set.has("list"))
    }

    @Test func requiredArgumentTakesNextTokenEvenIfItLooksLikeAnOption() throws {
        let set = try parser.parse(["--topic", "--list"])
        #expect(try set.value(of: "topic") == "--list")
        #expect(!set.has("list"))
    }

    @Test func emptyEqualsValueTakesTheNextToken() throws {
        let set = try parser.parse(["--topic=", "next"])
        #expect(try set.value(of: "topic") == "next")
    }

    @Test func repeatedOptionsAccumulate() throws {
        let set = try parser.parse(["--topic", "a", "--list", "--topic", "b"])
        #expect(set.values(of: "topic") == ["a", "b"])
        #expect(throws: JoptError.multipleArguments(option: "topic")) { try set.value(of: "topic") }
        #expect(JoptError.multipleArguments(option: "topic").message
            == "Found multiple arguments for option topic, but you asked for only one")
    }

    @Test func nonOptionArgumentsAreCollected() throws {
        let set = try parser.parse(["x", "--list", "-", "y", "--", "--topic", "z"])
        #expect(set.nonOptionArguments == ["x", "-", "y", "--topic", "z"])
        #expect(!set.has("topic"))
    }

    @Test func abbreviationsAreRejected() {
        #expect(throws: JoptError.unrecognizedOption("bootstrap")) { try parser.parse(["--bootstrap", "x"]) }
        #expect(JoptError.unrecognizedOption("bootstrap").message == "bootstrap is not a recognized option")
        #expect(throws: JoptError.unrecognizedOption("lis")) { try parser.parse(["--lis"]) }
        #expect(throws: JoptError.unrecognizedOption("foo")) { try parser.parse(["--foo=bar"]) }
    }

    @Test func singleDashUnknownIsReadAsACluster() {
        #expect(throws: JoptError.unrecognizedOption("b")) { try parser.parse(["-bogus"]) }
        #expect(throws: JoptError.illegalOptionCharacter("+")) { try parser.parse(["-a+"]) }
        #expect(JoptError.illegalOptionCharacter("+").message == "+ is not a legal option character")
    }

    @Test func missingRequiredArgument() {
        #expect(throws: JoptError.missingRequiredArgument(option: "partitions")) {
            try parser.parse(["--list", "--partitions"])
        }
        #expect(JoptError.missingRequiredArgument(option: "partitions").message
            == "Option partitions requires an argument")
    }

    @Test func conversionHappensWhenTheValueIsRead() throws {
        let set = try parser.parse(["--partitions", "x"])
        #expect(try set.value(of: "partitions") == "x")
        #expect(throws: JoptError.argumentConversion(option: "partitions", argument: "x")) {
            try set.value(of: "partitions", as: Int32.self)
        }
        #expect(JoptError.argumentConversion(option: "partitions", argument: "x").message
            == "Cannot parse argument 'x' of option partitions")
        #expect(throws: JoptError.self) { try parser.parse(["--partitions", "2147483648"]).value(of: "partitions", as: Int32.self) }
    }

    @Test func optionalArgument() throws {
        var set = try parser.parse(["--value-decoder-class", "--list"])
        #expect(set.has("value-decoder-class"))
        #expect(set.has("list"))
        #expect(try set.value(of: "value-decoder-class") == "StringDecoder")
        set = try parser.parse(["--value-decoder-class", "my.Decoder"])
        #expect(try set.value(of: "value-decoder-class") == "my.Decoder")
        #expect(set.givenArguments(of: "value-decoder-class") == ["my.Decoder"])
        // A number type takes an option-looking negative number.
        set = try parser.parse(["--count", "-5"])
        #expect(try set.value(of: "count", as: Int32.self) == -5)
        set = try parser.parse(["--count", "abc"])
        #expect(set.has("count"))
        #expect(set.nonOptionArguments == ["abc"])
    }

    @Test func flagIgnoresAnEqualsArgument() throws {
        let set = try parser.parse(["--list=yes"])
        #expect(set.has("list"))
        #expect(set.nonOptionArguments.isEmpty)
    }

    @Test func valueSeparator() throws {
        let set = try parser.parse(["--config", "a=1,b=2", "--config", "c=3"])
        #expect(set.values(of: "config") == ["a=1", "b=2", "c=3"])
    }

    @Test func defaultsApplyOnlyWhenNothingWasGiven() throws {
        let set = try parser.parse(["--list"])
        #expect(set.values(of: "value-decoder-class") == ["StringDecoder"])
        #expect(!set.has("value-decoder-class"))
        #expect(set.givenArguments(of: "value-decoder-class").isEmpty)
    }

    @Test func requiredAndAvailableRules() throws {
        let rules = JoptOptionParser(options: [
            .help,
            .requiredArgument("group", "Group."),
            .flag("describe", "Describe."),
            .flag("members", "Members.").availableIf("describe"),
            .requiredArgument("bootstrap-server", "Servers.").required(),
        ])
        #expect(throws: JoptError.missingRequiredOptions(["bootstrap-server"])) { try rules.parse(["--describe"]) }
        #expect(JoptError.missingRequiredOptions(["bootstrap-server"]).message
            == "Missing required option(s) [bootstrap-server]")
        #expect(throws: JoptError.unavailableOptions(["members"])) {
            try rules.parse(["--bootstrap-server", "x", "--members"])
        }
        #expect(JoptError.unavailableOptions(["members"]).message
            == "Option(s) [members] are unavailable given other options on the command line")
        _ = try rules.parse(["--bootstrap-server", "x", "--members", "--describe"])
        // A help option switches the checks off.
        _ = try rules.parse(["--help", "--members"])
    }

    @Test func uncaughtExceptionReport() {
        #expect(JoptError.unrecognizedOption("bogus").uncaught.report
            == "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: bogus is not a recognized option\n")
    }
}
