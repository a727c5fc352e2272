import NIOCore

/// The `org.apache.kafka.tools.api` decoders `--key-decoder-class` / `--value-decoder-class`
/// can name (and the deprecated `kafka.serializer` names Kafka maps onto them). Custom Java
/// classes cannot be loaded by kafkit: they fail like a class missing from Kafka's class path.
enum DumpLogDecoder: Sendable, Equatable {
    case string, integer, long, byteArray

    init(className: String, console: ToolConsole) throws(UncaughtJavaException) {
        let deprecated = ["StringDecoder", "LongDecoder", "IntegerDecoder", "DefaultDecoder"]
        var name = className
        for simple in deprecated where className == "kafka.serializer." + simple {
            console.println(
                "kafka.serializer.\(simple) is deprecated. Please use org.apache.kafka.tools.api.\(simple) instead")
            name = "org.apache.kafka.tools.api." + simple
        }
        switch name {
        case "org.apache.kafka.tools.api.StringDecoder": self = .string
        case "org.apache.kafka.tools.api.IntegerDecoder": self = .integer
        case "org.apache.kafka.tools.api.LongDecoder": self = .long
        case "org.apache.kafka.tools.api.DefaultDecoder": self = .byteArray
        default:
            throw UncaughtJavaException(className: "java.lang.ClassNotFoundException", message: className)
        }
    }

    /// `fromBytes(bytes)`, then `toString` as string interpolation does.
    func decode(_ bytes: ByteBuffer) throws(UncaughtJavaException) -> String {
        switch self {
        case .string:
            return JavaString.decodeUTF8(bytes.readableBytesView)
        case .integer:
            guard let value = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int32.self) else {
                throw UncaughtJavaException(className: "java.nio.BufferUnderflowException", message: nil)
            }
            return "\(value)"
        case .long:
            guard let value = bytes.getInteger(at: bytes.readerIndex, endianness: .big, as: Int64.self) else {
                throw UncaughtJavaException(className: "java.nio.BufferUnderflowException", message: nil)
            }
            return "\(value)"
        case .byteArray:
            // Java prints a byte[] as `[B@<identity hash>`; the hash is arbitrary, here one of the content.
            var hash: UInt32 = 1
            for byte in bytes.readableBytesView { hash = hash &* 31 &+ UInt32(byte) }
            return "[B@" + String(hash, radix: 16)
        }
    }
}

/// `DecoderMessageParser`: key and value through their decoders; absent when null.
struct DecoderMessageParser: DumpLogMessageParser {
    let keyDecoder: DumpLogDecoder
    let valueDecoder: DumpLogDecoder

    func parse(_ record: DumpedRecord) throws -> (key: String?, payload: String?) {
        let key = try record.key.map { (bytes) throws(UncaughtJavaException) in try keyDecoder.decode(bytes) }
        let payload = try record.value.map { (bytes) throws(UncaughtJavaException) in try valueDecoder.decode(bytes) }
        return (key, payload)
    }
}
