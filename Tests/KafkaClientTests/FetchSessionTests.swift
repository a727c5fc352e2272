import KafkaClient
import KafkaProtocol
import Testing

@Suite("FetchSession")
struct FetchSessionTests {
    let id = KafkaUUID.zero
    func state(_ offset: Int64) -> FetchSessionHandler.PartitionState {
        .init(topicId: id, fetchOffset: offset, maxBytes: 1024)
    }

    @Test func firstRequestIsFullThenIncremental() {
        var session = FetchSessionHandler()
        let a = TopicPartition("t", 0), b = TopicPartition("t", 1)
        let first = session.plan([a: state(0), b: state(0)])
        #expect(first.isFull && first.sessionId == 0 && first.epoch == 0 && first.toSend.count == 2)
        let accepted = session.handleResponse(errorCode: 0, responseSessionId: 77)
        #expect(accepted)
        let second = session.plan([a: state(5), b: state(0)])
        #expect(!second.isFull)
        #expect(second.sessionId == 77 && second.epoch == 1)
        #expect(Array(second.toSend.keys) == [a])
        session.handleResponse(errorCode: 0, responseSessionId: 77)
        let third = session.plan([a: state(5)])
        #expect(third.epoch == 2 && third.toSend.isEmpty && third.forgotten == [b])
        let request = FetchSessionHandler.request(third, maxWaitMs: 500, minBytes: 1, maxBytes: 100, isolationLevel: 0, rackId: "")
        #expect(request.forgottenTopicsData.first?.partitions == [1])
        #expect(request.sessionId == 77 && request.sessionEpoch == 2)
    }

    @Test func sessionErrorsStartOver() {
        var session = FetchSessionHandler()
        let a = TopicPartition("t", 0)
        _ = session.plan([a: state(0)])
        session.handleResponse(errorCode: 0, responseSessionId: 9)
        _ = session.plan([a: state(1)])
        let usable = session.handleResponse(errorCode: ErrorCode.fetchSessionIdNotFound.code, responseSessionId: 0)
        #expect(!usable)
        let next = session.plan([a: state(1)])
        #expect(next.isFull && next.sessionId == 0 && next.epoch == 0)
    }

    @Test func brokerWithoutSessionsStaysFull() {
        var session = FetchSessionHandler()
        let a = TopicPartition("t", 0)
        _ = session.plan([a: state(0)])
        session.handleResponse(errorCode: 0, responseSessionId: 0)
        #expect(session.plan([a: state(3)]).isFull)
        let legacy = session.plan([a: state(3)], supportsSessions: false)
        #expect(legacy.isFull && legacy.epoch == -1)
    }
}
