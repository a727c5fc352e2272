import KafkaProtocol

/// Hands out producer ids for InitProducerId (`RPCProducerIdManager` + the controller's
/// `ProducerIdControlManager`): blocks of 1000 ids are reserved by committing a
/// `ProducerIdsRecord` to the metadata log, so an id is never given twice, even across restarts.
public actor ProducerIdManager {
    /// Kafka's block size (`ProducerIdsBlock.PRODUCER_ID_BLOCK_SIZE`).
    public static let blockSize: Int64 = 1000

    let controller: QuorumController
    let nodeId: Int32
    private var next: Int64 = 0
    private var blockEnd: Int64 = 0
    /// The block reservation in flight; concurrent callers wait for it instead of reserving
    /// another block from the same image (the actor is reentrant across the controller calls).
    private var pendingBlock: Task<Void, any Error>?

    init(controller: QuorumController, nodeId: Int32) {
        self.controller = controller
        self.nodeId = nodeId
    }

    /// The next unused producer id.
    public func generateProducerId() async throws -> Int64 {
        while next >= blockEnd {
            if let pendingBlock {
                try await pendingBlock.value
                continue
            }
            let reservation = Task { try await self.reserveBlock() }
            pendingBlock = reservation
            try await reservation.value
        }
        defer { next += 1 }
        return next
    }

    private func reserveBlock() async throws {
        defer { pendingBlock = nil }
        let image = await controller.currentImage()
        let start = max(image.nextProducerId, blockEnd)
        var record = ProducerIdsRecord()
        record.brokerId = nodeId
        record.brokerEpoch = image.brokers[nodeId]?.epoch ?? -1
        record.nextProducerId = start + Self.blockSize
        try await controller.commit([VersionedMetadataRecord(record, version: 0)])
        next = start
        blockEnd = start + Self.blockSize
    }
}
