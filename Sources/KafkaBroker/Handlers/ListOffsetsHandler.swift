import KafkaProtocol
import KafkaStorage

/// ListOffsets (v1–10): earliest (-2), latest (-1), max timestamp (-3), earliest local (-4),
/// latest tiered (-5, no tiered storage here: offset -1), or the first offset at or after any other
/// timestamp, negative ones included (`ReplicaManager.fetchOffset`, `Partition.fetchOffsetForTimestamp`).
struct ListOffsetsHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: ListOffsetsRequest, context: RequestContext) async throws -> ListOffsetsResponse? {
        let image = dataPath.broker.metadata
        var response = ListOffsetsResponse()
        var seen = Set<TopicPartition>()
        var duplicates = Set<TopicPartition>()
        for topic in request.topics {
            for p in topic.partitions {
                let tp = TopicPartition(topic: topic.name, partition: p.partitionIndex)
                if !seen.insert(tp).inserted { duplicates.insert(tp) }
            }
        }
        for topic in request.topics {
            var topicResponse = ListOffsetsResponse.ListOffsetsTopicResponse()
            topicResponse.name = topic.name
            for p in topic.partitions {
                let tp = TopicPartition(topic: topic.name, partition: p.partitionIndex)
                var result = ListOffsetsResponse.ListOffsetsPartitionResponse()
                result.partitionIndex = p.partitionIndex
                if duplicates.contains(tp) {
                    result.errorCode = ErrorCode.invalidRequest.rawValue
                } else {
                    do {
                        if let found = try lookup(tp, p, isolationLevel: request.isolationLevel, image: image) {
                            result.timestamp = found.timestamp
                            result.offset = found.offset
                            // The field exists from v4 on.
                            if context.apiVersion >= 4 { result.leaderEpoch = found.leaderEpoch ?? -1 }
                        }
                    } catch let error as ListOffsetsError {
                        result.errorCode = error.code.rawValue
                    }
                }
                topicResponse.partitions.append(result)
            }
            response.topics.append(topicResponse)
        }
        return response
    }

    struct ListOffsetsError: Error { var code: ErrorCode }

    struct Found {
        var timestamp: Int64
        var offset: Int64
        var leaderEpoch: Int32?

        init(timestamp: Int64, offset: Int64, leaderEpoch: Int32?) {
            self.timestamp = timestamp
            self.offset = offset
            self.leaderEpoch = leaderEpoch
        }

        init(_ found: TimestampAndOffset) {
            self.init(timestamp: found.timestamp, offset: found.offset, leaderEpoch: found.leaderEpoch)
        }
    }

    private func lookup(_ tp: TopicPartition, _ p: ListOffsetsRequest.ListOffsetsPartition, isolationLevel: Int8,
                        image: MetadataImage) throws -> Found? {
        switch dataPath.leaderLog(tp, image: image) {
        case let .failure(code): throw ListOffsetsError(code: code)
        case let .leader(log, registration):
            if let fenced = DataPathServices.checkLeaderEpoch(requested: p.currentLeaderEpoch, registration: registration) {
                throw ListOffsetsError(code: fenced)
            }
            let lastFetchable = isolationLevel == 1 ? log.lastStableOffset : log.highWatermark
            switch p.timestamp {
            case -1:
                return Found(timestamp: -1, offset: lastFetchable, leaderEpoch: registration.leaderEpoch)
            case -2, -4:
                do { return try log.fetchOffset(byTimestamp: -2).map(Found.init) } catch { throw ListOffsetsError(code: .kafkaStorageError) }
            case -5:
                // Latest tiered offset: with remote storage off, `UnifiedLog.fetchOffsetByTimestamp`
                // answers offset -1 with epoch -1.
                return Found(timestamp: -1, offset: -1, leaderEpoch: -1)
            default:
                // -3 (max timestamp) and any other timestamp, negative ones included: Kafka searches
                // the log for the first record at or after it, so a pre-1970 time finds the first record.
                let found: TimestampAndOffset?
                do { found = try log.fetchOffset(byTimestamp: p.timestamp) } catch { throw ListOffsetsError(code: .kafkaStorageError) }
                guard let found, found.offset < lastFetchable else { return nil }
                return Found(found)
            }
        }
    }
}
