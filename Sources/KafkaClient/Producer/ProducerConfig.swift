import KafkaProtocol

/// The producer settings Kafka's `ProducerConfig` defines that this producer uses.
public struct ProducerConfig: Sendable {
    /// -1 (all), 0 or 1.
    public var acks: Int16
    public var lingerMs: Int64
    public var batchSize: Int
    public var compression: CompressionCodec
    public var compressionLevel: Int32?
    public var enableIdempotence: Bool
    public var maxInFlightRequestsPerConnection: Int
    public var deliveryTimeoutMs: Int64
    public var maxBlockMs: Int64
    /// Bytes that unfinished batches may hold before `send` waits (`buffer.memory`).
    public var bufferMemory: Int
    public var maxRequestSize: Int
    public var transactionTimeoutMs: Int32

    public init(_ client: ClientConfig) throws {
        let acksText = client.string("acks", default: "all")
        switch acksText {
        case "all", "-1": acks = -1
        case "0": acks = 0
        case "1": acks = 1
        default: throw KafkaError.invalidConfig(key: "acks", value: acksText, reason: "String must be one of: all, -1, 0, 1")
        }
        lingerMs = try client.long("linger.ms", default: 5)
        batchSize = try client.int("batch.size", default: 16384)
        let codecName = client.string("compression.type", default: "none")
        guard let codec = CompressionCodec(name: codecName) else {
            throw KafkaError.invalidConfig(key: "compression.type", value: codecName, reason: "String must be one of: none, gzip, snappy, lz4, zstd")
        }
        compression = codec
        switch codec {
        case .gzip: compressionLevel = client.properties["compression.gzip.level"].flatMap { Int32($0) }
        case .lz4: compressionLevel = client.properties["compression.lz4.level"].flatMap { Int32($0) }
        case .zstd: compressionLevel = client.properties["compression.zstd.level"].flatMap { Int32($0) }
        default: compressionLevel = nil
        }
        maxInFlightRequestsPerConnection = try client.int("max.in.flight.requests.per.connection", default: 5)
        deliveryTimeoutMs = try client.long("delivery.timeout.ms", default: 120_000)
        maxBlockMs = try client.long("max.block.ms", default: 60_000)
        let memory = try client.long("buffer.memory", default: 33_554_432)
        guard memory >= 0 else {
            throw KafkaError.invalidConfig(key: "buffer.memory", value: "\(memory)", reason: "Value must be at least 0")
        }
        bufferMemory = Int(memory)
        maxRequestSize = try client.int("max.request.size", default: 1_048_576)
        transactionTimeoutMs = Int32(clamping: try client.long("transaction.timeout.ms", default: 60_000))
        // As `ProducerConfig.postProcessAndValidateIdempotenceConfigs`: idempotence is on by
        // default, silently off when acks or max.in.flight rule it out, an error if asked for.
        if client.properties["enable.idempotence"] != nil {
            enableIdempotence = try client.bool("enable.idempotence", default: true)
            if enableIdempotence && acks != -1 {
                throw KafkaError.invalidConfig(key: "acks", value: acksText, reason: "Must set acks to all in order to use the idempotent producer. Otherwise we cannot guarantee idempotence.")
            }
            if enableIdempotence && maxInFlightRequestsPerConnection > 5 {
                throw KafkaError.invalidConfig(key: "max.in.flight.requests.per.connection", value: "\(maxInFlightRequestsPerConnection)", reason: "Must set max.in.flight.requests.per.connection to at most 5 to use the idempotent producer.")
            }
        } else {
            enableIdempotence = acks == -1 && maxInFlightRequestsPerConnection <= 5
        }
    }
}
