import KafkaProtocol
import KafkaStorage
import NIOCore

/// ApiVersions (key 18): the APIs this broker implements with Kafka 4.0's ranges, and features.
public struct ApiVersionsHandler: RequestHandler {
    public typealias Request = ApiVersionsRequest

    /// Advertised ranges per listener kind, computed once from the registry.
    let brokerApis: [ApiVersionsResponse.ApiVersion]
    let controllerApis: [ApiVersionsResponse.ApiVersion]
    let metadata: MetadataCache

    /// `registry` holds every other handler; ApiVersions adds itself.
    public init(registry: RequestHandlerRegistry, metadata: MetadataCache) {
        var withSelf = registry
        withSelf.register(Placeholder())
        brokerApis = Self.table(withSelf, .broker)
        controllerApis = Self.table(withSelf, .controller)
        self.metadata = metadata
    }

    static func table(_ registry: RequestHandlerRegistry, _ kind: ApiListener) -> [ApiVersionsResponse.ApiVersion] {
        registry.advertised(listener: kind).map { entry in
            var api = ApiVersionsResponse.ApiVersion()
            api.apiKey = entry.key.rawValue
            api.minVersion = entry.versions.lowerBound
            api.maxVersion = entry.versions.upperBound
            return api
        }
    }

    public func handle(_ request: ApiVersionsRequest, context: RequestContext) async throws -> ApiVersionsResponse? {
        var response = ApiVersionsResponse()
        if context.apiVersion >= 3 && !(Self.isValidSoftwareField(request.clientSoftwareName)
                                        && Self.isValidSoftwareField(request.clientSoftwareVersion)) {
            response.errorCode = ErrorCode.invalidRequest.rawValue
            return response
        }
        response.apiKeys = context.listenerKind == .controller ? controllerApis : brokerApis
        if context.apiVersion >= 3 {
            let image = metadata.image
            response.supportedFeatures = Self.supportedFeatures(includeZeroMin: context.apiVersion >= 4)
            response.finalizedFeaturesEpoch = image.featuresEpoch
            // Kafka's `FinalizedFeatures` copies the other features (a HashMap) and then adds
            // metadata.version, which therefore comes last.
            let names = JavaHashOrder.ordered(image.features.keys.filter { $0 != MetadataVersion.featureName }.sorted(), table: .hashMap)
                + [MetadataVersion.featureName]
            response.finalizedFeatures = names.compactMap { name in
                guard let level = image.features[name], level > 0 else { return nil }
                var feature = ApiVersionsResponse.FinalizedFeatureKey()
                feature.name = name
                feature.minVersionLevel = level
                feature.maxVersionLevel = level
                return feature
            }
        }
        return response
    }

    /// `ApiVersionsRequest.isValid`: `[a-zA-Z0-9](?:[a-zA-Z0-9\-.]*[a-zA-Z0-9])?`.
    static func isValidSoftwareField(_ text: String) -> Bool {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.first, let last = scalars.last else { return false }
        func alnum(_ c: Unicode.Scalar) -> Bool { (c >= "a" && c <= "z") || (c >= "A" && c <= "Z") || (c >= "0" && c <= "9") }
        return alnum(first) && alnum(last) && scalars.allSatisfy { alnum($0) || $0 == "-" || $0 == "." }
    }

    /// The node's supported feature ranges; versions before 4 leave out features whose minimum is 0
    /// (KAFKA-17011).
    static func supportedFeatures(includeZeroMin: Bool) -> [ApiVersionsResponse.SupportedFeatureKey] {
        let ranges = Dictionary(uniqueKeysWithValues: QuorumController.supportedFeatures.map { ($0.name, ($0.min, $0.max)) })
        return JavaHashOrder.ordered(QuorumController.supportedFeatures.map(\.name), table: .hashMap).compactMap { name in
            guard let (min, max) = ranges[name], includeZeroMin || min > 0 else { return nil }
            var feature = ApiVersionsResponse.SupportedFeatureKey()
            feature.name = name
            feature.minVersion = min
            feature.maxVersion = max
            return feature
        }
    }

    /// The answer to an ApiVersions request of a version we do not know: v0 body, header v0,
    /// UNSUPPORTED_VERSION and the single entry for ApiVersions.
    static func unsupportedVersionFrame(correlationId: Int32, supported: ClosedRange<Int16>,
                                        allocator: ByteBufferAllocator) throws -> ByteBuffer {
        var response = ApiVersionsResponse()
        response.errorCode = ErrorCode.unsupportedVersion.rawValue
        var api = ApiVersionsResponse.ApiVersion()
        api.apiKey = ApiKey.apiVersions.rawValue
        api.minVersion = supported.lowerBound
        api.maxVersion = supported.upperBound
        response.apiKeys = [api]
        var buffer = allocator.buffer(capacity: 32)
        try KafkaFrameEncoder.writeResponse(response, version: 0, correlationId: correlationId, into: &buffer)
        return buffer
    }

    /// Stands in for ApiVersions itself while the table is computed.
    private struct Placeholder: RequestHandler {
        typealias Request = ApiVersionsRequest
        func handle(_ request: ApiVersionsRequest, context: RequestContext) async throws -> ApiVersionsResponse? { nil }
    }
}
