import NIOCore

extension ApiKey {
    /// Decodes a request body of this API at `version` (`unsupportedVersion` outside `validVersions`).
    public func decodeRequest(from buffer: inout ByteBuffer, version: Int16) throws -> any KafkaRequest {
        guard let type = requestType else { throw KafkaFrameError.unknownApiKey(rawValue) }
        return try type.decode(from: &buffer, version: version)
    }

    /// Decodes a response body of this API at `version`. For ApiVersions prefer
    /// `ApiVersionsResponse.decodeWithFallback`, which handles a broker's v0 answer.
    public func decodeResponse(from buffer: inout ByteBuffer, version: Int16) throws -> any KafkaResponse {
        guard let type = responseType else { throw KafkaFrameError.unknownApiKey(rawValue) }
        return try type.decode(from: &buffer, version: version)
    }
}
