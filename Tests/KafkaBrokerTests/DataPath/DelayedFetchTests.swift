import KafkaBroker
import Testing

@Suite("DataPath.DelayedFetch")
struct DelayedFetchTests {
    let tp = TopicPartition(topic: "w", partition: 0)

    @Test("an append to a watched partition wakes the fetch; others do not")
    func notifyWakes() async throws {
        let waiters = DelayedFetchWaiters()
        let start = ContinuousClock.now
        // The timeout is far beyond any scheduling delay on a loaded machine: returning before it
        // can only mean the notify woke the wait.
        async let waited: Void = waiters.wait(for: [tp], timeout: .seconds(3_600))
        while waiters.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
        waiters.notify(TopicPartition(topic: "other", partition: 0))
        try await Task.sleep(for: .milliseconds(50))
        #expect(waiters.count == 1)
        waiters.notify(tp)
        await waited
        #expect(ContinuousClock.now - start < .seconds(1_800))
        #expect(waiters.count == 0)
    }

    @Test("the timeout ends the wait")
    func timeout() async {
        let waiters = DelayedFetchWaiters()
        let start = ContinuousClock.now
        await waiters.wait(for: [tp], timeout: .milliseconds(100))
        #expect(ContinuousClock.now - start >= .milliseconds(95))
        #expect(waiters.count == 0)
    }

    @Test("cancelling the waiting task ends the wait at once")
    func cancellation() async throws {
        let waiters = DelayedFetchWaiters()
        let task = Task { await waiters.wait(for: [tp], timeout: .seconds(3_600)) }
        while waiters.count == 0 { try await Task.sleep(for: .milliseconds(5)) }
        let start = ContinuousClock.now
        task.cancel()
        await task.value
        #expect(ContinuousClock.now - start < .seconds(1_800))
        #expect(waiters.count == 0)
    }
}

@Suite("DataPath.FetchSessionCache")
struct FetchSessionCacheTests {
    @Test("a full cache evicts the least recently used stale session, else answers 0")
    func eviction() async throws {
        let fresh = FetchSessionCache(maxSlots: 1, evictionAge: .seconds(60))
        let first = fresh.create(usesTopicIds: true, order: [], partitions: [:])
        #expect(first != 0)
        #expect(fresh.create(usesTopicIds: true, order: [], partitions: [:]) == 0)
        #expect(fresh.session(first) != nil)

        let stale = FetchSessionCache(maxSlots: 2, evictionAge: .milliseconds(20))
        let a = stale.create(usesTopicIds: false, order: [], partitions: [:])
        let b = stale.create(usesTopicIds: false, order: [], partitions: [:])
        try await Task.sleep(for: .milliseconds(40))
        _ = stale.update(b) { _ in }
        let c = stale.create(usesTopicIds: false, order: [], partitions: [:])
        #expect(c != 0)
        #expect(stale.session(a) == nil)
        #expect(stale.session(b) != nil)
        #expect(stale.count == 2)
    }
}
