import Foundation
@testable import KafkaClient
@testable import KafkitCLI
import KafkaProtocol
import NIOCore
import Testing

/// The requests the tool's admin calls build, against the frames Kafka 4.0's tool sent
/// (`java-consumer-groups-*.jsonl`): decoded with our codecs and compared field by field.
@Suite("consumer-groups request frames")
struct ConsumerGroupsFrameTests {
    struct Frame {
        var apiKey: Int16
        var apiVersion: Int16
        /// The request body after the v2 header.
        var body: ByteBuffer
    }

    static func requests(_ file: String) throws -> [Frame] { try frames(file, direction: "req") }

    /// Frames of one direction; request bodies follow a v2 header, response bodies a v1 header.
    static func frames(_ file: String, direction: String) throws -> [Frame] {
        let path = Bundle.module.bundleURL.appendingPathComponent("Fixtures/kafka-4.0/consumer-groups/frames/" + file).path
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var frames: [Frame] = []
        for line in text.split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            guard object?["dir"] as? String == direction, let hex = object?["hex"] as? String,
                  let key = object?["apiKey"] as? Int, let version = object?["apiVersion"] as? Int else { continue }
            var bytes: [UInt8] = []
            var index = hex.startIndex
            while index < hex.endIndex {
                let next = hex.index(index, offsetBy: 2)
                bytes.append(UInt8(hex[index..<next], radix: 16) ?? 0)
                index = next
            }
            var buffer = ByteBuffer(bytes: bytes)
            if direction == "req" {
                buffer.moveReaderIndex(forwardBy: 4 + 2 + 2 + 4)
                let clientIdLength = Int(buffer.readInteger(as: Int16.self) ?? 0)
                buffer.moveReaderIndex(forwardBy: max(0, clientIdLength) + 1)
            } else {
                buffer.moveReaderIndex(forwardBy: 4 + 4 + 1)
            }
            frames.append(Frame(apiKey: Int16(key), apiVersion: Int16(version), body: buffer))
        }
        return frames
    }

    static func decoded<R: KafkaRequest>(_ type: R.Type, in file: String) throws -> (R, Int16) {
        let frame = try #require(try requests(file).first { $0.apiKey == R.apiKey.rawValue })
        var body = frame.body
        return (try R.decode(from: &body, version: frame.apiVersion), frame.apiVersion)
    }

    @Test("ConsumerGroupDescribe: one group, no authorized operations")
    func consumerGroupDescribe() throws {
        let (recorded, _) = try Self.decoded(ConsumerGroupDescribeRequest.self, in: "java-consumer-groups-describe-848.jsonl")
        #expect(KafkaAdminClient.consumerGroupDescribeRequest(groupIds: recorded.groupIds) == recorded)
    }

    @Test("OffsetFetch: one group, all partitions (null topics), member epoch -1, requireStable false")
    func offsetFetch() throws {
        let (recorded, version) = try Self.decoded(OffsetFetchRequest.self, in: "java-consumer-groups-describe.jsonl")
        let groupId = try #require(recorded.groups.first?.groupId)
        #expect(OffsetFetchBuilder.request(groupId: groupId, partitions: nil, requireStable: false, version: version) == recorded)
    }

    @Test("ListOffsets: latest, read_uncommitted, --timeout as the request timeout")
    func listOffsets() throws {
        var (recorded, _) = try Self.decoded(ListOffsetsRequest.self, in: "java-consumer-groups-describe.jsonl")
        // Kafka lists the partitions in hash order; ours are sorted.
        for index in recorded.topics.indices { recorded.topics[index].partitions.sort { $0.partitionIndex < $1.partitionIndex } }
        let specs = Dictionary(uniqueKeysWithValues: recorded.topics.flatMap { topic in
            topic.partitions.map { (TopicPartition(topic.name, $0.partitionIndex), OffsetSpec.latest) }
        })
        #expect(KafkaAdminClient.listOffsetsRequest(specs, isolationLevel: 0, timeoutMs: 5000) == recorded)
    }

    static func describeResponse(_ file: String) throws -> ConsumerGroupDescribeResponse {
        let frame = try #require(try frames(file, direction: "resp").first { $0.apiKey == ApiKey.consumerGroupDescribe.rawValue })
        var body = frame.body
        return try ConsumerGroupDescribeResponse.decode(from: &body, version: frame.apiVersion)
    }

    @Test("ConsumerGroupDescribe answers: a KIP-848 group is described; a classic one falls back to DescribeGroups")
    func consumerGroupDescribeAnswers() throws {
        let coordinator = BrokerNode(nodeId: 1, host: "127.0.0.1", port: 39094, rack: nil)
        let kip848 = try #require(try Self.describeResponse("java-consumer-groups-describe-848.jsonl").groups.first)
        let described = try #require(try KafkaAdminClient.consumerGroupDescription(kip848, coordinator: coordinator)).get()
        #expect(described.groupId == kip848.groupId)
        #expect(described.state == "Empty")
        #expect(described.type == "Consumer")
        #expect(described.partitionAssignor == kip848.assignorName)
        #expect(described.groupEpoch == kip848.groupEpoch)
        #expect(described.targetAssignmentEpoch == kip848.assignmentEpoch)
        #expect(described.members.isEmpty)

        let classic = try #require(try Self.describeResponse("java-consumer-groups-describe.jsonl").groups.first)
        #expect(classic.errorCode == ErrorCode.groupIdNotFound.rawValue)
        #expect(try KafkaAdminClient.consumerGroupDescription(classic, coordinator: coordinator) == nil)
    }

    @Test("DescribeGroups: the classic fallback, one group, no authorized operations")
    func describeGroups() throws {
        let (recorded, _) = try Self.decoded(DescribeGroupsRequest.self, in: "java-consumer-groups-describe.jsonl")
        #expect(KafkaAdminClient.describeGroupsRequest(groupIds: recorded.groups) == recorded)
    }

    @Test("DescribeGroups answers: assignments decoded; other protocol types and errors are the group's failure")
    func classicAnswers() throws {
        let coordinator = BrokerNode(nodeId: 2, host: "b2", port: 9092, rack: nil)
        var member = DescribeGroupsResponse.DescribedGroupMember()
        member.memberId = "m-1"
        member.clientId = "c"
        member.clientHost = "/10.0.0.1"
        member.memberAssignment = try ConsumerProtocol.encodeAssignment([TopicPartition("t", 1), TopicPartition("u", 0)])
        var group = DescribeGroupsResponse.DescribedGroup()
        group.groupId = "g"
        group.groupState = "Stable"
        group.protocolType = "consumer"
        group.protocolData = "range"
        group.members = [member]
        let described = try KafkaAdminClient.classicDescription(group, coordinator: coordinator).get()
        #expect(described.state == "Stable")
        #expect(described.partitionAssignor == "range")
        #expect(described.members.first?.assignment == [TopicPartition("t", 1), TopicPartition("u", 0)])
        #expect(described.members.first?.host == "/10.0.0.1")

        // A corrupt assignment is an empty one, never a trap.
        group.members[0].memberAssignment = ByteBuffer(bytes: [0, 3, 0xFF])
        #expect(try KafkaAdminClient.classicDescription(group, coordinator: coordinator).get().members.first?.assignment == [])

        group.protocolType = "connect"
        let connect = try KafkaAdminClient.classicDescription(group, coordinator: coordinator)
        guard case let .failure(error) = connect else { Issue.record("a connect group is not a consumer group"); return }
        #expect(ConsumerGroupCommandFailure.from(error).message == "java.lang.IllegalArgumentException: GroupId g is not a consumer group (connect).")

        group.errorCode = ErrorCode.groupIdNotFound.rawValue
        group.errorMessage = "Group g not found."
        guard case let .failure(missing) = try KafkaAdminClient.classicDescription(group, coordinator: coordinator) else {
            Issue.record("GROUP_ID_NOT_FOUND is a failure"); return
        }
        #expect(ConsumerGroupCommandFailure.from(missing).message == "org.apache.kafka.common.errors.GroupIdNotFoundException: Group g not found.")

        group.errorCode = ErrorCode.notCoordinator.rawValue
        #expect(throws: KafkaError.self) { try KafkaAdminClient.classicDescription(group, coordinator: coordinator) }
    }
}
