import NIOConcurrencyHelpers

/// Holds the latest published `MetadataImage` for handlers (`KRaftMetadataCache`). Reading is a
/// lock and a copy of a few references: images are values built from copy-on-write collections.
public final class MetadataCache: Sendable {
    private let current: NIOLockedValueBox<MetadataImage>

    public init(_ image: MetadataImage) { current = NIOLockedValueBox(image) }

    public var image: MetadataImage { current.withLockedValue { $0 } }

    func publish(_ image: MetadataImage) { current.withLockedValue { $0 = image } }
}

/// Something that reacts to a newly committed image (the replica manager opening logs for new
/// partitions, the group coordinator noticing `__consumer_offsets`). Called by the controller,
/// in commit order, before the operation that caused the change returns.
public protocol MetadataPublisher: Sendable {
    func publish(old: MetadataImage, new: MetadataImage) async
}
