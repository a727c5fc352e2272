import Foundation
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkitCLI

/// One frame of `frames/*.jsonl` (recorded Kafka 4.0 traffic).
struct RecordedFrame: Decodable {
    let dir: String
    let apiKey: Int16
    let apiVersion: Int16
    let correlationId: Int32
    let hex: String

    var bytes: [UInt8] {
        var result: [UInt8] = []
        var index = hex.startIndex
        while index < hex.endIndex {
            let next = hex.index(index, offsetBy: 2)
            result.append(UInt8(hex[index..<next], radix: 16) ?? 0)
            index = next
        }
        return result
    }

    /// A flexible response's body: after size, correlation id and the empty header tags.
    var responseBody: ByteBuffer {
        var body = ByteBuffer(bytes: bytes)
        body.moveReaderIndex(forwardBy: 9)
        return body
    }

    static func load(_ name: String) throws -> [RecordedFrame] {
        let text = try String(contentsOfFile: Transcript.path("frames/\(name).jsonl"), encoding: .utf8)
        return try text.split(separator: "\n").map { try JSONDecoder().decode(RecordedFrame.self, from: Data($0.utf8)) }
    }
}

/// The status block and replication table, fed with Kafka 4.0's recorded answers and the values
/// of the 3-node transcripts (`c03`, `c11`, `c15b`, `c20`).
@Suite("metadata-quorum output")
struct MetadataQuorumFormatTests {
    static func voter(_ id: Int32, _ leo: Int64, _ fetch: Int64?, _ caughtUp: Int64?, directory: KafkaUUID = .zero) -> QuorumInfo.ReplicaState {
        QuorumInfo.ReplicaState(replicaId: id, replicaDirectoryId: directory, logEndOffset: leo, lastFetchTimestamp: fetch, lastCaughtUpTimestamp: caughtUp)
    }

    /// The 3-node cluster of the `c*` transcripts: controllers 1-3 on 127.0.0.1:29191-29193.
    static let threeNodes: [Int32: [RaftVoterEndpoint]] = [
        1: [RaftVoterEndpoint(name: "CONTROLLER", host: "127.0.0.1", port: 29191)],
        2: [RaftVoterEndpoint(name: "CONTROLLER", host: "127.0.0.1", port: 29192)],
        3: [RaftVoterEndpoint(name: "CONTROLLER", host: "127.0.0.1", port: 29193)],
    ]

    static func status(_ info: QuorumInfo, clusterId: String) throws -> String {
        QuorumDescription.statusText(clusterId: clusterId, try QuorumDescription(info: info).status())
    }

    static func replication(_ info: QuorumInfo, now: Int64? = nil) throws -> String {
        let rows = try QuorumDescription(info: info).replicationRows()
        return QuorumDescription.table(
            headers: QuorumDescription.replicationHeaders,
            rows: try QuorumDescription.replicationCells(rows, humanReadableAt: now))
    }

    @Test func requestsMatchKafkasFieldForField() throws {
        let frames = try RecordedFrame.load("java-metadata-quorum-status")
        let quorum = try #require(frames.first { $0.dir == "req" && $0.apiKey == 55 })
        var ours = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(
            KafkaAdminClient.describeMetadataQuorumRequest(), version: quorum.apiVersion,
            correlationId: quorum.correlationId, clientId: "adminclient-1", into: &ours)
        #expect(Array(ours.readableBytesView) == quorum.bytes)

        let cluster = try #require(frames.first { $0.dir == "req" && $0.apiKey == 60 })
        var clusterRequest = ByteBuffer()
        try KafkaFrameEncoder.writeRequest(
            KafkaAdminClient.describeClusterRequest(endpointType: .broker), version: cluster.apiVersion,
            correlationId: cluster.correlationId, clientId: "adminclient-1", into: &clusterRequest)
        #expect(Array(clusterRequest.readableBytesView) == cluster.bytes)
    }

    /// The recorded DescribeCluster + DescribeQuorum answers give exactly the recorded output.
    @Test func recordedAnswersGiveKafkasStatusBlock() throws {
        let frames = try RecordedFrame.load("java-metadata-quorum-status")
        let clusterFrame = try #require(frames.first { $0.dir == "resp" && $0.apiKey == 60 })
        var clusterBody = clusterFrame.responseBody
        let cluster = try DescribeClusterResponse.decode(from: &clusterBody, version: clusterFrame.apiVersion)
        let quorumFrame = try #require(frames.first { $0.dir == "resp" && $0.apiKey == 55 })
        var quorumBody = quorumFrame.responseBody
        let quorum = try DescribeQuorumResponse.decode(from: &quorumBody, version: quorumFrame.apiVersion)
        let text = try Self.status(try QuorumInfo(response: quorum), clusterId: cluster.clusterId)
        let expected = try String(contentsOfFile: Transcript.path("tools-output/wire-java-metadata-quorum-status.out"), encoding: .utf8)
        #expect(text == expected)
    }

    @Test func threeNodeStatusBlocks() throws {
        // c03: leader 1, every voter caught up.
        let c03 = QuorumInfo(
            leaderId: 1, leaderEpoch: 1, highWatermark: 32,
            voters: [Self.voter(1, 32, 100, 100), Self.voter(2, 32, 90, 90), Self.voter(3, 32, 95, 95)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.status(c03, clusterId: "alTviH87SM--MpBt4vFl3g") == (try Transcript.load("c03-metadata-quorum-describe-status.txt")).stdout)
        // c11: node 1 killed; the leader never heard from it (offset and times unknown).
        let c11 = QuorumInfo(
            leaderId: 3, leaderEpoch: 3, highWatermark: 241,
            voters: [Self.voter(1, -1, nil, nil), Self.voter(2, 241, 1_795_246_868_714, 1_795_246_868_714), Self.voter(3, 241, 1_795_246_868_819, 1_795_246_868_819)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.status(c11, clusterId: "alTviH87SM--MpBt4vFl3g") == (try Transcript.load("c11-metadata-quorum-describe-status-after-kill.txt")).stdout)
        // c20: all caught up, leader 3 listed last: the first voter of equal offsets is compared.
        let c20 = QuorumInfo(
            leaderId: 3, leaderEpoch: 3, highWatermark: 524,
            voters: [Self.voter(1, 524, 1000, 1000), Self.voter(2, 524, 1100, 1100), Self.voter(3, 524, 1150, 1150)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.status(c20, clusterId: "alTviH87SM--MpBt4vFl3g") == (try Transcript.load("c20-metadata-quorum-describe-status-final.txt")).stdout)
    }

    @Test func threeNodeReplicationTables() throws {
        let c03b = QuorumInfo(
            leaderId: 1, leaderEpoch: 1, highWatermark: 38,
            voters: [Self.voter(1, 38, 1_795_246_817_838, 1_795_246_817_838), Self.voter(2, 38, 1_795_246_817_731, 1_795_246_817_731),
                     Self.voter(3, 38, 1_795_246_817_740, 1_795_246_817_740)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.replication(c03b) == (try Transcript.load("c03b-metadata-quorum-describe-replication.txt")).stdout)
        let c11b = QuorumInfo(
            leaderId: 3, leaderEpoch: 3, highWatermark: 247,
            voters: [Self.voter(1, -1, nil, nil), Self.voter(2, 247, 1_795_246_868_714, 1_795_246_868_714),
                     Self.voter(3, 247, 1_795_246_868_819, 1_795_246_868_819)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.replication(c11b) == (try Transcript.load("c11b-metadata-quorum-describe-replication-after-kill.txt")).stdout)
        let c15b = QuorumInfo(
            leaderId: 3, leaderEpoch: 3, highWatermark: 375,
            voters: [Self.voter(1, 375, 1_795_246_904_771, 1_795_246_904_771), Self.voter(2, 375, 1_795_246_904_771, 1_795_246_904_771),
                     Self.voter(3, 375, 1_795_246_905_010, 1_795_246_905_010)],
            observers: [], nodes: Self.threeNodes)
        #expect(try Self.replication(c15b) == (try Transcript.load("c15b-metadata-quorum-describe-replication-after-rejoin.txt")).stdout)
    }

    @Test func humanReadableTimesAreMillisecondsAgo() throws {
        let info = QuorumInfo(
            leaderId: 1, leaderEpoch: 1, highWatermark: 318, voters: [Self.voter(1, 318, 1_000_001, 1_000_000)], observers: [], nodes: [:])
        #expect(try Self.replication(info, now: 1_000_010) == (try Transcript.load("16c-metadata-quorum-describe-replication-human-readable.txt")).stdout)
    }

    @Test func futureOrZeroTimestampsAreClockDrift() throws {
        let future = QuorumInfo(leaderId: 1, leaderEpoch: 1, highWatermark: 1, voters: [Self.voter(1, 1, 2000, 1000)], observers: [], nodes: [:])
        #expect(throws: QuorumDescription.Failure(
            className: "org.apache.kafka.common.KafkaException",
            message: "Error while computing relative time, possible drift in system clock.\nCurrent timestamp is 1500, last fetch timestamp is 2000")) {
            try Self.replication(future, now: 1500)
        }
        #expect(throws: QuorumDescription.Failure.self) { try QuorumDescription.relativeTimeMs(0, "last caught up", nowMs: 10) }
        // Without --human-readable the raw values print.
        #expect(try Self.replication(future).contains("\t2000              \t1000                 \tLeader\t\n"))
    }

    @Test func observersDirectoryIdsAndIPv6() throws {
        let directory = try #require(KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
        let info = QuorumInfo(
            leaderId: 1, leaderEpoch: 7, highWatermark: 10,
            voters: [Self.voter(1, 10, 5, 5, directory: directory)],
            observers: [Self.voter(4, 8, 4, 3)],
            nodes: [1: [RaftVoterEndpoint(name: "CONTROLLER", host: "::1", port: 9093), RaftVoterEndpoint(name: "C2", host: "h", port: 1)]])
        let text = try Self.status(info, clusterId: "x")
        #expect(text.contains("CurrentVoters:          [{\"id\": 1, \"directoryId\": \"pZ-5c3NjQTy1w0bgwOtNvQ\", \"endpoints\": [\"CONTROLLER://[::1]:9093\", \"C2://h:1\"]}]\n"))
        #expect(text.hasSuffix("CurrentObservers:       [{\"id\": 4, \"directoryId\": null}]\n"))
        let table = try Self.replication(info)
        #expect(table.hasSuffix("4     \tAAAAAAAAAAAAAAAAAAAAAA\t8           \t2  \t4                 \t3                    \tObserver\t\n"))
    }

    @Test func noLeaderAmongVotersFailsAsKafka() throws {
        let info = QuorumInfo(leaderId: -1, leaderEpoch: 1, highWatermark: 1, voters: [Self.voter(1, 1, 1, 1)], observers: [], nodes: [:])
        #expect(throws: QuorumDescription.Failure(className: "java.util.NoSuchElementException", message: "No value present")) {
            try QuorumDescription(info: info).status()
        }
    }

    @Test func responseErrorsAreThrown() throws {
        var response = DescribeQuorumResponse()
        #expect(throws: KafkaError.self) { try QuorumInfo(response: response) }
        var topic = DescribeQuorumResponse.TopicData()
        topic.topicName = "__cluster_metadata"
        var partition = DescribeQuorumResponse.PartitionData()
        partition.errorCode = ErrorCode.notLeaderOrFollower.rawValue
        topic.partitions = [partition]
        response.topics = [topic]
        #expect(throws: KafkaError.broker(.notLeaderOrFollower, message: "")) { try QuorumInfo(response: response) }
        response.errorCode = ErrorCode.clusterAuthorizationFailed.rawValue
        #expect(throws: KafkaError.self) { try QuorumInfo(response: response) }
    }

    @Test func controllerDirectoryIdParsing() throws {
        #expect((try? MetadataQuorumTool.parseUuid("pZ-5c3NjQTy1w0bgwOtNvQ").get()) == KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
        func problem(_ text: String) -> String? {
            if case .failure(let failure) = MetadataQuorumTool.parseUuid(text) { return failure.message }
            return nil
        }
        #expect(problem("abc") == "Input string `abc` decoded as 2 bytes, which is not equal to the expected 16 bytes of a base64-encoded UUID")
        #expect(problem("a!") == "Illegal base64 character 21")
        #expect(problem("AAAAAAAAAAAAAAAAAAAAAAAAAAAAA") == "Input string with prefix `AAAAAAAAAAAAAAAAAAAAAAAA` is too long to be decoded as a base64 UUID")
        #expect(problem("AAAAA") == "Last unit does not have enough valid bits")
    }
}
