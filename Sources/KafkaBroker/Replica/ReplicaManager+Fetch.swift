import KafkaProtocol
import KafkaStorage
import NIOCore

/// The outcome of reading a set of partitions for one fetch. Record bytes are not read yet:
/// `records` is the byte range of the segment file (nil when there is none), and `data.records`
/// is empty until the response is encoded (`FetchResponseRecords`).
struct FetchReadResult: Sendable {
    var partitions: [(key: FetchPartitionKey, data: FetchResponse.PartitionData, records: LogReadSlice?)] = []
    var bytes = 0
    var hasError = false
}

extension DataPathServices {
    /// `ReplicaManager.readFromLog` for consumers: whole batches from the one holding each fetch
    /// offset, at most the partition's max bytes and what is left of the response's max bytes,
    /// except that the first partition with data returns at least one batch (KIP-74). Consumers
    /// read up to the high watermark, READ_COMMITTED ones up to the last stable offset.
    func readFromLog(_ partitions: [(key: FetchPartitionKey, fetch: CachedFetchPartition)], isolationLevel: Int8,
                     maxBytes: Int32, image: MetadataImage) -> FetchReadResult {
        var result = FetchReadResult()
        var limit = Int(max(0, min(maxBytes, Int32(clamping: broker.config.originals["fetch.max.bytes"].flatMap { Int($0) } ?? 57_671_680))))
        var minOneMessage = true
        for (key, fetch) in partitions {
            var records: LogReadSlice?
            var data = FetchResponse.PartitionData()
            data.partitionIndex = key.partition
            data.records = ByteBuffer()
            data.highWatermark = -1
            data.lastStableOffset = -1
            data.logStartOffset = -1
            data.abortedTransactions = nil
            let error: ErrorCode? = { () -> ErrorCode? in
                if key.topic.isEmpty { return .unknownTopicId }
                switch leaderLog(key.topicPartition, image: image) {
                case let .failure(code): return code
                case let .leader(log, registration):
                    if let fenced = Self.checkLeaderEpoch(requested: fetch.currentLeaderEpoch, registration: registration) { return fenced }
                    let highWatermark = log.highWatermark
                    let lastStable = log.lastStableOffset
                    let upperBound = isolationLevel == 1 ? lastStable : highWatermark
                    do {
                        let slice = try log.read(from: fetch.fetchOffset, maxBytes: min(Int(max(fetch.maxBytes, 0)), limit),
                                                 upperBound: upperBound, minOneMessage: minOneMessage)
                        if !slice.isEmpty { records = slice }
                        data.highWatermark = highWatermark
                        data.lastStableOffset = lastStable
                        data.logStartOffset = log.logStartOffset
                        if isolationLevel == 1 {
                            data.abortedTransactions = slice.isEmpty ? [] : log.abortedTransactions(
                                fetchOffset: fetch.fetchOffset, upperBoundOffset: upperBound
                            ).map { txn in
                                var aborted = FetchResponse.AbortedTransaction()
                                aborted.producerId = txn.producerId
                                aborted.firstOffset = txn.firstOffset
                                return aborted
                            }
                        }
                        limit = max(0, limit - slice.length)
                        if slice.length > 0 { minOneMessage = false }
                        result.bytes += slice.length
                        return nil
                    } catch let error as PartitionLogError {
                        if case .offsetOutOfRange = error { return .offsetOutOfRange }
                        return .kafkaStorageError
                    } catch {
                        return .kafkaStorageError
                    }
                }
            }()
            if let error {
                data.errorCode = error.rawValue
                result.hasError = true
            }
            result.partitions.append((key, data, records))
        }
        return result
    }
}
