import Foundation
import Testing
@testable import KafkitCLI

@Suite("dump-log options and usage")
struct DumpLogOptionTests {
    static let plainLog = "$DIR/fx-plain-0/00000000000000000000.log"

    @Test func noArgumentsPrintsUsage() async {
        let (code, out, err) = await DumpLogFixtures.runTool([])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err.hasPrefix(DumpLogOptions.usageMessage + "\nOption "))
        #expect(err.contains("--files <String: file1, file2, ...>"))
        #expect(err.contains("--max-message-size <Integer: size>"))
    }

    @Test func helpPrintsUsageAndExits1() async {
        let (code, _, err) = await DumpLogFixtures.runTool(["--help"])
        #expect(code == 1)
        #expect(err.hasPrefix(DumpLogOptions.usageMessage + "\n"))
    }

    @Test func versionPrints400() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--version"])
        #expect(code == 0)
        #expect(out == JoptCommandLine.versionLine + "\n")
        #expect(err.isEmpty)
    }

    @Test func missingFiles() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--deep-iteration"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err.hasPrefix("Missing required argument \"[files]\"\nOption "))
    }

    @Test func unknownOptionIsAnUncaughtJoptException() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--files", Self.plainLog, "--deep"])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "Exception in thread \"main\" joptsimple.UnrecognizedOptionException: deep is not a recognized option\n")
    }

    @Test func filesTwice() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--files", Self.plainLog, "--files", Self.plainLog])
        #expect(code == 1)
        #expect(out.isEmpty)
        #expect(err == "Exception in thread \"main\" joptsimple.MultipleArgumentsForOptionException: Found multiple arguments for option files, but you asked for only one\n")
    }

    @Test func severalFilesSplitOnCommasWithJavaRules() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--files", "$DIR/meta.properties,,$DIR/.kafka_cleanshutdown,"])
        #expect(code == 1)  // the empty name in the middle has no dot
        #expect(out == "Dumping $DIR/meta.properties\nDumping \n")
        #expect(err.hasPrefix("Ignoring unknown file $DIR/meta.properties\nException in thread \"main\" java.lang.StringIndexOutOfBoundsException: begin -1, end 0, length 0\n"))
    }

    @Test func deprecatedDecoderNamesAreMappedWithANote() async {
        let (code, out, err) = await DumpLogFixtures.runTool([
            "--files", Self.plainLog, "--key-decoder-class", "kafka.serializer.StringDecoder",
            "--value-decoder-class", "kafka.serializer.StringDecoder",
        ])
        #expect(code == 0)
        #expect(err.isEmpty)
        let lines = out.split(separator: "\n")
        #expect(lines[1] == "kafka.serializer.StringDecoder is deprecated. Please use org.apache.kafka.tools.api.StringDecoder instead")
        #expect(lines[2] == lines[1])
        #expect(out.contains("key: key-1 payload: value-1\n"))
    }

    @Test func decoderOptionImpliesPrinting() async {
        let (code, out, _) = await DumpLogFixtures.runTool(["--files", Self.plainLog, "--value-decoder-class"])
        #expect(code == 0)
        #expect(out.contains("| offset: 1 CreateTime: 1795250047413 keySize: 5 valueSize: 7 sequence: -1 headerKeys: [] key: key-1 payload: value-1\n"))
    }

    @Test func unknownDecoderClass() async {
        let (code, out, err) = await DumpLogFixtures.runTool(["--files", Self.plainLog, "--value-decoder-class", "com.example.Mine"])
        #expect(code == 1)
        #expect(out == "Dumping \(Self.plainLog)\n")
        #expect(err == "Exception in thread \"main\" java.lang.ClassNotFoundException: com.example.Mine\n")
    }

    @Test func offsetsDecoderWinsOverOtherDecoders() async {
        let (code, out, _) = await DumpLogFixtures.runTool([
            "--files", "$DIR/__consumer_offsets-2/00000000000000000000.log", "--cluster-metadata-decoder", "--offsets-decoder",
        ])
        #expect(code == 0)
        #expect(out.contains("key: {\"type\":\"2\",\"data\":{\"group\":\"fx-librdkafka-group\"}}"))
    }

    @Test func scalaHashSetOrder() {
        // The order Kafka printed for `__transaction_state-28` offset 2.
        var set = ScalaHashSet<TopicPartitionName>()
        for (topic, partition) in [("fx-transactional", Int32(0)), ("fx-transactional", 1), ("__consumer_offsets", 46)] {
            set.insert(TopicPartitionName(topic: topic, partition: partition))
        }
        #expect(set.elements.map(\.description) == ["fx-transactional-1", "__consumer_offsets-46", "fx-transactional-0"])
    }
}
