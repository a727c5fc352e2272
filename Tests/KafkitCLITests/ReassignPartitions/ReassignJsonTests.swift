import Foundation
import KafkaClient
@testable import KafkitCLI
import Testing

/// The JSON files: Kafka's compact output and every parse and validation error.
@Suite("reassign-partitions JSON")
struct ReassignJsonTests {
    @Test("output is compact, sorted by topic then partition, with log_dirs")
    func format() {
        let text = ReassignmentJson.format(
            [TopicPartition("b", 0): [2], TopicPartition("a", 10): [1, 2], TopicPartition("a", 2): [3]],
            logDirs: [TopicPartitionReplica(topic: "a", partition: 10, brokerId: 2): "/d/x"])
        #expect(text == #"{"version":1,"partitions":[{"topic":"a","partition":2,"replicas":[3],"log_dirs":["any"]},{"topic":"a","partition":10,"replicas":[1,2],"log_dirs":["any","/d/x"]},{"topic":"b","partition":0,"replicas":[2],"log_dirs":["any"]}]}"#)
        #expect(ReassignmentJson.format([:]) == #"{"version":1,"partitions":[]}"#)
    }

    @Test("the recorded reassign-mv.json parses; log_dirs default to any")
    func parseRecordedFile() throws {
        let text = try String(contentsOfFile: Transcript.path("configs/reassign-mv.json"), encoding: .utf8)
        let data = try ReassignmentJson.parseReassignment(text)
        #expect(data.partitions.map(\.partition) == [TopicPartition("mv", 0), TopicPartition("mv", 1), TopicPartition("mv", 2)])
        #expect(data.partitions.map(\.replicas) == [[1], [2], [3]])
        #expect(data.logDirs.isEmpty)
        #expect(try ReassignmentJson.validateForExecute(data).count == 3)
    }

    @Test("log dirs other than any are kept per replica; version may be left out")
    func logDirs() throws {
        let data = try ReassignmentJson.parseReassignment(
            #"{"partitions":[{"topic":"t","partition":0,"replicas":[1,2],"log_dirs":["any","/data/b"]}]}"#)
        #expect(data.logDirs == [TopicPartitionReplica(topic: "t", partition: 0, brokerId: 2): "/data/b"])
    }

    @Test("the topics file: names in order, version optional, topics optional")
    func topics() throws {
        #expect(try ReassignmentJson.parseTopics(#"{"topics":[{"topic":"demo"},{"topic":"t"}],"version":1}"#) == ["demo", "t"])
        #expect(try ReassignmentJson.parseTopics(#"{"topics":[{"topic":"x"}]}"#) == ["x"])
        #expect(try ReassignmentJson.parseTopics(#"{"version":1}"#) == [])
    }

    static func reassignmentError(_ text: String) -> ReassignJavaException? {
        do {
            _ = try ReassignmentJson.validateForExecute(try ReassignmentJson.parseReassignment(text))
            return nil
        } catch {
            return error
        }
    }

    static func topicsError(_ text: String) -> ReassignJavaException? {
        do {
            _ = try ReassignmentJson.parseTopics(text)
            return nil
        } catch {
            return error
        }
    }

    @Test("reassignment file errors: Kafka's exception classes and messages", arguments: [
        (#"{"version":2,"partitions":[]}"#, ReassignJavaException.adminOperationClass, "Not supported version field value 2"),
        (#"{"version":1,"partitions":[]}"#, ReassignJavaException.adminCommandFailedClass, "Partition reassignment list cannot be empty"),
        (#"{"version":1}"#, ReassignJavaException.adminCommandFailedClass, "Partition reassignment list cannot be empty"),
        (#"{"partitions":[{"topic":"foo","partition":0,"replicas":[]}]}"#, ReassignJavaException.adminCommandFailedClass,
         "Partition replica list cannot be empty"),
        (#"{"partitions":[{"topic":"foo","partition":0,"replicas":[1]},{"topic":"foo","partition":0,"replicas":[2]}]}"#,
         ReassignJavaException.adminCommandFailedClass, "Partition reassignment contains duplicate topic partitions: foo-0"),
        (#"{"partitions":[{"topic":"foo","partition":0,"replicas":[1,2,1]},{"topic":"foo","partition":1,"replicas":[3,3]}]}"#,
         ReassignJavaException.adminCommandFailedClass,
         "Partition replica lists may not contain duplicate entries: foo-0 contains multiple entries for 1. foo-1 contains multiple entries for 3"),
        (#"{"partitions":[{"topic":"foo","partition":0,"replicas":[1,2],"log_dirs":["any"]}]}"#,
         ReassignJavaException.adminCommandFailedClass,
         "Size of replicas list [1, 2] is different from size of log dirs list [any] for partition foo-0"),
        (#"[1,2]"#, ReassignJavaException.jsonMappingClass, "Expected JSON object, received [1,2]"),
        (#"{"partitions":{}}"#, ReassignJavaException.jsonMappingClass, "Expected JSON array, received {}"),
        (#"{"partitions":[{"partition":0,"replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass, "No such field exists: `topic`"),
        (#"{"partitions":[{"topic":"a","replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass, "No such field exists: `partition`"),
        (#"{"partitions":[{"topic":"a","partition":0}]}"#, ReassignJavaException.jsonMappingClass, "No such field exists: `replicas`"),
        (#"{"partitions":[{"topic":1,"partition":0,"replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass, "Expected `String` value, received 1"),
        (#"{"partitions":[{"topic":"a","partition":"0","replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass,
         #"Expected `Integer` value, received "0""#),
        (#"{"partitions":[{"topic":"a","partition":1.5,"replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass,
         "Expected `Integer` value, received 1.5"),
        (#"{"partitions":[{"topic":"a","partition":4294967296,"replicas":[1]}]}"#, ReassignJavaException.jsonMappingClass,
         "Expected `Integer` value, received 4294967296"),
        (#"{"partitions":[{"topic":"a","partition":0,"replicas":1}]}"#, ReassignJavaException.jsonMappingClass,
         "Expected `JSON array` value, received 1"),
        (#"{"partitions":[{"topic":"a","partition":0,"replicas":[1],"log_dirs":[2]}]}"#, ReassignJavaException.jsonMappingClass,
         "Expected `String` value, received 2"),
        (#"{"version":"1"}"#, ReassignJavaException.jsonMappingClass, #"Expected `Integer` value, received "1""#),
        ("   ", ReassignJavaException.jsonMappingClass, "Expected JSON object, received "),
    ])
    func reassignmentErrors(text: String, className: String, message: String) {
        let error = Self.reassignmentError(text)
        #expect(error?.className == className)
        #expect(error?.message == message)
    }

    @Test("text that is not JSON: Jackson's JsonParseException wrapped in AdminOperationException")
    func notJson() {
        let empty = Self.reassignmentError("")
        #expect(empty?.className == ReassignJavaException.adminOperationClass)
        #expect(empty?.message == "com.fasterxml.jackson.core.JsonParseException: The input string shouldn't be empty")
        for text in ["{", "{\"a\" 1}", "nope", "[1,]", "{\"a\":\"x", "{\"a\":01}"] {
            let error = Self.reassignmentError(text)
            #expect(error?.className == ReassignJavaException.adminOperationClass, "\(text)")
            #expect(error?.message?.hasPrefix("com.fasterxml.jackson.core.JsonParseException: ") == true, "\(text)")
            #expect(error?.causes.count == 1)
        }
    }

    @Test("topics file errors", arguments: [
        ("", ReassignJavaException.adminOperationClass, "The input string is not a valid JSON"),
        ("{nope", ReassignJavaException.adminOperationClass, "The input string is not a valid JSON"),
        (#"{"version":3,"topics":[]}"#, ReassignJavaException.adminOperationClass, "Not supported version field value 3"),
        (#"{"topics":[{"name":"a"}]}"#, ReassignJavaException.jsonMappingClass, "No such field exists: `topic`"),
        (#"{"topics":"a"}"#, ReassignJavaException.jsonMappingClass, #"Expected JSON array, received "a""#),
        (#"{"topics":["a"]}"#, ReassignJavaException.jsonMappingClass, #"Expected JSON object, received "a""#),
        (#"{"topics":[{"topic":null}]}"#, ReassignJavaException.jsonMappingClass, "Expected `String` value, received null"),
    ])
    func topicsErrors(text: String, className: String, message: String) {
        let error = Self.topicsError(text)
        #expect(error?.className == className)
        #expect(error?.message == message)
    }

    @Test("Jackson's tree: last duplicate key wins, trailing text ignored, escapes decoded")
    func treeReader() throws {
        #expect(try JacksonTreeReader.read(#"{"a":1,"a":2}"#)?.serialized() == #"{"a":2}"#)
        #expect(try JacksonTreeReader.read(#"{"a":[true,false,null]} trailing"#)?.serialized() == #"{"a":[true,false,null]}"#)
        #expect(try JacksonTreeReader.read(#""x\u0041\n\"""#) == .string("xA\n\""))
        #expect(try JacksonTreeReader.read(#"-12"#) == .int(-12))
        #expect(try JacksonTreeReader.read(#"1e2"#) == .double(100))
        #expect(try JacksonTreeReader.read("  ") == nil)
        #expect(throws: JacksonTreeReader.ParseError.self) { try JacksonTreeReader.read(String(repeating: "[", count: 2000)) }
    }
}
