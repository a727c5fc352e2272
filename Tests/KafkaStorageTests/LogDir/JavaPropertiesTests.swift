import Foundation
import Testing
@testable import KafkaStorage

@Suite("JavaProperties")
struct JavaPropertiesTests {
    @Test("load: separators, comments, blank lines and surrounding whitespace")
    func separators() throws {
        let props = try JavaProperties.parse("""
            # comment
            ! also a comment
              a=1
            b = 2
            c:3
            d 4
            e\t\t5
            f
            g=
            h = value with spaces  \n
            """)
        #expect(props["a"] == "1")
        #expect(props["b"] == "2")
        #expect(props["c"] == "3")
        #expect(props["d"] == "4")
        #expect(props["e"] == "5")
        #expect(props["f"] == "")
        #expect(props["g"] == "")
        #expect(props["h"] == "value with spaces  ")
        #expect(props.count == 8)
        #expect(props.keys == ["a", "b", "c", "d", "e", "f", "g", "h"])
    }

    @Test("load: continuation lines, escapes and \\u sequences")
    func escapes() throws {
        let props = try JavaProperties.parse(
            "log.dirs=/a,\\\n    /b,\\\r\n\t/c\nkey\\ with\\=sep\\:=v\\tx\\n\nu=\\u00e9\\u20AC\\q\npair=\\uD83D\\uDE00\n#not=\\\nafter=1\n")
        #expect(props["log.dirs"] == "/a,/b,/c")
        #expect(props["key with=sep:"] == "v\tx\n")
        #expect(props["u"] == "é€q")
        #expect(props["pair"] == "😀")
        #expect(props["after"] == "1")
        #expect(props["#not"] == nil)
    }

    @Test("load: a comment marker after a continuation is data, and the last duplicate wins")
    func continuationAndDuplicates() throws {
        let props = try JavaProperties.parse("a=x\\\n#y\na=1\na=2\nlast=end\\")
        #expect(props["a"] == "2")
        #expect(props["last"] == "end")
        let continued = try JavaProperties.parse("k=x\\\n#y")
        #expect(continued["k"] == "x#y")
    }

    @Test("load: malformed \\u escape is an error")
    func malformedUnicode() {
        #expect(throws: JavaPropertiesError.malformedUnicodeEscape) { try JavaProperties.parse("a=\\u12") }
        #expect(throws: JavaPropertiesError.malformedUnicodeEscape) { try JavaProperties.parse("a=\\uXYZW") }
    }

    @Test("load(contentsOf:) reads bytes as ISO-8859-1 like Properties.load(InputStream)")
    func latin1() throws {
        let scratch = try LogDirScratch()
        defer { scratch.remove() }
        try Data([0x61, 0x3D, 0xE9, 0x0A]).write(to: URL(fileURLWithPath: scratch.file("p")))
        #expect(try JavaProperties.load(contentsOf: scratch.file("p"))["a"] == "é")
    }

    @Test("store: Java escaping of keys and values")
    func storeEscaping() {
        var props = JavaProperties()
        props["k y"] = " lead=:#!\\\t\n"
        let text = props.storedText(comments: nil, date: Date(timeIntervalSince1970: 0), timeZone: TimeZone(identifier: "Etc/UTC")!)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines[0] == "#Thu Jan 01 00:00:00 UTC 1970")
        #expect(lines[1] == "k\\ y=\\ lead\\=\\:\\#\\!\\\\\\t\\n")
    }

    @Test("store: the local-zone date line (libc, no ICU) is Date.toString() in the process's zone")
    func localDateLine() throws {
        // A date with two-digit day/hour fields and one with single digits (zero padding).
        for date in [Date(timeIntervalSince1970: 1_700_000_000), Date(timeIntervalSince1970: 3_600 * 24 * 40 + 3_723)] {
            let local = JavaProperties.javaLocalDateString(date).split(separator: " ")
            let viaFoundation = JavaProperties.javaDateString(date, timeZone: .current).split(separator: " ")
            try #require(local.count == 6 && viaFoundation.count == 6)
            // Every field but the zone's name (tzdata's abbreviation vs ICU's short name).
            for field in [0, 1, 2, 3, 5] {
                #expect(local[field] == viaFoundation[field])
            }
            #expect(!local[4].isEmpty)
        }
        let text = JavaProperties().storedText(comments: nil, date: Date(timeIntervalSince1970: 1_700_000_000))
        #expect(text == "#" + JavaProperties.javaLocalDateString(Date(timeIntervalSince1970: 1_700_000_000)) + "\n")
    }

    @Test("store: round trip through load")
    func roundTrip() throws {
        var props = JavaProperties()
        props["a b"] = " x:y=z "
        props["#c"] = "tab\there"
        props["unicode"] = "é€😀"
        let again = try JavaProperties.parse(props.storedText(comments: "", date: Date()))
        #expect(again == props)
    }

    @Test("store: keys in Java 17 Properties (ConcurrentHashMap) order")
    func hashOrder() {
        #expect(JavaHashOrder.ordered(["version", "cluster.id", "node.id", "directory.id"], table: .properties)
            == ["node.id", "directory.id", "version", "cluster.id"])
        #expect(JavaHashOrder.hashCode("") == 0)
        #expect(JavaHashOrder.hashCode("a") == 97)
        #expect(JavaHashOrder.hashCode("ab") == 97 * 31 + 98)
    }

    @Test("removing a key keeps the others in order")
    func removal() {
        var props = JavaProperties([("a", "1"), ("b", "2"), ("c", "3")])
        props["b"] = nil
        #expect(props.keys == ["a", "c"])
        props["b"] = "4"
        #expect(props.keys == ["a", "c", "b"])
        #expect(props["c"] == "3")
    }
}
