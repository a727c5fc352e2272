import KafkaProtocol
import Testing

@testable import KafkaBroker

/// The coordinator's decisions without I/O (`TransactionCoordinatorLogic` over `TransactionMetadata`):
/// every state transition and every error Kafka's coordinator answers.
@Suite("Transaction.StateMachine")
struct TransactionStateMachineTests {
    typealias Logic = TransactionCoordinatorLogic
    let tp0 = TopicPartition(topic: "t", partition: 0)
    let tp1 = TopicPartition(topic: "t", partition: 1)

    func txn(_ state: TransactionState, epoch: Int16 = 3, partitions: [TopicPartition] = [], clientVersion: Int16 = 0) -> TransactionMetadata {
        var metadata = TransactionMetadata(transactionalId: "id", producerId: 7, producerEpoch: epoch, txnTimeoutMs: 60_000,
                                           state: state, txnLastUpdateTimestamp: 100)
        metadata.topicPartitions = partitions
        metadata.clientTransactionVersion = clientVersion
        if state == .ongoing || state.isPreparing { metadata.txnStartTimestamp = 50 }
        return metadata
    }

    // MARK: InitProducerId

    @Test func initOfANewIdAsksForAProducerIdThenStartsAtEpochZero() {
        #expect(Logic.initProducerId(nil, transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000, expected: nil,
                                     newProducerId: nil, now: 5) == .needProducerId)
        guard case let .write(created) = Logic.initProducerId(nil, transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                                             expected: nil, newProducerId: 11, now: 5) else {
            Issue.record("expected a write")
            return
        }
        #expect(created.producerId == 11)
        #expect(created.producerEpoch == 0)
        #expect(created.lastProducerEpoch == -1)
        #expect(created.state == .empty)
        #expect(created.txnTimeoutMs == 1000)
        #expect(created.txnStartTimestamp == -1)
        #expect(created.txnLastUpdateTimestamp == 5)
    }

    @Test(arguments: [TransactionState.empty, .completeCommit, .completeAbort])
    func initOnAnIdleIdBumpsTheEpoch(state: TransactionState) {
        guard case let .write(next) = Logic.initProducerId(txn(state), transactionalId: "id", timeoutMs: 2000, maxTimeoutMs: 900_000,
                                                          expected: nil, newProducerId: nil, now: 9) else {
            Issue.record("expected a write")
            return
        }
        #expect(next.producerEpoch == 4)
        #expect(next.lastProducerEpoch == -1)
        #expect(next.state == .empty)
        #expect(next.txnTimeoutMs == 2000)
    }

    @Test func initWithTheCurrentEpochRecordsTheLastOneAndARetryGetsTheSameAnswer() {
        guard case let .write(bumped) = Logic.initProducerId(txn(.completeCommit), transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                                            expected: (7, 3), newProducerId: nil, now: 9) else {
            Issue.record("expected a write")
            return
        }
        #expect(bumped.producerEpoch == 4)
        #expect(bumped.lastProducerEpoch == 3)
        // The producer never saw the answer and retries with its old epoch (KIP-360).
        guard case let .write(retried) = Logic.initProducerId(bumped, transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                                             expected: (7, 3), newProducerId: nil, now: 10) else {
            Issue.record("expected a write")
            return
        }
        #expect(retried.producerEpoch == 4)
        #expect(retried.lastProducerEpoch == 3)
    }

    @Test func initWithAStaleEpochOrAnotherProducerIdIsFenced() {
        #expect(Logic.initProducerId(txn(.empty), transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                     expected: (7, 1), newProducerId: nil, now: 9) == .respond(.producerFenced, producerId: -1, producerEpoch: -1))
        #expect(Logic.initProducerId(txn(.empty), transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                     expected: (99, 3), newProducerId: nil, now: 9) == .respond(.producerFenced, producerId: -1, producerEpoch: -1))
    }

    @Test func initWithAnExhaustedEpochRotatesTheProducerId() {
        let exhausted = txn(.completeCommit, epoch: Int16.max - 1)
        #expect(Logic.initProducerId(exhausted, transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                     expected: nil, newProducerId: nil, now: 9) == .needProducerId)
        guard case let .write(rotated) = Logic.initProducerId(exhausted, transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000,
                                                             expected: nil, newProducerId: 20, now: 9) else {
            Issue.record("expected a write")
            return
        }
        #expect(rotated.producerId == 20)
        #expect(rotated.previousProducerId == 7)
        #expect(rotated.producerEpoch == 0)
    }

    @Test func initOnAnOngoingTransactionFencesAndAborts() {
        guard case let .fenceAndAbort(fenced) = Logic.initProducerId(txn(.ongoing, partitions: [tp0]), transactionalId: "id", timeoutMs: 1000,
                                                                    maxTimeoutMs: 900_000, expected: nil, newProducerId: nil, now: 9) else {
            Issue.record("expected a fence")
            return
        }
        #expect(fenced.state == .prepareEpochFence)
        #expect(fenced.producerEpoch == 4)
        guard case let .prepare(aborting) = Logic.endTransaction(fenced, transactionalId: "id", producerId: 7, producerEpoch: 4, result: .abort,
                                                                isFromClient: false, clientTransactionVersion: 0, newProducerId: nil, now: 10) else {
            Issue.record("expected the abort")
            return
        }
        #expect(aborting.state == .prepareAbort)
        #expect(aborting.producerEpoch == 4)
        #expect(aborting.topicPartitions == [tp0])
    }

    @Test(arguments: [TransactionState.prepareCommit, .prepareAbort, .prepareEpochFence])
    func initWhileDecidingIsConcurrent(state: TransactionState) {
        #expect(Logic.initProducerId(txn(state), transactionalId: "id", timeoutMs: 1000, maxTimeoutMs: 900_000, expected: nil,
                                     newProducerId: nil, now: 9) == .respond(.concurrentTransactions, producerId: -1, producerEpoch: -1))
    }

    @Test(arguments: [Int32(0), -5, 900_001])
    func initWithAnInvalidTimeoutIsRefused(timeout: Int32) {
        #expect(Logic.initProducerId(nil, transactionalId: "id", timeoutMs: timeout, maxTimeoutMs: 900_000, expected: nil,
                                     newProducerId: 1, now: 9) == .respond(.invalidTransactionTimeout, producerId: -1, producerEpoch: -1))
    }

    @Test func initWithAnEmptyIdIsAnInvalidRequest() {
        #expect(Logic.initProducerId(nil, transactionalId: "", timeoutMs: 1000, maxTimeoutMs: 900_000, expected: nil,
                                     newProducerId: 1, now: 9) == .respond(.invalidRequest, producerId: -1, producerEpoch: -1))
    }

    // MARK: AddPartitionsToTxn

    @Test func addingPartitionsStartsAndExtendsATransaction() throws {
        let started = try Logic.addPartitions(txn(.empty), producerId: 7, producerEpoch: 3, partitions: [tp1], clientTransactionVersion: 0,
                                              now: 200).get()
        #expect(started?.state == .ongoing)
        #expect(started?.txnStartTimestamp == 200)
        #expect(started?.topicPartitions == [tp1])
        let extended = try Logic.addPartitions(started, producerId: 7, producerEpoch: 3, partitions: [tp0, tp1], clientTransactionVersion: 0,
                                               now: 300).get()
        #expect(extended?.topicPartitions == [tp1, tp0])
        #expect(extended?.txnStartTimestamp == 200)
        // Already there: nothing to write.
        #expect(try Logic.addPartitions(extended, producerId: 7, producerEpoch: 3, partitions: [tp0], clientTransactionVersion: 0,
                                        now: 400).get() == nil)
    }

    @Test func addPartitionsErrors() {
        func code(_ current: TransactionMetadata?, _ producerId: Int64 = 7, _ epoch: Int16 = 3) -> ErrorCode? {
            if case let .failure(error) = Logic.addPartitions(current, producerId: producerId, producerEpoch: epoch, partitions: [tp0],
                                                               clientTransactionVersion: 0, now: 1) { return error.code }
            return nil
        }
        #expect(code(nil) == .invalidProducerIdMapping)
        #expect(code(txn(.empty), 8) == .invalidProducerIdMapping)
        #expect(code(txn(.empty), 7, 2) == .producerFenced)
        #expect(code(txn(.prepareCommit)) == .concurrentTransactions)
        #expect(code(txn(.prepareAbort)) == .concurrentTransactions)
        #expect(code(txn(.dead)) == .invalidProducerIdMapping)
    }

    @Test func verificationReportsPartitionsOutsideTheTransaction() throws {
        let ongoing = txn(.ongoing, partitions: [tp0])
        let results = try Logic.verifyPartitions(ongoing, producerId: 7, producerEpoch: 3, partitions: [tp0, tp1]).get()
        #expect(results == [tp0: .noError, tp1: .invalidTxnState])
        #expect(try Logic.verifyPartitions(txn(.completeCommit), producerId: 7, producerEpoch: 3, partitions: [tp0]).get() == [tp0: .invalidTxnState])
        if case let .failure(error) = Logic.verifyPartitions(ongoing, producerId: 7, producerEpoch: 2, partitions: [tp0]) {
            #expect(error.code == .producerFenced)
        } else {
            Issue.record("a stale epoch must be fenced")
        }
    }

    // MARK: EndTxn (transaction versions 0/1)

    @Test func commitAndAbortOfAnOngoingTransaction() throws {
        let ongoing = txn(.ongoing, partitions: [tp0, tp1])
        guard case let .prepare(committing) = Logic.endTransaction(ongoing, transactionalId: "id", producerId: 7, producerEpoch: 3,
                                                                  result: .commit, isFromClient: true, clientTransactionVersion: 0,
                                                                  newProducerId: nil, now: 500) else {
            Issue.record("expected PrepareCommit")
            return
        }
        #expect(committing.state == .prepareCommit)
        #expect(committing.producerEpoch == 3)
        #expect(committing.topicPartitions == [tp0, tp1])
        let completed = try committing.prepareComplete(now: 600)
        #expect(completed.state == .completeCommit)
        #expect(completed.topicPartitions.isEmpty)
        #expect(completed.txnStartTimestamp == 50)
        #expect(completed.txnLastUpdateTimestamp == 600)
        guard case let .prepare(aborting) = Logic.endTransaction(ongoing, transactionalId: "id", producerId: 7, producerEpoch: 3,
                                                                result: .abort, isFromClient: true, clientTransactionVersion: 0,
                                                                newProducerId: nil, now: 500) else {
            Issue.record("expected PrepareAbort")
            return
        }
        #expect(try aborting.prepareComplete(now: 600).state == .completeAbort)
    }

    @Test func endTxnErrorsAndRetries() {
        func answer(_ current: TransactionMetadata?, _ result: TransactionResult, epoch: Int16 = 3, producerId: Int64 = 7,
                    id: String = "id") -> ErrorCode? {
            if case let .respond(code, _, _) = Logic.endTransaction(current, transactionalId: id, producerId: producerId, producerEpoch: epoch,
                                                                    result: result, isFromClient: true, clientTransactionVersion: 0,
                                                                    newProducerId: nil, now: 1) { return code }
            return nil
        }
        #expect(answer(nil, .commit) == .invalidProducerIdMapping)
        #expect(answer(txn(.ongoing), .commit, id: "") == .invalidRequest)
        #expect(answer(txn(.ongoing), .commit, producerId: 8) == .invalidProducerIdMapping)
        #expect(answer(txn(.ongoing), .commit, epoch: 2) == .producerFenced)
        #expect(answer(txn(.ongoing), .commit, epoch: 4) == .producerFenced)
        #expect(answer(txn(.empty), .commit) == .invalidTxnState)
        #expect(answer(txn(.empty), .abort) == .invalidTxnState)
        #expect(answer(txn(.completeCommit), .commit) == ErrorCode.noError)
        #expect(answer(txn(.completeCommit), .abort) == .invalidTxnState)
        #expect(answer(txn(.completeAbort), .abort) == ErrorCode.noError)
        #expect(answer(txn(.completeAbort), .commit) == .invalidTxnState)
        #expect(answer(txn(.prepareCommit), .commit) == .concurrentTransactions)
        #expect(answer(txn(.prepareCommit), .abort) == .invalidTxnState)
        #expect(answer(txn(.prepareAbort), .abort) == .concurrentTransactions)
        #expect(answer(txn(.prepareAbort), .commit) == .invalidTxnState)
    }

    // MARK: EndTxn (transaction version 2)

    @Test func version2BumpsTheEpochOnEveryCompletion() throws {
        let ongoing = txn(.ongoing, partitions: [tp0], clientVersion: 2)
        guard case let .prepare(committing) = Logic.endTransaction(ongoing, transactionalId: "id", producerId: 7, producerEpoch: 3,
                                                                  result: .commit, isFromClient: true, clientTransactionVersion: 2,
                                                                  newProducerId: nil, now: 500) else {
            Issue.record("expected PrepareCommit")
            return
        }
        #expect(committing.producerEpoch == 4)
        #expect(committing.lastProducerEpoch == 3)
        let completed = try committing.prepareComplete(now: 600)
        // A retry of the EndTxn with the old epoch is answered, not fenced.
        #expect(Logic.endTransaction(completed, transactionalId: "id", producerId: 7, producerEpoch: 3, result: .commit, isFromClient: true,
                                     clientTransactionVersion: 2, newProducerId: nil, now: 700)
                == .respond(.noError, producerId: 7, producerEpoch: 4))
        // Aborting with nothing added is allowed in version 2.
        guard case let .prepare(emptyAbort) = Logic.endTransaction(completed, transactionalId: "id", producerId: 7, producerEpoch: 4,
                                                                  result: .abort, isFromClient: true, clientTransactionVersion: 2,
                                                                  newProducerId: nil, now: 800) else {
            Issue.record("expected PrepareAbort")
            return
        }
        #expect(emptyAbort.producerEpoch == 5)
        #expect(emptyAbort.topicPartitions.isEmpty)
        #expect(emptyAbort.txnStartTimestamp == 800)
    }

    @Test func version2WithAnExhaustedEpochMovesToTheNextProducerId() throws {
        let ongoing = txn(.ongoing, epoch: Int16.max - 1, partitions: [tp0], clientVersion: 2)
        #expect(Logic.endTransaction(ongoing, transactionalId: "id", producerId: 7, producerEpoch: Int16.max - 1, result: .commit,
                                     isFromClient: true, clientTransactionVersion: 2, newProducerId: nil, now: 1) == .needProducerId)
        guard case let .prepare(committing) = Logic.endTransaction(ongoing, transactionalId: "id", producerId: 7, producerEpoch: Int16.max - 1,
                                                                  result: .commit, isFromClient: true, clientTransactionVersion: 2,
                                                                  newProducerId: 30, now: 1) else {
            Issue.record("expected PrepareCommit")
            return
        }
        #expect(committing.nextProducerId == 30)
        let completed = try committing.prepareComplete(now: 2)
        #expect(completed.producerId == 30)
        #expect(completed.producerEpoch == 0)
        #expect(completed.previousProducerId == 7)
    }

    // MARK: Transitions and periodic work

    @Test func invalidTransitionsThrow() {
        #expect(throws: TransactionTransitionError.self) { try txn(.empty).prepareComplete(now: 1) }
        #expect(throws: TransactionTransitionError.self) { try txn(.ongoing).prepareDead() }
        #expect(throws: TransactionTransitionError.self) { try txn(.empty).prepareFenceProducerEpoch() }
        #expect(throws: TransactionTransitionError.self) {
            try txn(.prepareCommit).prepareAddPartitions([TopicPartition(topic: "t", partition: 0)], now: 1, clientTransactionVersion: 0)
        }
        #expect(throws: TransactionTransitionError.self) {
            try txn(.completeCommit).prepareAbortOrCommit(.prepareCommit, clientTransactionVersion: 0, nextProducerId: -1, now: 1,
                                                          noPartitionAdded: true)
        }
        #expect((try? txn(.completeAbort).prepareDead())?.state == .dead)
    }

    @Test func timedOutAndExpiredSelections() {
        var old = txn(.ongoing)
        old.txnStartTimestamp = 0
        old.txnTimeoutMs = 100
        var fresh = txn(.ongoing)
        fresh.txnStartTimestamp = 950
        fresh.txnTimeoutMs = 100
        #expect(Logic.timedOutTransactions([old, fresh, txn(.empty)], now: 1000) == [old])
        var idle = txn(.completeCommit)
        idle.txnLastUpdateTimestamp = 0
        var busy = txn(.ongoing)
        busy.txnLastUpdateTimestamp = 0
        #expect(Logic.expiredTransactionalIds([idle, busy], now: 1000, expirationMs: 500) == [idle])
    }

    @Test func listFilters() {
        var a = txn(.ongoing)
        a.transactionalId = "a"
        a.txnStartTimestamp = 0
        var b = txn(.completeCommit)
        b.transactionalId = "b"
        b.producerId = 9
        b.txnStartTimestamp = 8
        let dead = txn(.dead)
        #expect(Logic.listTransactions([a, b, dead], stateFilters: [], producerIdFilters: [], durationFilterMs: -1, now: 10).transactions.map(\.transactionalId) == ["a", "b"])
        #expect(Logic.listTransactions([a, b], stateFilters: ["Ongoing", "Nope"], producerIdFilters: [], durationFilterMs: -1, now: 10)
                == ([a], ["Nope"]))
        #expect(Logic.listTransactions([a, b], stateFilters: [], producerIdFilters: [9], durationFilterMs: -1, now: 10).transactions == [b])
        #expect(Logic.listTransactions([a, b], stateFilters: [], producerIdFilters: [], durationFilterMs: 5, now: 10).transactions == [a])
    }

    @Test func stateNamesAndBytes() {
        #expect(TransactionState.allCases.map(\.name) == ["Empty", "Ongoing", "PrepareCommit", "PrepareAbort", "CompleteCommit",
                                                          "CompleteAbort", "Dead", "PrepareEpochFence"])
        #expect(TransactionState.allCases.map(\.rawValue) == Array(0...7))
        #expect(TransactionState(name: "CompleteAbort") == .completeAbort)
        #expect(TransactionState(name: "complete_abort") == nil)
    }
}
