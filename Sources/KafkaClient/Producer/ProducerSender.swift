import KafkaProtocol
import NIOCore

/// A closed batch on its way to the leader. Sealing stamps producer id, epoch and sequence and
/// encodes it; a retried batch keeps its seal unless the producer id changed meanwhile.
struct SealedBatch {
    var open: KafkaProducer.OpenBatch
    var created: ContinuousClock.Instant
    var records: ByteBuffer?
    var producerId: Int64 = -1
    var baseSequence: Int32 = -1
}

/// One partition's send queue: up to `max.in.flight.requests.per.connection` batches in flight,
/// written in sequence order; after a retriable failure the queue drains, then the failed
/// batches go out again, first and in order (as Java's `RecordAccumulator` re-enqueues them).
struct PartitionQueue {
    /// A ring buffer: batches leave from the front, so a long queue costs O(1) per batch sent.
    var ready: CircularBuffer<SealedBatch> = []
    var inFlight = 0
    /// Waiting for a producer id or a leader connection.
    var resolving = false
    var failed: [SealedBatch] = []
    var retrying: Bool { !failed.isEmpty }
    var attempts = 0
}

extension KafkaProducer {
    var maxInFlight: Int {
        config.enableIdempotence ? max(1, min(config.maxInFlightRequestsPerConnection, 5)) : max(1, config.maxInFlightRequestsPerConnection)
    }

    /// Writes as many queued batches as the in-flight limit allows. Synchronous on purpose: the
    /// writes of one partition reach the connection in call order, so sequences stay in order.
    func pump(_ tp: TopicPartition) {
        // Taken out of the dictionary so the queue's storage stays unique while it is changed
        // (a copy would make every removeFirst copy the whole queue).
        guard var queue = queues.removeValue(forKey: tp) else { return }
        defer { queues[tp] = queue }
        guard !queue.resolving, !queue.retrying else { return }
        while queue.inFlight < maxInFlight, !queue.ready.isEmpty {
            if config.enableIdempotence && producerId == nil {
                resolve(tp, &queue)
                return
            }
            guard let connection = leaders[tp], connection.isActive else {
                resolve(tp, &queue)
                return
            }
            var batch = queue.ready.removeFirst()
            if Self.expired(batch, config: config) {
                fail(batch, KafkaError.timeout("\(tp): \(batch.open.builder.recordCount) record(s) expired before they could be sent"))
                continue
            }
            do {
                try seal(&batch, tp)
            } catch {
                fail(batch, error)
                continue
            }
            queue.inFlight += 1
            let future = connection.enqueue(produceRequest(batch, tp), expectsResponse: config.acks != 0, versions: Self.produceVersions)
            let sealed = batch
            future.whenComplete { result in
                Task { await self.completed(tp, sealed, result) }
            }
        }
    }

    static let produceVersions: ClosedRange<Int16> = 3...(ApiKey.produce.clientVersions?.upperBound ?? 11)

    static func expired(_ batch: SealedBatch, config: ProducerConfig) -> Bool {
        ContinuousClock.now - batch.created > .milliseconds(config.deliveryTimeoutMs)
    }

    func seal(_ batch: inout SealedBatch, _ tp: TopicPartition) throws {
        let currentId = producerId?.0 ?? -1
        if batch.records != nil, batch.producerId == currentId { return }
        var builder = batch.open.builder
        if config.enableIdempotence, let (id, epoch) = producerId {
            let sequence = sequences[tp] ?? 0
            builder.producerId = id
            builder.producerEpoch = epoch
            builder.baseSequence = sequence
            sequences[tp] = RecordBatch.incrementSequence(sequence, by: builder.recordCount)
            batch.baseSequence = sequence
        }
        batch.producerId = currentId
        batch.records = try builder.build().encoded()
    }

    func produceRequest(_ batch: SealedBatch, _ tp: TopicPartition) -> ProduceRequest {
        var request = ProduceRequest()
        request.transactionalId = nil
        request.acks = config.acks
        request.timeoutMs = Int32(clamping: clientConfig.requestTimeoutMs)
        var topicData = ProduceRequest.TopicProduceData()
        topicData.name = tp.topic
        var partitionData = ProduceRequest.PartitionProduceData()
        partitionData.index = tp.partition
        partitionData.records = batch.records
        topicData.partitionData = [partitionData]
        request.topicData = [topicData]
        return request
    }

    /// Finds the producer id and the leader connection, then pumps again (with backoff on failure).
    func resolve(_ tp: TopicPartition, _ queue: inout PartitionQueue, afterFailure: Bool = false) {
        queue.resolving = true
        if afterFailure { queue.attempts = max(queue.attempts, 1) }
        let backoff = queue.attempts == 0 ? 0 : min(clientConfig.retryBackoffMs << min(queue.attempts - 1, 20), max(clientConfig.retryBackoffMaxMs, clientConfig.retryBackoffMs))
        queue.attempts += 1
        Task {
            if backoff > 0 { try? await Task.sleep(for: .milliseconds(backoff)) }
            await self.resolveNow(tp)
        }
    }

    func resolveNow(_ tp: TopicPartition) async {
        do {
            if config.enableIdempotence && producerId == nil { _ = try await producerIdAndEpoch() }
            if leaders[tp]?.isActive != true { leaders[tp] = try await cluster.leaderConnection(for: tp).1 }
            queues[tp]?.attempts = 0
        } catch let error as KafkaError where !(error.isRetriable || KafkaCluster.isNoBroker(error)) {
            failQueued(tp, error)
        } catch {
            topicCache[tp.topic] = nil
            await cluster.invalidate(topic: tp.topic)
            failExpired(tp)
        }
        queues[tp]?.resolving = false
        pump(tp)
    }

    func failQueued(_ tp: TopicPartition, _ error: any Error) {
        guard let queue = queues[tp] else { return }
        for batch in Array(queue.ready) + queue.failed { fail(batch, error) }
        queues[tp]?.ready = []
        queues[tp]?.failed = []
    }

    func failExpired(_ tp: TopicPartition) {
        guard let queue = queues[tp] else { return }
        let (expired, live) = (queue.ready.filter { Self.expired($0, config: config) }, queue.ready.filter { !Self.expired($0, config: config) })
        for batch in expired { fail(batch, KafkaError.timeout("\(tp): record(s) expired before they could be sent")) }
        queues[tp]?.ready = CircularBuffer(live)
    }

    func fail(_ batch: SealedBatch, _ error: any Error) {
        batch.open.promise.fail(error)
        outstanding[batch.open.id] = nil
        releaseBatchMemory(batch.open.memory)
    }

    func succeed(_ batch: SealedBatch, _ result: BatchResult) {
        batch.open.promise.succeed(result)
        outstanding[batch.open.id] = nil
        releaseBatchMemory(batch.open.memory)
    }

    /// A produce answer (or failure) for one batch.
    func completed(_ tp: TopicPartition, _ batch: SealedBatch, _ result: Result<ResponseFrame, any Error>) async {
        queues[tp]?.inFlight -= 1
        switch outcome(of: result, tp) {
        case let .success(answer):
            succeed(batch, answer)
        case let .failure(error):
            // Behind a failed batch, later ones are rejected as out of order: resend them too
            // (answers may be handled in any order, so any batch still out counts).
            let othersPending = (queues[tp]?.retrying ?? false) || (queues[tp]?.inFlight ?? 0) > 0
            let outOfOrderBehindRetry = othersPending && error.errorCode == .outOfOrderSequenceNumber
            if (error.isRetriable || outOfOrderBehindRetry), !Self.expired(batch, config: config) {
                queues[tp]?.failed.append(batch)
                leaders[tp] = nil
                topicCache[tp.topic] = nil
                await cluster.invalidate(topic: tp.topic)
            } else {
                fail(batch, error)
                if config.enableIdempotence {
                    // A lost batch leaves a gap in the sequence: continue under a new producer id
                    // (Java bumps the epoch for the same reason). Sealed batches are resealed.
                    producerId = nil
                    producerIdTask = nil
                    sequences = [:]
                }
            }
        }
        if var queue = queues[tp], queue.retrying, queue.inFlight == 0 {
            queue.ready = CircularBuffer(queue.failed.sorted { $0.baseSequence < $1.baseSequence } + Array(queue.ready))
            queue.failed = []
            queues[tp] = queue
            resolve(tp, &queues[tp, default: PartitionQueue()], afterFailure: true)
            return
        }
        pump(tp)
    }

    func outcome(of result: Result<ResponseFrame, any Error>, _ tp: TopicPartition) -> Result<BatchResult, KafkaError> {
        let frame: ResponseFrame
        switch result {
        case let .success(value): frame = value
        case let .failure(error as KafkaError): return .failure(error)
        case let .failure(error): return .failure(.connectionClosed("\(error)"))
        }
        if config.acks == 0 { return .success(BatchResult(baseOffset: -1, logAppendTime: -1)) }
        do {
            let parsed = try KafkaResponseFrame.parse(frame.frame, apiKey: .produce, apiVersion: frame.version)
            let response = try parsed.decodeResponse(as: ProduceResponse.self, version: frame.version)
            guard let entry = response.responses.first?.partitionResponses.first else {
                return .failure(.broker(.unknownServerError, message: "empty Produce response"))
            }
            let code = ErrorCode(code: entry.errorCode)
            if code == .duplicateSequenceNumber { return .success(BatchResult(baseOffset: -1, logAppendTime: -1)) }
            guard code == .noError else {
                let message = entry.errorMessage ?? entry.recordErrors.first?.batchIndexErrorMessage
                return .failure(.broker(code, message: message, context: "\(tp)"))
            }
            return .success(BatchResult(baseOffset: entry.baseOffset, logAppendTime: entry.logAppendTimeMs))
        } catch {
            return .failure(.connectionClosed("bad Produce response: \(error)"))
        }
    }
}
