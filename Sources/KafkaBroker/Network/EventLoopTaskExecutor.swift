import NIOCore

/// Runs a connection's task on its channel's event loop (SE-0417 task executor preference).
///
/// Without it every request hops from the event loop (frame decoded) to Swift's cooperative pool
/// (handler) and back (response written) — two thread switches per request, which on two cores
/// cost more CPU than the produce itself. With the connection's task preferring its loop, the
/// frame is handled, and the response written, on the thread that read it; default actors the
/// handlers call (controller, coordinator) also run there when they are free.
final class EventLoopTaskExecutor: TaskExecutor, Sendable {
    let eventLoop: any EventLoop

    init(_ eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        eventLoop.execute {
            job.runSynchronously(on: self.asUnownedTaskExecutor())
        }
    }
}
