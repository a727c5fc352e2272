import KafkaProtocol
import KafkaStorage
import NIOCore

/// `__transaction_state` records (`TransactionLog`): key = TransactionLogKey v0 (the
/// transactional id), value = TransactionLogValue (v1 once the cluster's `transaction.version`
/// is at least 1, else v0), or null (a tombstone) when the id expired.
enum TransactionLogRecords {
    static let keyVersion: Int16 = 0

    static func key(_ transactionalId: String) throws -> ByteBuffer {
        var key = TransactionLogKey()
        key.transactionalId = transactionalId
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(key, version: keyVersion, into: &buffer)
        return buffer
    }

    /// The value of `txn` (`valueToBytes`). Empty ids store a null partition list; the partitions
    /// are grouped by topic as `partitionsSchema` describes.
    static func value(_ txn: TransactionMetadata, valueVersion: Int16) throws -> ByteBuffer {
        var value = TransactionLogValue()
        value.producerId = txn.producerId
        value.previousProducerId = valueVersion >= 1 ? txn.previousProducerId : -1
        value.nextProducerId = valueVersion >= 1 ? txn.nextProducerId : -1
        value.producerEpoch = txn.producerEpoch
        value.transactionTimeoutMs = txn.txnTimeoutMs
        value.transactionStatus = txn.state.rawValue
        value.transactionPartitions = txn.state == .empty ? nil : partitionsSchema(txn.topicPartitions)
        value.transactionLastUpdateTimestampMs = txn.txnLastUpdateTimestamp
        value.transactionStartTimestampMs = txn.txnStartTimestamp
        value.clientTransactionVersion = valueVersion >= 1 ? txn.clientTransactionVersion : 0
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(value, version: valueVersion, into: &buffer)
        return buffer
    }

    /// Kafka groups the transaction's partitions by topic with Scala's `groupBy`, whose result is
    /// an immutable CHAMP hash map: topics come in that map's iteration order, and each topic's
    /// partitions in the order the (hash) set of partitions iterates them.
    static func partitionsSchema(_ partitions: [TopicPartition]) -> [TransactionLogValue.PartitionsSchema] {
        let ordered = JavaHashOrder.ordered(partitions, table: .scalaMutableHashSet) {
            JavaHashOrder.topicPartitionHash(topic: $0.topic, partition: $0.partition)
        }
        var byTopic: [String: [Int32]] = [:]
        var topics: [String] = []
        for partition in ordered {
            if byTopic[partition.topic] == nil { topics.append(partition.topic) }
            byTopic[partition.topic, default: []].append(partition.partition)
        }
        return champOrder(topics).map { topic in
            var schema = TransactionLogValue.PartitionsSchema()
            schema.topic = topic
            schema.partitionIds = byTopic[topic] ?? []
            return schema
        }
    }

    /// The iteration order of Scala 2.13's immutable `HashMap` (CHAMP) over string keys: at each
    /// level keys alone in their 5-bit slot of the improved hash come first, by slot; keys sharing
    /// a slot follow in a sub-node, by slot, recursively.
    static func champOrder(_ keys: [String], shift: UInt32 = 0) -> [String] {
        guard keys.count > 1, shift < 32 else { return keys }
        let slots = Dictionary(grouping: keys) { (champHash($0) >> shift) & 31 }
        let alone = slots.filter { $0.value.count == 1 }.sorted { $0.key < $1.key }.flatMap(\.value)
        let shared = slots.filter { $0.value.count > 1 }.sorted { $0.key < $1.key }.flatMap { champOrder($0.value, shift: shift + 5) }
        return alone + shared
    }

    /// `scala.collection.Hashing.improve` of Java's `String.hashCode`.
    static func champHash(_ key: String) -> UInt32 {
        let code = UInt32(bitPattern: JavaHashOrder.hashCode(key))
        var h = code &+ ~(code << 9)
        h ^= h >> 14
        h = h &+ (h << 4)
        return h ^ (h >> 10)
    }

    /// A record read back at load (`readTxnRecordKey` / `readTxnRecordValue`): nil metadata for a tombstone.
    static func decode(key: ByteBuffer, value: ByteBuffer?) throws -> (transactionalId: String, metadata: TransactionMetadata?) {
        var keyBuffer = key
        let decoded = try CoordinatorRecordCodec.decodeKey(topic: .transactionState, from: &keyBuffer)
        guard let txnKey = decoded.key as? TransactionLogKey else {
            throw KafkaProtocolError.corruptRecord("__transaction_state key of an unknown type")
        }
        guard var valueBuffer = value else { return (txnKey.transactionalId, nil) }
        let (_, raw) = try CoordinatorRecordCodec.decodeValue(topic: .transactionState, keyVersion: decoded.version, from: &valueBuffer)
        guard let txnValue = raw as? TransactionLogValue, let state = TransactionState(rawValue: txnValue.transactionStatus) else {
            throw KafkaProtocolError.corruptRecord("__transaction_state value with an unknown transaction status")
        }
        var txn = TransactionMetadata(transactionalId: txnKey.transactionalId, producerId: txnValue.producerId,
                                      producerEpoch: txnValue.producerEpoch, txnTimeoutMs: txnValue.transactionTimeoutMs,
                                      state: state, txnLastUpdateTimestamp: txnValue.transactionLastUpdateTimestampMs)
        txn.previousProducerId = txnValue.previousProducerId
        txn.nextProducerId = txnValue.nextProducerId
        txn.txnStartTimestamp = txnValue.transactionStartTimestampMs
        txn.clientTransactionVersion = txnValue.clientTransactionVersion
        for schema in txnValue.transactionPartitions ?? [] {
            for partition in schema.partitionIds {
                let tp = TopicPartition(topic: schema.topic, partition: partition)
                if !txn.topicPartitions.contains(tp) { txn.topicPartitions.append(tp) }
            }
        }
        return (txnKey.transactionalId, txn)
    }
}
