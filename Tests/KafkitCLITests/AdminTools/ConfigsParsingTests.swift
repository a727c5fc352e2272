@testable import KafkitCLI
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
