@testable import KafkitCLI
import KafkaClient
import Testing

@Suite("configs --add-config parsing")
struct ConfigsParsingTests {
    func parse(_ text: String) throws -> [String] {
        try ConfigsToBeAdded.parse(addConfig: text, addConfigFile: nil).map { "\($0.key)=\($0.value)" }
    }

    @Test("brackets group commas, spaces around = are dropped, empty values allowed")
    func brackets() throws {
        #expect(try parse("k1=v1,k2=[a,b,c],k3=v3") == ["k1=v1", "k2=a,b,c", "k3=v3"])
        #expect(try parse(" a = 1 ,b=") == ["a=1", "b="])
        #expect(try parse("ssl.endpoint.identification.algorithm=") == ["ssl.endpoint.identification.algorithm="])
        #expect(try parse("a=1,") == ["a=1"])
        #expect(try parse("a=1,a=2") == ["a=2"])
        #expect(try parse("listeners=[PLAINTEXT://h:1,SSL://h:2]") == ["listeners=PLAINTEXT://h:1,SSL://h:2"])
    }

    @Test("malformed pairs and keys")
    func malformed() {
        for text in ["a", "a=b=c", "", "a=1,,b=2"] {
            #expect(throws: ConfigCommandError.self, "\(text)") { try parse(text) }
        }
        #expect(throws: ConfigCommandError.self) { try parse("a b=1") }
    }

    @Test("Java split semantics")
    func split() throws {
        #expect(try ConfigsToBeAdded.javaSplit("a,b,,", pattern: ",", limit: 0) == ["a", "b"])
        #expect(try ConfigsToBeAdded.javaSplit("a=", pattern: "=", limit: -1) == ["a", ""])
        #expect(try ConfigsToBeAdded.javaSplit(",", pattern: ",", limit: 0) == [])
        #expect(try ConfigsToBeAdded.javaSplit("", pattern: ",", limit: 0) == [""])
        #expect(ConfigsToBeAdded.javaTrim("\t x \n") == "x")
    }
}

@Suite("Java exception texts")
struct JavaErrorTextTests {
    @Test("error codes map to Kafka's exception classes")
    func classes() {
        #expect(JavaErrorText.exceptionClass(.unknownTopicOrPartition) == "org.apache.kafka.common.errors.UnknownTopicOrPartitionException")
        #expect(JavaErrorText.exceptionClass(.invalidTopicException) == "org.apache.kafka.common.errors.InvalidTopicException")
        #expect(JavaErrorText.exceptionClass(.unknownServerError) == "org.apache.kafka.common.errors.UnknownServerException")
        #expect(JavaErrorText.describe(KafkaError.broker(.offsetOutOfRange, message: nil))
            == "org.apache.kafka.common.errors.OffsetOutOfRangeException: The requested offset is not within the range of offsets maintained by the server.")
        #expect(JavaErrorText.describe(KafkaError.broker(.invalidConfig, message: "bad value"))
            == "org.apache.kafka.common.errors.InvalidConfigurationException: bad value")
    }

    @Test("quota entity types are refused with a plain message")
    func quotas() async {
        for args in [["--describe", "--user", "alice"], ["--alter", "--client", "c", "--add-config", "producer_byte_rate=1"], ["--describe", "--ip", "1.2.3.4"]] {
            let result = await runTool(ConfigsCommand.execute, ["--bootstrap-server", "127.0.0.1:1"] + args)
            #expect(result.code == 1)
            #expect(result.err.hasPrefix("kafkit configs does not support the entity type "))
        }
    }
}
