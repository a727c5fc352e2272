import KafkaProtocol
import NIOCore

/// Kafka's `LineMessageReader`: turns one input line into a record's headers, key and value,
/// as `[headers<headers.delimiter>][key<key.separator>]value`. Works on the line's UTF-8 bytes,
/// which splits exactly where Java's `String.indexOf` does for UTF-8 separators.
public struct LineMessageReader: Sendable {
    /// A `KafkaException` the reader throws; the tool prints it like `printStackTrace`'s first line.
    public struct ReaderError: Error, Sendable, Equatable, CustomStringConvertible {
        public var message: String
        public var description: String { "org.apache.kafka.common.KafkaException: \(message)" }
    }

    public struct Parsed: Sendable {
        public var key: ByteBuffer?
        public var value: ByteBuffer?
        public var headers: [RecordHeader]
    }

    public var parseKey = false
    public var keySeparator: [UInt8] = Array("\t".utf8)
    public var parseHeaders = false
    public var headersDelimiter: [UInt8] = Array("\t".utf8)
    public var headersSeparator: [UInt8] = Array(",".utf8)
    public var headersKeySeparator: [UInt8] = Array(":".utf8)
    public var ignoreError = false
    public var nullMarker: [UInt8]?

    /// `configure(props)`, with Kafka's checks on separators that would make lines ambiguous.
    public init(properties: [String: String]) throws(ReaderError) {
        func flag(_ key: String) -> Bool { properties[key]?.trimmingJavaWhitespace.lowercased() == "true" }
        parseKey = flag("parse.key")
        parseHeaders = flag("parse.headers")
        ignoreError = flag("ignore.error")
        if let value = properties["key.separator"] { keySeparator = Array(value.utf8) }
        if let value = properties["headers.delimiter"] { headersDelimiter = Array(value.utf8) }
        if let value = properties["headers.separator"] { headersSeparator = Array(value.utf8) }
        if let value = properties["headers.key.separator"] { headersKeySeparator = Array(value.utf8) }
        if headersDelimiter == headersSeparator {
            throw ReaderError(message: "headers.delimiter and headers.separator may not be equal")
        }
        if headersDelimiter == headersKeySeparator {
            throw ReaderError(message: "headers.delimiter and headers.key.separator may not be equal")
        }
        if headersSeparator == headersKeySeparator {
            throw ReaderError(message: "headers.separator and headers.key.separator may not be equal")
        }
        if let marker = properties["null.marker"] {
            let bytes = Array(marker.utf8)
            nullMarker = bytes
            for (name, separator) in [("key.separator", keySeparator), ("headers.delimiter", headersDelimiter),
                                      ("headers.separator", headersSeparator), ("headers.key.separator", headersKeySeparator)]
            where bytes == separator {
                throw ReaderError(message: "null.marker and \(name) may not be equal")
            }
        }
    }

    /// Splits one line (without its terminator) read as line number `lineNumber` (from 1).
    public func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int) throws(ReaderError) -> Parsed {
        try parse(line, lineNumber: lineNumber) { bytes, range in ByteBuffer(bytes: UnsafeBufferPointer(rebasing: bytes[range])) }
    }

    /// As `parse`, with key, value and header values as slices of `scratch`, which receives a
    /// copy of the line: no allocation per line once the records made from the previous line
    /// are gone (the producer copies what it sends, so `scratch` is then unique again).
    public func parse(_ line: UnsafeRawBufferPointer, lineNumber: Int, reusing scratch: inout ByteBuffer) throws(ReaderError) -> Parsed {
        scratch.clear()
        scratch.writeBytes(line)
        let base = scratch
        return try parse(line, lineNumber: lineNumber) { _, range in
            base.getSlice(at: base.readerIndex + range.lowerBound, length: range.count) ?? ByteBuffer()
        }
    }

    private func parse(
        _ line: UnsafeRawBufferPointer, lineNumber: Int, _ makeBuffer: (UnsafeBufferPointer<UInt8>, Range<Int>) -> ByteBuffer
    ) throws(ReaderError) -> Parsed {
        let bytes = UnsafeBufferPointer(start: line.baseAddress?.assumingMemoryBound(to: UInt8.self), count: line.count)
        var start = 0
        var headerRange: Range<Int>?
        if parseHeaders {
            if let index = Self.index(of: headersDelimiter, in: bytes, from: 0) {
                headerRange = 0..<index
                start = index + headersDelimiter.count
            } else if !ignoreError {
                throw ReaderError(message: "No headers delimiter found on line number \(lineNumber): '\(Self.text(bytes, 0..<bytes.count))'")
            }
        }
        var key: ByteBuffer?
        if parseKey {
            if let index = Self.index(of: keySeparator, in: bytes, from: start) {
                key = slice(bytes, start..<index, makeBuffer)
                start = index + keySeparator.count
            } else if !ignoreError {
                throw ReaderError(message: "No key separator found on line number \(lineNumber): '\(Self.text(bytes, 0..<bytes.count))'")
            }
        }
        let value = slice(bytes, start..<bytes.count, makeBuffer)
        var headers: [RecordHeader] = []
        if let headerRange, !isNullMarker(bytes, headerRange) {
            headers = try splitHeaders(bytes, headerRange, lineNumber: lineNumber, makeBuffer)
        }
        return Parsed(key: key, value: value, headers: headers)
    }

    func splitHeaders(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, lineNumber: Int,
        _ makeBuffer: (UnsafeBufferPointer<UInt8>, Range<Int>) -> ByteBuffer
    ) throws(ReaderError) -> [RecordHeader] {
        // `String.split(regex)`: a lone input stays whole; trailing empty pieces are dropped.
        var pieces: [Range<Int>] = []
        var pieceStart = range.lowerBound
        while let index = Self.index(of: headersSeparator, in: bytes, from: pieceStart, end: range.upperBound) {
            pieces.append(pieceStart..<index)
            pieceStart = index + headersSeparator.count
        }
        pieces.append(pieceStart..<range.upperBound)
        if pieces.count > 1 {
            while let last = pieces.last, last.isEmpty { pieces.removeLast() }
        }
        var headers: [RecordHeader] = []
        headers.reserveCapacity(pieces.count)
        for piece in pieces {
            guard let index = Self.index(of: headersKeySeparator, in: bytes, from: piece.lowerBound, end: piece.upperBound) else {
                if ignoreError {
                    headers.append(RecordHeader(key: Self.text(bytes, piece), value: nil))
                    continue
                }
                throw ReaderError(message: "No header key separator found in pair '\(Self.text(bytes, piece))' on line number \(lineNumber)")
            }
            let keyRange = piece.lowerBound..<index
            if let nullMarker, isNullMarker(bytes, keyRange) {
                throw ReaderError(message: "Header keys should not be equal to the null marker '\(String(decoding: nullMarker, as: UTF8.self))' as they can't be null")
            }
            let value = slice(bytes, (index + headersKeySeparator.count)..<piece.upperBound, makeBuffer)
            headers.append(RecordHeader(key: Self.text(bytes, keyRange), value: value))
        }
        return headers
    }

    /// The bytes as a buffer, or nil when they equal `null.marker`.
    func slice(
        _ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ makeBuffer: (UnsafeBufferPointer<UInt8>, Range<Int>) -> ByteBuffer
    ) -> ByteBuffer? {
        if isNullMarker(bytes, range) { return nil }
        return makeBuffer(bytes, range)
    }

    func isNullMarker(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard let nullMarker, nullMarker.count == range.count else { return false }
        return nullMarker.elementsEqual(bytes[range])
    }

    static func text(_ bytes: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: bytes[range]), as: UTF8.self)
    }

    /// First index ≥ `from` where `needle` starts, ending before `end`; an empty needle matches at `from`.
    static func index(of needle: [UInt8], in bytes: UnsafeBufferPointer<UInt8>, from: Int, end: Int? = nil) -> Int? {
        let limit = end ?? bytes.count
        guard let first = needle.first else { return from <= limit ? from : nil }
        var i = from
        while i + needle.count <= limit {
            if bytes[i] == first {
                var j = 1
                while j < needle.count, bytes[i + j] == needle[j] { j += 1 }
                if j == needle.count { return i }
            }
            i += 1
        }
        return nil
    }
}

extension String {
    /// Java's `String.trim()`: strips code points ≤ U+0020.
    var trimmingJavaWhitespace: String {
        var scalars = Substring(self).unicodeScalars
        while let first = scalars.first, first.value <= 0x20 { scalars.removeFirst() }
        while let last = scalars.last, last.value <= 0x20 { scalars.removeLast() }
        return String(scalars)
    }
}
