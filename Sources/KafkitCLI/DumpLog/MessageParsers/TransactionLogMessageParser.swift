import KafkaProtocol
import NIOCore

/// `TransactionLog.formatRecordKeyAndValue` (`--transaction-log-decoder`):
/// `transaction_metadata::transactionalId=<id>` and
/// `producerId:<id>,producerEpoch:<e>,state=<State>,partitions=[t-p,…],txnLastUpdateTimestamp=<ms>,txnTimeoutMs=<ms>`.
struct TransactionLogMessageParser: DumpLogMessageParser {
    /// `TransactionState` names by id.
    static let states = [
        "Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit", "CompleteAbort", "Dead",
        "PrepareEpochFence",
    ]

    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?) {
        guard var key = record.key else {
            throw UncaughtJavaException(className: "java.lang.NullPointerException", message: nil)
        }
        guard let version = key.readInteger(endianness: .big, as: Int16.self) else {
            throw UncaughtJavaException(className: "java.nio.BufferUnderflowException", message: nil)
        }
        guard TransactionLogKey.validVersions.contains(version) else {
            return ("unknown::version=\(version)", nil)
        }
        let transactionalId: String
        do {
            transactionalId = try TransactionLogKey.decode(from: &key, version: version).transactionalId
        } catch {
            throw UncaughtJavaException(className: "org.apache.kafka.common.protocol.types.SchemaException", message: "\(error)")
        }
        let keyText = "transaction_metadata::transactionalId=\(transactionalId)"
        guard var value = record.value else { return (keyText, "<DELETE>") }
        guard let valueVersion = value.readInteger(endianness: .big, as: Int16.self) else {
            throw UncaughtJavaException(className: "java.nio.BufferUnderflowException", message: nil)
        }
        guard TransactionLogValue.validVersions.contains(valueVersion) else {
            throw UncaughtJavaException(
                className: "java.lang.IllegalStateException",
                message: "Unknown version \(valueVersion) from the transaction log message value")
        }
        let metadata: TransactionLogValue
        do {
            metadata = try TransactionLogValue.decode(from: &value, version: valueVersion)
        } catch {
            throw UncaughtJavaException(className: "org.apache.kafka.common.protocol.types.SchemaException", message: "\(error)")
        }
        let stateId = Int(metadata.transactionStatus)
        guard Self.states.indices.contains(stateId) else {
            throw UncaughtJavaException(
                className: "java.lang.IllegalStateException",
                message: "Unknown transaction state id \(stateId) from the transaction status message")
        }
        var partitions = ScalaHashSet<TopicPartitionName>()
        for entry in metadata.transactionPartitions ?? [] {
            for partition in entry.partitionIds { partitions.insert(TopicPartitionName(topic: entry.topic, partition: partition)) }
        }
        let payload = "producerId:\(metadata.producerId),producerEpoch:\(metadata.producerEpoch),"
            + "state=\(Self.states[stateId]),"
            + "partitions=[\(partitions.elements.map(\.description).joined(separator: ","))],"
            + "txnLastUpdateTimestamp=\(metadata.transactionLastUpdateTimestampMs),"
            + "txnTimeoutMs=\(metadata.transactionTimeoutMs)"
        return (keyText, payload)
    }
}

/// `org.apache.kafka.common.TopicPartition` with its Java `hashCode` and `toString`.
struct TopicPartitionName: Hashable, CustomStringConvertible, JavaHashable {
    var topic: String
    var partition: Int32

    var description: String { "\(topic)-\(partition)" }

    var javaHashCode: Int32 {
        var result: Int32 = 1
        result = 31 &* result &+ partition
        result = 31 &* result &+ javaStringHashCode(topic)
        return result
    }
}
