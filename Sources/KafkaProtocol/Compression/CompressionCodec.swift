import NIOCore

/// The compression codec in bits 0-2 of a batch's attributes (`CompressionType.java`).
public enum CompressionCodec: Int8, Sendable, CaseIterable, CustomStringConvertible {
    case none = 0
    case gzip = 1
    case snappy = 2
    case lz4 = 3
    case zstd = 4

    /// Kafka's name for the codec, as used by `compression.type` and printed by dump-log.
    public var name: String {
        switch self {
        case .none: return "none"
        case .gzip: return "gzip"
        case .snappy: return "snappy"
        case .lz4: return "lz4"
        case .zstd: return "zstd"
        }
    }

    public var description: String { name }

    public init?(name: String) {
        guard let codec = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = codec
    }

    /// The codec for the low three attribute bits; throws for 5-7, which Kafka does not define.
    public init(attributeBits: Int) throws {
        guard let codec = CompressionCodec(rawValue: Int8(truncatingIfNeeded: attributeBits & 0x07)) else {
            throw CompressionError.unknownCodec(attributeBits & 0x07)
        }
        self = codec
    }

    /// Default cap on decompressed output: a hostile payload never makes us allocate more.
    public static let defaultMaxDecompressedSize = 1 << 30

    /// Compresses `input` (its readable bytes) the way Kafka's producer frames it: gzip stream,
    /// xerial-framed snappy, LZ4 frame with independent 64 KiB blocks, zstd frame.
    public func compress(_ input: ByteBuffer, level: Int32? = nil, allocator: ByteBufferAllocator = ByteBufferAllocator()) throws -> ByteBuffer {
        switch self {
        case .none: return input
        case .gzip: return try GzipCodec.compress(input, level: level ?? -1, allocator: allocator)
        case .snappy: return try SnappyCodec.compress(input, allocator: allocator)
        case .lz4: return try LZ4FrameCodec.compress(input, allocator: allocator)
        case .zstd: return try ZstdCodec.compress(input, level: level ?? 3, allocator: allocator)
        }
    }

    /// Decompresses `input`, refusing to produce more than `maxDecompressedSize` bytes.
    /// `legacyLZ4HeaderChecksum` skips the LZ4 frame-header checksum check, as Kafka does for
    /// magic-0 messages whose writers computed it over the wrong bytes.
    public func decompress(
        _ input: ByteBuffer, maxDecompressedSize: Int = CompressionCodec.defaultMaxDecompressedSize,
        legacyLZ4HeaderChecksum: Bool = false, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) throws -> ByteBuffer {
        let limit = max(0, maxDecompressedSize)
        switch self {
        case .none:
            guard input.readableBytes <= limit else { throw CompressionError.sizeLimitExceeded(codec: self, limit: limit) }
            return input
        case .gzip: return try GzipCodec.decompress(input, limit: limit, allocator: allocator)
        case .snappy: return try SnappyCodec.decompress(input, limit: limit, allocator: allocator)
        case .lz4:
            return try LZ4FrameCodec.decompress(
                input, limit: limit, verifyHeaderChecksum: !legacyLZ4HeaderChecksum, allocator: allocator)
        case .zstd: return try ZstdCodec.decompress(input, limit: limit, allocator: allocator)
        }
    }
}
