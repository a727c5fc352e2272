import KafkaProtocol

extension KafkaProducer {
    /// `buffer.memory` not taken by open or unfinished batches (Java's `buffer-available-bytes`).
    public var availableBufferMemory: Int { bufferPool.available }

    /// Sends waiting for `buffer.memory` (Java's `waiting-threads`).
    public var sendsWaitingForBufferMemory: Int { bufferPool.waiterCount }

    /// Takes `size` bytes of `buffer.memory` for a new batch, waiting up to `maxBlockMs` for
    /// batches to complete (`BufferPool.allocate`). Returns whether it had to wait: the actor then
    /// ran other sends meanwhile.
    func allocateBatchMemory(_ size: Int, maxBlockMs: Int64) async throws -> Bool {
        guard size <= bufferPool.totalMemory else {
            throw KafkaError.invalidArgument(
                "Attempt to allocate \(size) bytes, but there is a hard limit of \(bufferPool.totalMemory) on memory allocations.")
        }
        let (allocated, satisfied) = bufferPool.tryAllocate(size)
        resume(satisfied)
        if allocated { return false }
        nextBufferWaiterId += 1
        let id = nextBufferWaiterId
        let timeout = Task { [weak self] in
            guard (try? await Task.sleep(for: .milliseconds(max(maxBlockMs, 0)))) != nil else { return }
            await self?.bufferWaitTimedOut(id, maxBlockMs: maxBlockMs)
        }
        defer { timeout.cancel() }
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
            bufferPool.enqueue(ProducerBufferPool.Waiter(id: id, size: size, continuation: continuation))
        }
        return true
    }

    /// A completed (or dropped) batch gives its memory back.
    func releaseBatchMemory(_ size: Int) {
        guard size > 0 else { return }
        resume(bufferPool.deallocate(size))
    }

    func bufferWaitTimedOut(_ id: UInt64, maxBlockMs: Int64) {
        guard let (waiter, message, satisfied) = bufferPool.timeOut(id: id, maxBlockMs: maxBlockMs) else { return }
        waiter.continuation.resume(throwing: BufferExhaustedError(message: message))
        resume(satisfied)
    }

    /// Fails every waiting send (the producer is closing).
    func failBufferWaiters() {
        for waiter in bufferPool.removeAllWaiters() { waiter.continuation.resume(throwing: KafkaError.clientClosed) }
    }

    private func resume(_ satisfied: [ProducerBufferPool.Waiter]) {
        for waiter in satisfied { waiter.continuation.resume() }
    }

    /// `DefaultRecordBatch.estimateBatchSizeUpperBound`: a batch holding only this record, at
    /// most (what Java checks against `max.request.size` and `buffer.memory`).
    static func batchSizeUpperBound(_ record: ProducerRecord) -> Int {
        func sized(_ bytes: Int?) -> Int {
            guard let bytes else { return 1 }
            return varintSize(Int32(truncatingIfNeeded: bytes)) + bytes
        }
        var size = RecordBatchHeader.size + Record.maxRecordOverhead
        size += sized(record.key?.readableBytes) + sized(record.value?.readableBytes)
        size += varintSize(Int32(truncatingIfNeeded: record.headers.count))
        for header in record.headers {
            size += sized(header.keyBytes.readableBytes) + sized(header.value?.readableBytes)
        }
        return size
    }

    /// Bytes of a zig-zag varint (`ByteUtils.sizeOfVarint`).
    static func varintSize(_ value: Int32) -> Int {
        let zigzag = UInt32(bitPattern: (value << 1) ^ (value >> 31))
        return max(1, (32 - zigzag.leadingZeroBitCount + 6) / 7)
    }
}
