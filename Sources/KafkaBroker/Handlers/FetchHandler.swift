import KafkaProtocol
import KafkaStorage
import NIOCore

/// Fetch (v4–17) for consumers: per-partition reads, incremental fetch sessions (KIP-227), and
/// the long poll on `min_bytes` / `max_wait_ms` (`KafkaApis.handleFetchRequest`,
/// `FetchManager.newContext`, `DelayedFetch`).
struct FetchHandler: RequestHandler {
    let dataPath: DataPathServices

    /// Partition fetches come in on broker listeners; a controller listener's Fetch is KRaft's.
    var listeners: [ApiListener] { [.broker] }

    /// How a request relates to a session (`FetchContext`).
    private enum Context {
        case sessionless
        case newSession
        case incremental(FetchSession)
    }

    /// The response with its record bytes read into buffers.
    func handle(_ request: FetchRequest, context: RequestContext) async throws -> FetchResponse? {
        await fetch(request, context: context).materialized()
    }

    /// The response frame with its record bytes sent from the segment files (`sendfile`).
    func respond(to request: FetchRequest, context: RequestContext, allocator: ByteBufferAllocator) async throws -> ResponseSend? {
        try await fetch(request, context: context)
            .send(version: context.apiVersion, correlationId: context.correlationId, allocator: allocator)
    }

    private func fetch(_ request: FetchRequest, context: RequestContext) async -> FetchResponseRecords {
        let image = dataPath.broker.metadata
        let usesTopicIds = context.apiVersion >= 13
        func key(_ topic: FetchRequest.FetchTopic, _ partition: Int32) -> FetchPartitionKey {
            if usesTopicIds {
                return FetchPartitionKey(topicId: topic.topicId, topic: image.topic(id: topic.topicId)?.name ?? "", partition: partition)
            }
            return FetchPartitionKey(topicId: image.topic(named: topic.topic)?.id ?? .zero, topic: topic.topic, partition: partition)
        }
        var requested: [(key: FetchPartitionKey, fetch: CachedFetchPartition)] = []
        for topic in request.topics {
            for p in topic.partitions {
                requested.append((key(topic, p.partition),
                                  CachedFetchPartition(fetchOffset: p.fetchOffset, maxBytes: p.partitionMaxBytes,
                                                       currentLeaderEpoch: p.currentLeaderEpoch)))
            }
        }

        let sessions = dataPath.fetchSessions
        let fetchContext: Context
        var partitions = requested
        if request.sessionEpoch == -1 || request.sessionEpoch == 0 {
            if request.sessionId != 0 { sessions.remove(request.sessionId) }
            fetchContext = request.sessionEpoch == 0 ? .newSession : .sessionless
        } else {
            // Check the epoch, apply the request's changes and move to the next epoch in one
            // step (`FetchManager.newContext`), so two requests cannot both pass one epoch.
            let outcome = sessions.update(request.sessionId) { session -> Result<FetchSession, ApiError> in
                guard session.epoch == request.sessionEpoch else { return .failure(ApiError(.invalidFetchSessionEpoch)) }
                guard session.usesTopicIds == usesTopicIds else { return .failure(ApiError(.fetchSessionTopicIdError)) }
                for forgotten in request.forgottenTopicsData {
                    for partition in forgotten.partitions {
                        let k = usesTopicIds
                            ? FetchPartitionKey(topicId: forgotten.topicId, topic: image.topic(id: forgotten.topicId)?.name ?? "", partition: partition)
                            : FetchPartitionKey(topicId: image.topic(named: forgotten.topic)?.id ?? .zero, topic: forgotten.topic, partition: partition)
                        if session.partitions.removeValue(forKey: k) != nil { session.order.removeAll { $0 == k } }
                    }
                }
                for (k, fetch) in requested {
                    if var cached = session.partitions[k] {
                        cached.fetchOffset = fetch.fetchOffset
                        cached.maxBytes = fetch.maxBytes
                        cached.currentLeaderEpoch = fetch.currentLeaderEpoch
                        session.partitions[k] = cached
                    } else {
                        session.partitions[k] = fetch
                        session.order.append(k)
                    }
                }
                session.epoch = session.epoch == Int32.max ? 1 : session.epoch + 1
                return .success(session)
            }
            let session: FetchSession
            switch outcome {
            case nil: return errorResponse(.fetchSessionIdNotFound)
            case let .failure(error)?: return errorResponse(error.code)
            case let .success(updated)?: session = updated
            }
            partitions = session.order.compactMap { k in session.partitions[k].map { (k, $0) } }
            fetchContext = .incremental(session)
        }

        // Long poll: answer at once if enough bytes, an error, or no wait; else park until an
        // append to one of the partitions or the deadline, then read again.
        let deadline = ContinuousClock.now + .milliseconds(Int64(max(request.maxWaitMs, 0)))
        var read = dataPath.readFromLog(partitions, isolationLevel: request.isolationLevel, maxBytes: request.maxBytes, image: image)
        while request.maxWaitMs > 0, !partitions.isEmpty, !read.hasError, read.bytes < Int(request.minBytes) {
            let remaining = deadline - ContinuousClock.now
            guard remaining > .zero, !Task.isCancelled else { break }
            await dataPath.fetchWaiters.wait(for: Set(partitions.map { $0.key.topicPartition }), timeout: remaining)
            read = dataPath.readFromLog(partitions, isolationLevel: request.isolationLevel, maxBytes: request.maxBytes,
                                        image: dataPath.broker.metadata)
        }

        var responsePartitions = read.partitions
        var sessionId: Int32 = 0
        switch fetchContext {
        case .sessionless:
            break
        case .newSession:
            var cached: [FetchPartitionKey: CachedFetchPartition] = [:]
            var order: [FetchPartitionKey] = []
            for (k, fetch) in partitions where cached[k] == nil {
                cached[k] = fetch
                order.append(k)
            }
            for (k, data, _) in read.partitions { cached[k].map { cached[k] = Self.remember(data, in: $0) } }
            sessionId = sessions.create(usesTopicIds: usesTopicIds, order: order, partitions: cached)
        case let .incremental(session):
            // Only partitions with news go out; the session remembers what each was last told.
            var changed: [(key: FetchPartitionKey, data: FetchResponse.PartitionData, records: LogReadSlice?)] = []
            for (k, data, records) in read.partitions {
                guard let cached = session.partitions[k] else { continue }
                if data.errorCode != 0 || records != nil
                    || cached.highWatermark != data.highWatermark || cached.lastStableOffset != data.lastStableOffset
                    || cached.logStartOffset != data.logStartOffset {
                    changed.append((k, data, records))
                }
            }
            sessions.update(session.id) { stored in
                for (k, data, _) in changed {
                    if let cached = stored.partitions[k] { stored.partitions[k] = Self.remember(data, in: cached) }
                }
            }
            responsePartitions = changed
            sessionId = session.id
        }

        var response = FetchResponse()
        response.sessionId = sessionId
        var slices: [[LogReadSlice?]] = []
        for (k, data, records) in responsePartitions {
            if let last = response.responses.last, last.topic == k.topic, last.topicId == k.topicId {
                response.responses[response.responses.count - 1].partitions.append(data)
                slices[slices.count - 1].append(records)
            } else {
                var topic = FetchResponse.FetchableTopicResponse()
                topic.topic = k.topic
                topic.topicId = k.topicId
                topic.partitions = [data]
                response.responses.append(topic)
                slices.append([records])
            }
        }
        return FetchResponseRecords(response: response, slices: slices)
    }

    private static func remember(_ data: FetchResponse.PartitionData, in cached: CachedFetchPartition) -> CachedFetchPartition {
        var updated = cached
        updated.highWatermark = data.highWatermark
        updated.lastStableOffset = data.lastStableOffset
        updated.logStartOffset = data.logStartOffset
        return updated
    }

    private func errorResponse(_ code: ErrorCode) -> FetchResponseRecords {
        var response = FetchResponse()
        response.errorCode = code.rawValue
        return FetchResponseRecords(response: response, slices: [])
    }
}
