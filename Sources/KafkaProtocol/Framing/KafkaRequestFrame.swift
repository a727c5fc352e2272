import NIOCore

/// A request frame with its header parsed and its body left as a slice, so the broker can decide
/// what to do about the API version before parsing the body (README §5-6): the header is read as
/// Kafka's `RequestHeader.parse` does, by api key and version first.
public struct KafkaRequestFrame: Sendable, Hashable {
    public var apiKey: ApiKey
    public var apiVersion: Int16
    public var correlationId: Int32
    /// A null client id is read as "" (Kafka's `RequestHeader`).
    public var clientId: String
    /// 1 or 2.
    public var headerVersion: Int16
    public var headerTaggedFields: [UnknownTaggedField]
    /// The request body (slice of the frame).
    public var body: ByteBuffer

    /// Parses the header of a frame (without its size prefix). Throws `KafkaFrameError.unknownApiKey`
    /// for keys that do not exist or have no valid versions; other header problems throw
    /// `KafkaProtocolError`.
    public static func parse(_ frame: ByteBuffer) throws -> KafkaRequestFrame {
        var buffer = frame
        guard let rawKey = buffer.getInteger(at: buffer.readerIndex, endianness: .big, as: Int16.self),
              let rawVersion = buffer.getInteger(at: buffer.readerIndex + 2, endianness: .big, as: Int16.self)
        else {
            throw KafkaProtocolError.truncated(field: "RequestHeader", needed: 4, available: buffer.readableBytes)
        }
        guard let apiKey = ApiKey(rawValue: rawKey), apiKey.validVersions != nil else {
            throw KafkaFrameError.unknownApiKey(rawKey)
        }
        let headerVersion = apiKey.requestHeaderVersion(apiVersion: rawVersion)
        let header = try RequestHeader.decode(from: &buffer, version: headerVersion)
        return KafkaRequestFrame(
            apiKey: apiKey, apiVersion: rawVersion, correlationId: header.correlationId,
            clientId: header.clientId ?? "", headerVersion: headerVersion,
            headerTaggedFields: header.unknownTaggedFields, body: buffer)
    }

    /// Whether this build can parse the body (`validVersions` of the request schema).
    public var isVersionSupported: Bool { apiKey.isValid(version: apiVersion) }

    /// Decodes the body as the request type of `apiKey`. Throws `unsupportedVersion` for versions
    /// outside `validVersions` and `trailingBytes` if the body is longer than the request.
    public func decodeRequest() throws -> any KafkaRequest {
        guard let type = apiKey.requestType else { throw KafkaFrameError.unknownApiKey(apiKey.rawValue) }
        var body = self.body
        let request = try type.decode(from: &body, version: apiVersion)
        guard body.readableBytes == 0 else { throw KafkaProtocolError.trailingBytes(count: body.readableBytes) }
        return request
    }

    /// Decodes the body as a given request type.
    public func decodeRequest<Request: KafkaRequest>(as type: Request.Type) throws -> Request {
        var body = self.body
        let request = try Request.decode(from: &body, version: apiVersion)
        guard body.readableBytes == 0 else { throw KafkaProtocolError.trailingBytes(count: body.readableBytes) }
        return request
    }
}

/// A response frame with its header parsed. The wire carries no api key or version: the caller
/// passes those of the request with the same correlation id.
public struct KafkaResponseFrame: Sendable, Hashable {
    public var correlationId: Int32
    public var headerVersion: Int16
    public var headerTaggedFields: [UnknownTaggedField]
    public var body: ByteBuffer

    public static func parse(_ frame: ByteBuffer, apiKey: ApiKey, apiVersion: Int16) throws -> KafkaResponseFrame {
        var buffer = frame
        let headerVersion = apiKey.responseHeaderVersion(apiVersion: apiVersion)
        let header = try ResponseHeader.decode(from: &buffer, version: headerVersion)
        return KafkaResponseFrame(
            correlationId: header.correlationId, headerVersion: headerVersion,
            headerTaggedFields: header.unknownTaggedFields, body: buffer)
    }

    /// Decodes the body at `version`.
    public func decodeResponse<Response: KafkaResponse>(as type: Response.Type, version: Int16) throws -> Response {
        var body = self.body
        let response = try Response.decode(from: &body, version: version)
        guard body.readableBytes == 0 else { throw KafkaProtocolError.trailingBytes(count: body.readableBytes) }
        return response
    }
}

extension ApiVersionsResponse {
    /// `ApiVersionsResponse.parse`: a broker that does not know the requested version answers
    /// in v0, so try the version sent and, if that fails, re-parse as v0. Returns the version the
    /// body was actually read at.
    public static func decodeWithFallback(from body: ByteBuffer, version: Int16) throws -> (response: ApiVersionsResponse, version: Int16) {
        var attempt = body
        do {
            let response = try ApiVersionsResponse.decode(from: &attempt, version: version)
            guard attempt.readableBytes == 0 else { throw KafkaProtocolError.trailingBytes(count: attempt.readableBytes) }
            return (response, version)
        } catch {
            guard version != 0 else { throw error }
            var fallback = body
            let response = try ApiVersionsResponse.decode(from: &fallback, version: 0)
            return (response, 0)
        }
    }
}

/// Encoders for whole frames (size prefix + header + body).
public enum KafkaFrameEncoder {
    /// Writes a request frame; the header version follows the api key and version.
    public static func writeRequest<Request: KafkaRequest>(
        _ request: Request, version: Int16, correlationId: Int32, clientId: String?, into buffer: inout ByteBuffer
    ) throws {
        var header = RequestHeader()
        header.requestApiKey = Request.apiKey.rawValue
        header.requestApiVersion = version
        header.correlationId = correlationId
        header.clientId = clientId
        let headerVersion = Request.apiKey.requestHeaderVersion(apiVersion: version)
        try buffer.writeKafkaFrame { frame in
            try header.encode(into: &frame, version: headerVersion)
            try request.encode(into: &frame, version: version)
        }
    }

    /// Writes a response frame (header v0, or v1 for flexible versions except ApiVersions).
    public static func writeResponse<Response: KafkaResponse>(
        _ response: Response, version: Int16, correlationId: Int32, into buffer: inout ByteBuffer
    ) throws {
        var header = ResponseHeader()
        header.correlationId = correlationId
        let headerVersion = Response.apiKey.responseHeaderVersion(apiVersion: version)
        try buffer.writeKafkaFrame { frame in
            try header.encode(into: &frame, version: headerVersion)
            try response.encode(into: &frame, version: version)
        }
    }
}
