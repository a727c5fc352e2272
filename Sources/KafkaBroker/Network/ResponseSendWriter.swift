import NIOCore

/// Writes a `ResponseSend`'s parts in order (file regions go out with `sendfile` on plain sockets)
/// and closes its file descriptors once the last part is written, or failed because the
/// connection went away: NIO fails every pending write when a channel closes.
final class ResponseSendWriter: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = ResponseSend
    typealias OutboundOut = IOData

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        let send = unwrapOutboundIn(data)
        guard let last = send.parts.indices.last else {
            send.release()
            promise?.succeed(())
            return
        }
        for index in send.parts.indices {
            let part = wrapOutboundOut(send.parts[index].ioData)
            if index == last {
                let written = context.eventLoop.makePromise(of: Void.self)
                written.futureResult.whenComplete { result in
                    send.release()
                    promise?.completeWith(result)
                }
                context.write(part, promise: written)
            } else {
                context.write(part, promise: nil)
            }
        }
    }
}
