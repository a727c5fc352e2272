import Foundation
import KafkaProtocol
import NIOCore
import Testing

@testable import KafkaBroker

/// `__transaction_state` records written by Kafka 4.0 (librdkafka, kafka-python and the Java
/// producer with transaction version 2): each decodes into our metadata and re-encodes byte for byte.
@Suite("Transaction.LogRecords")
struct TransactionLogRecordTests {
    static let partitions = ["__transaction_state-28", "__transaction_state-18", "__transaction_state-34", "__transaction_state-36"]

    static func records(_ partition: String) throws -> [Record] {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/transactions/\(partition)/00000000000000000000", withExtension: "log"))
        let bytes = ByteBuffer(bytes: try Data(contentsOf: url))
        return try RecordBatchReader.decodeAll(bytes).flatMap { try $0.decodeRecords() }
    }

    @Test(arguments: partitions)
    func fixtureRecordsReencodeByteForByte(partition: String) throws {
        let records = try Self.records(partition)
        #expect(!records.isEmpty)
        for record in records {
            let key = try #require(record.key)
            let (transactionalId, decoded) = try TransactionLogRecords.decode(key: key, value: record.value)
            let metadata = try #require(decoded)
            let value = try #require(record.value)
            let version = try #require(value.getInteger(at: value.readerIndex, as: Int16.self))
            #expect(Array(try TransactionLogRecords.key(transactionalId).readableBytesView) == Array(key.readableBytesView))
            let ours = try TransactionLogRecords.value(metadata, valueVersion: version)
            #expect(Array(ours.readableBytesView) == Array((record.value ?? ByteBuffer()).readableBytesView),
                    "record at offset \(record.offset) of \(partition)")
        }
    }

    @Test func fixtureStatesOfTheLibrdkafkaProducer() throws {
        let states = try Self.records("__transaction_state-28").map { record in
            try TransactionLogRecords.decode(key: record.key ?? ByteBuffer(), value: record.value).metadata?.state
        }
        #expect(states == [.empty, .ongoing, .ongoing, .prepareCommit, .completeCommit, .ongoing, .prepareAbort, .completeAbort,
                           .ongoing, .prepareCommit, .completeCommit])
    }

    @Test func tombstoneAndBadRecords() throws {
        let key = try TransactionLogRecords.key("gone")
        let decoded = try TransactionLogRecords.decode(key: key, value: nil)
        #expect(decoded.transactionalId == "gone")
        #expect(decoded.metadata == nil)
        // A key of another coordinator record type, a truncated value, an unknown status byte.
        var wrongKey = ByteBuffer()
        wrongKey.writeInteger(Int16(5))
        #expect(throws: (any Error).self) { try TransactionLogRecords.decode(key: wrongKey, value: nil) }
        var metadata = TransactionMetadata(transactionalId: "x", producerId: 1, producerEpoch: 0, txnTimeoutMs: 1000, state: .ongoing,
                                           txnLastUpdateTimestamp: 1)
        metadata.topicPartitions = [TopicPartition(topic: "t", partition: 0)]
        let value = try TransactionLogRecords.value(metadata, valueVersion: 1)
        let truncated = value.getSlice(at: value.readerIndex, length: value.readableBytes - 3) ?? ByteBuffer()
        #expect(throws: (any Error).self) { try TransactionLogRecords.decode(key: key, value: truncated) }
        var badStatus = value
        badStatus.setInteger(Int8(42), at: value.readerIndex + 2 + 8 + 2 + 4)
        #expect(throws: (any Error).self) { try TransactionLogRecords.decode(key: key, value: badStatus) }
        // Version 0 values cannot carry the version 2 fields.
        metadata.clientTransactionVersion = 2
        let v0 = try TransactionLogRecords.value(metadata, valueVersion: 0)
        #expect(try TransactionLogRecords.decode(key: key, value: v0).metadata?.clientTransactionVersion == 0)
    }
}
