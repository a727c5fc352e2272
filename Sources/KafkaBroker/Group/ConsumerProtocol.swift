import KafkaProtocol
import NIOCore

/// Just enough of the consumer's embedded protocol (`ConsumerProtocolSubscription`) to know which
/// topics a classic consumer group subscribes to.
enum ConsumerProtocol {
    /// The topics of a serialized subscription (version prefix, then the topic array), nil if malformed.
    static func subscriptionTopics(_ metadata: ByteBuffer) -> [String]? {
        var buffer = metadata
        do {
            let version = try buffer.readKafkaInteger(as: Int16.self, field: "version")
            guard version >= 0 else { return nil }
            let count = try buffer.readKafkaInteger(as: Int32.self, field: "topics")
            guard count >= 0, Int(count) <= buffer.readableBytes / 2 else { return nil }
            var topics: [String] = []
            for _ in 0..<count {
                let length = try buffer.readKafkaInteger(as: Int16.self, field: "topic")
                guard length >= 0, let name = buffer.readString(length: Int(length)) else { return nil }
                topics.append(name)
            }
            return topics
        } catch {
            return nil
        }
    }
}
