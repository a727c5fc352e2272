/// Every way bytes from the outside can be wrong. Decoders throw these and never trap.
public enum KafkaProtocolError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Fewer bytes remain than the field needs.
    case truncated(field: String, needed: Int, available: Int)
    /// A length or count that is negative (and not the null marker) or larger than what remains.
    case invalidLength(field: String, length: Int64)
    /// An unsigned varint longer than 5 bytes (varlong: 10).
    case varintTooLong
    /// A string whose bytes are not UTF-8.
    case invalidUTF8(field: String)
    /// A non-nullable field read as null.
    case unexpectedNull(field: String)
    /// Tagged fields not in strictly ascending order, or a known tag whose value does not parse.
    case invalidTaggedField(tag: UInt32)
    /// The message has no such version.
    case unsupportedVersion(api: String, version: Int16)
    /// A non-ignorable field holds a non-default value in a version that lacks it.
    case nonIgnorableField(message: String, field: String, version: Int16)
    /// A field value that cannot be written (string too long, null where not allowed...).
    case unencodable(field: String, reason: String)
    /// Bytes left over after a message or frame that should have used them all.
    case trailingBytes(count: Int)
    /// Record-level problems.
    case invalidMagic(Int8)
    case crcMismatch(expected: UInt32, actual: UInt32)
    case corruptRecord(String)
    case unsupportedCompression(Int)
    case compressionFailed(String)

    public var description: String {
        switch self {
        case let .truncated(field, needed, available):
            return "truncated \(field): needed \(needed) bytes, \(available) available"
        case let .invalidLength(field, length): return "invalid length \(length) for \(field)"
        case .varintTooLong: return "varint is too long"
        case let .invalidUTF8(field): return "\(field) is not valid UTF-8"
        case let .unexpectedNull(field): return "\(field) is null but not nullable"
        case let .invalidTaggedField(tag): return "invalid tagged field \(tag)"
        case let .unsupportedVersion(api, version): return "\(api) has no version \(version)"
        case let .nonIgnorableField(message, field, version):
            return "\(message).\(field) is not ignorable and cannot be written at version \(version)"
        case let .unencodable(field, reason): return "cannot encode \(field): \(reason)"
        case let .trailingBytes(count): return "\(count) unexpected trailing bytes"
        case let .invalidMagic(magic): return "unsupported record magic \(magic)"
        case let .crcMismatch(expected, actual):
            return "record is corrupt (stored crc = \(expected), computed crc = \(actual))"
        case let .corruptRecord(reason): return "corrupt record: \(reason)"
        case let .unsupportedCompression(codec): return "unsupported compression codec \(codec)"
        case let .compressionFailed(reason): return "compression failed: \(reason)"
        }
    }
}
