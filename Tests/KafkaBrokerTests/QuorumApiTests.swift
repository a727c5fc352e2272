import Foundation
import KafkaClient
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// DescribeQuorum, DescribeCluster and the raft voter APIs as `kafka-metadata-quorum` uses them,
/// against Kafka 4.0's single node (`frames/java-metadata-quorum-status.jsonl`).
@Suite("Quorum APIs", .serialized)
struct QuorumApiTests {
    static func recordedFrames() throws -> [ApiVersionsTests.Frame] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/java-metadata-quorum-status", withExtension: "jsonl"))
        let lines = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
        return try lines.map { try JSONDecoder().decode(ApiVersionsTests.Frame.self, from: Data($0.utf8)) }
    }

    /// The body of a recorded flexible response (size, correlation id, empty tagged fields skipped).
    static func responseBody(_ frame: ApiVersionsTests.Frame) -> ByteBuffer {
        var body = ByteBuffer(bytes: frame.bytes)
        body.moveReaderIndex(forwardBy: 9)
        return body
    }

    static func controllerPort(_ broker: TestBroker) throws -> Int {
        try #require(broker.services.controllerListeners.first?.port)
    }

    /// Our answer, with the values that differ from run to run set to the recorded ones, encodes
    /// to Kafka's bytes: same fields, same empty (not null) error messages, same node listeners.
    @Test func describeQuorumMatchesKafkasSingleNode() async throws {
        let recorded = try #require(try Self.recordedFrames().first { $0.dir == "resp" && $0.apiKey == 55 })
        var kafkaBody = Self.responseBody(recorded)
        let kafka = try DescribeQuorumResponse.decode(from: &kafkaBody, version: 2)
        let kafkaPartition = try #require(kafka.topics.first?.partitions.first)
        let kafkaVoter = try #require(kafkaPartition.currentVoters.first)
        let kafkaListener = try #require(kafka.nodes.first?.listeners.first)

        let broker = try await TestBroker()
        for port in [broker.port, try Self.controllerPort(broker)] {
            let before = Int64(Date().timeIntervalSince1970 * 1000)
            var ours = try await RawConnection.with(port: port) { try await $0.request(KafkaAdminClient.describeMetadataQuorumRequest(), version: 2) }
            let after = Int64(Date().timeIntervalSince1970 * 1000)
            let partition = try #require(ours.topics.first?.partitions.first)
            let voter = try #require(partition.currentVoters.first)
            #expect(voter.logEndOffset == partition.highWatermark)
            #expect(voter.lastFetchTimestamp == voter.lastCaughtUpTimestamp)
            #expect(voter.lastFetchTimestamp >= before && voter.lastFetchTimestamp <= after)
            #expect(ours.nodes.first?.listeners.first?.port == UInt16(try Self.controllerPort(broker)))
            // Normalise what changes from run to run, then compare the encodings.
            ours.topics[0].partitions[0].highWatermark = kafkaPartition.highWatermark
            ours.topics[0].partitions[0].currentVoters[0].logEndOffset = kafkaVoter.logEndOffset
            ours.topics[0].partitions[0].currentVoters[0].lastFetchTimestamp = kafkaVoter.lastFetchTimestamp
            ours.topics[0].partitions[0].currentVoters[0].lastCaughtUpTimestamp = kafkaVoter.lastCaughtUpTimestamp
            ours.nodes[0].listeners[0].port = kafkaListener.port
            var mine = ByteBuffer()
            try ours.encode(into: &mine, version: 2)
            #expect(Array(mine.readableBytesView) == Array(Self.responseBody(recorded).readableBytesView))
        }
        try await broker.stopAndRemove()
    }

    /// The controller listener serves what `--bootstrap-controller` needs: ApiVersions listing
    /// DescribeQuorum, DescribeCluster for controllers, and DescribeQuorum.
    @Test func controllerListenerServesTheQuorumTool() async throws {
        let broker = try await TestBroker()
        let port = try Self.controllerPort(broker)
        var apiVersions = ApiVersionsRequest()
        apiVersions.clientSoftwareName = "apache-kafka-java"
        apiVersions.clientSoftwareVersion = "4.0.0"
        let versions = try await RawConnection.with(port: port) { try await $0.request(apiVersions, version: 3) }
        let keys = Set(versions.apiKeys.map(\.apiKey))
        for key in [ApiKey.describeQuorum, .describeCluster, .addRaftVoter, .removeRaftVoter, .electLeaders] {
            #expect(keys.contains(key.rawValue), "\(key)")
        }
        var controllers = DescribeClusterRequest()
        controllers.endpointType = 2
        let cluster = try await RawConnection.with(port: port) { try await $0.request(controllers, version: 1) }
        #expect(cluster.errorCode == 0)
        #expect(cluster.clusterId == broker.services.clusterId)
        #expect(cluster.brokers.map(\.brokerId) == [1])
        #expect(cluster.brokers.first.map { Int($0.port) } == port)
        // A controller answers broker-endpoint requests with Kafka's error.
        let wrong = try await RawConnection.with(port: port) { try await $0.request(DescribeClusterRequest(), version: 1) }
        #expect(wrong.errorCode == ErrorCode.mismatchedEndpointType.rawValue)
        try await broker.stopAndRemove()
    }

    static func addVoter(id: Int32, directory: KafkaUUID, listeners: [(String, String, UInt16)], clusterId: String? = nil) -> AddRaftVoterRequest {
        var request = AddRaftVoterRequest()
        request.clusterId = clusterId
        request.timeoutMs = 30000
        request.voterId = id
        request.voterDirectoryId = directory
        request.listeners = listeners.map {
            var listener = AddRaftVoterRequest.Listener()
            listener.name = $0.0
            listener.host = $0.1
            listener.port = $0.2
            return listener
        }
        return request
    }

    /// A static quorum (`controller.quorum.voters`, kraft.version 0) refuses reconfiguration with
    /// Kafka's UNSUPPORTED_VERSION message, after Kafka's earlier checks.
    @Test func raftVoterChangesAreRefusedAsOnAStaticQuorum() async throws {
        let broker = try await TestBroker()
        let directory = try #require(KafkaUUID("pZ-5c3NjQTy1w0bgwOtNvQ"))
        for port in [broker.port, try Self.controllerPort(broker)] {
            let add = try await RawConnection.with(port: port) {
                try await $0.request(Self.addVoter(id: 2, directory: directory, listeners: [("CONTROLLER", "localhost", 9095)]), version: 0)
            }
            #expect(add.errorCode == ErrorCode.unsupportedVersion.rawValue)
            #expect(add.errorMessage == "Cluster doesn't support adding voter because the kraft.version feature is 0")

            var remove = RemoveRaftVoterRequest()
            remove.clusterId = nil
            remove.voterId = 1
            remove.voterDirectoryId = directory
            let removed = try await RawConnection.with(port: port) { try await $0.request(remove, version: 0) }
            #expect(removed.errorCode == ErrorCode.unsupportedVersion.rawValue)
            #expect(removed.errorMessage == "Cluster doesn't support removing voter because the kraft.version feature is 0")
        }

        let zeroDirectory = try await RawConnection.with(port: broker.port) {
            try await $0.request(Self.addVoter(id: 2, directory: .zero, listeners: [("CONTROLLER", "localhost", 9095)]), version: 0)
        }
        #expect(zeroDirectory.errorCode == ErrorCode.invalidRequest.rawValue)
        #expect(zeroDirectory.errorMessage == "Add voter request didn't include a valid voter")

        let noListener = try await RawConnection.with(port: broker.port) {
            try await $0.request(Self.addVoter(id: 2, directory: directory, listeners: [("OTHER", "localhost", 9095)]), version: 0)
        }
        #expect(noListener.errorCode == ErrorCode.invalidRequest.rawValue)
        #expect(noListener.errorMessage == "Add voter request didn't include the endpoint (Endpoints(endpoints={ListenerName(OTHER)=localhost/<unresolved>:9095})) for the default listener ListenerName(CONTROLLER)")

        let otherCluster = try await RawConnection.with(port: broker.port) {
            try await $0.request(Self.addVoter(id: 2, directory: directory, listeners: [], clusterId: "not-this-cluster"), version: 0)
        }
        #expect(otherCluster.errorCode == ErrorCode.inconsistentClusterId.rawValue)
        #expect(otherCluster.errorMessage == "The given id \"not-this-cluster\" doesn't match the cluster id \"\(broker.services.clusterId)\"")

        var negative = RemoveRaftVoterRequest()
        negative.clusterId = nil
        negative.voterId = -1
        negative.voterDirectoryId = directory
        let invalid = try await RawConnection.with(port: broker.port) { try await $0.request(negative, version: 0) }
        #expect(invalid.errorCode == ErrorCode.invalidRequest.rawValue)
        #expect(invalid.errorMessage == "Remove voter request didn't include a valid voter")
        try await broker.stopAndRemove()
    }
}
