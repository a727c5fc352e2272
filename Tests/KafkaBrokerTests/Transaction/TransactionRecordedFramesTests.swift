import Foundation
import KafkaBroker
import KafkaProtocol
import NIOCore
import Testing

/// `kafka-transactions.sh list` and `describe` as Kafka 4.0 answered them (frames recorded from the
/// Java admin client): the same requests against our broker, with transactional ids in the same
/// states, get the same answers (producer ids and timestamps aside).
@Suite("Transaction.RecordedFrames", .serialized)
struct TransactionRecordedFramesTests {
    struct Frame: Decodable {
        let dir: String
        let apiKey: Int16
        let apiVersion: Int16
        let hex: String
    }

    static func frame(_ file: String, dir: String, apiKey: Int16) throws -> (version: Int16, body: ByteBuffer) {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/frames/\(file)", withExtension: "jsonl"))
        let frames = try String(contentsOf: url, encoding: .utf8).split(separator: "\n")
            .map { try JSONDecoder().decode(Frame.self, from: Data($0.utf8)) }
        let frame = try #require(frames.first { $0.dir == dir && $0.apiKey == apiKey })
        var buffer = ByteBuffer(bytes: try hexBytes(frame.hex))
        buffer.moveReaderIndex(forwardBy: 4)
        return (frame.apiVersion, buffer)
    }

    static func request<R: KafkaRequest>(_ type: R.Type, _ file: String) throws -> (R, Int16) {
        let (version, body) = try frame(file, dir: "req", apiKey: R.apiKey.rawValue)
        let frame = try KafkaRequestFrame.parse(body)
        var requestBody = frame.body
        return (try R.decode(from: &requestBody, version: version), version)
    }

    static func response<R: KafkaRequest>(_ type: R.Type, _ file: String) throws -> R.Response {
        let (version, body) = try frame(file, dir: "resp", apiKey: R.apiKey.rawValue)
        return try KafkaResponseFrame.parse(body, apiKey: R.apiKey, apiVersion: version).decodeResponse(as: R.Response.self, version: version)
    }

    @Test("ListTransactions and DescribeTransactions answer as Kafka's recorded frames")
    func listAndDescribe() async throws {
        // Kafka's default of 50 partitions: the listing order depends on it.
        let broker = try await DataPathBroker(overrides: ["group.initial.rebalance.delay.ms": "0"])
        try await broker.createTopic("rf")
        let (list, listVersion) = try Self.request(ListTransactionsRequest.self, "java-transactions-list")
        let kafkaList = try Self.response(ListTransactionsRequest.self, "java-transactions-list")
        let (describe, describeVersion) = try Self.request(DescribeTransactionsRequest.self, "java-transactions-describe")
        let kafkaDescribe = try Self.response(DescribeTransactionsRequest.self, "java-transactions-describe")
        try await DataPathConnection.with(port: broker.port) { c in
            // The ids of Kafka's listing, brought to the states it lists.
            for listed in kafkaList.transactionStates {
                let id = listed.transactionalId
                try await Txn.findCoordinator(&c, id)
                let pid = try await Txn.initProducerId(&c, id).producerId
                #expect(try await Txn.addPartitions(&c, id, producerId: pid, producerEpoch: 0, [("rf", 0)]) == [0])
                let commit = listed.transactionState == "CompleteCommit"
                #expect(try await Txn.endTxn(&c, id, producerId: pid, producerEpoch: 0, commit: commit).errorCode == 0)
            }
            let ours = try await c.request(list, version: listVersion)
            #expect(ours.errorCode == kafkaList.errorCode)
            #expect(ours.unknownStateFilters == kafkaList.unknownStateFilters)
            #expect(ours.transactionStates.map { [$0.transactionalId, $0.transactionState] }
                    == kafkaList.transactionStates.map { [$0.transactionalId, $0.transactionState] })

            let described = try await c.request(describe, version: describeVersion)
            let mine = try #require(described.transactionStates.first)
            let theirs = try #require(kafkaDescribe.transactionStates.first)
            #expect(mine.errorCode == theirs.errorCode)
            #expect(mine.transactionalId == theirs.transactionalId)
            #expect(mine.transactionState == theirs.transactionState)
            #expect(mine.transactionTimeoutMs == theirs.transactionTimeoutMs)
            #expect(mine.producerEpoch == theirs.producerEpoch)
            #expect(mine.topics == theirs.topics)
            #expect(mine.transactionStartTimeMs > 0)
        }
        try await broker.stopAndRemove()
    }
}
