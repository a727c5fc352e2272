import KafkaProtocol
import NIOCore
import Testing

@Suite("Registries")
struct RegistryTests {
    @Test("every api key 0-87 with Kafka's name and table values")
    func apiKeys() {
        #expect(ApiKey.allCases.count == 88)
        #expect(ApiKey.allCases.map(\.rawValue) == Array(0...87))
        #expect(ApiKey.produce.name == "Produce" && ApiKey.apiVersions.name == "ApiVersions")
        #expect(ApiKey.describeTopicPartitions.rawValue == 75)
        #expect(ApiKey.produce.validVersions == 3...12 && ApiKey.produce.lowestFlexibleVersion == 9)
        #expect(ApiKey.fetch.validVersions == 4...17 && ApiKey.fetch.listeners == [.broker, .controller])
        #expect(ApiKey.saslHandshake.lowestFlexibleVersion == nil)
        #expect(ApiKey.leaderAndIsr.validVersions == nil && ApiKey.leaderAndIsr.requestType == nil)
        #expect(ApiKey.shareFetch.latestVersionUnstable && !ApiKey.fetch.latestVersionUnstable)
        #expect(ApiKey.vote.listeners == [.controller])
        for key in ApiKey.allCases {
            guard let request = key.requestType, let response = key.responseType, let versions = key.validVersions else {
                #expect((4...7).contains(key.rawValue))
                continue
            }
            #expect(request.apiKey == key && response.apiKey == key)
            #expect(request.validVersions == versions && response.validVersions == versions)
            #expect(request.lowestFlexibleVersion == key.lowestFlexibleVersion)
            #expect(request.messageName == key.name + "Request")
        }
    }

    @Test("decoding by api key and version")
    func decodeByApiKey() throws {
        var request = FindCoordinatorRequest()
        request.keyType = 1
        request.coordinatorKeys = ["txn"]
        var body = try request.encoded(version: 4)
        let decoded = try ApiKey.findCoordinator.decodeRequest(from: &body, version: 4)
        #expect(decoded as? FindCoordinatorRequest == request)
        var empty = ByteBuffer()
        #expect(throws: KafkaFrameError.unknownApiKey(5)) { try ApiKey.stopReplica.decodeRequest(from: &empty, version: 0) }
        var response = try FindCoordinatorResponse().encoded(version: 4)
        #expect(try ApiKey.findCoordinator.decodeResponse(from: &response, version: 4) is FindCoordinatorResponse)
    }

    @Test("error codes carry Kafka's names, messages and retriable flags")
    func errorCodes() {
        #expect(ErrorCode.allCases.count == 131)
        #expect(ErrorCode(code: 3) == .unknownTopicOrPartition)
        #expect(ErrorCode.unknownTopicOrPartition.name == "UNKNOWN_TOPIC_OR_PARTITION")
        #expect(ErrorCode.unknownTopicOrPartition.message == "This server does not host this topic-partition.")
        #expect(ErrorCode.unknownTopicOrPartition.isRetriable)
        #expect(!ErrorCode.topicAlreadyExists.isRetriable)
        #expect(ErrorCode.noError.name == "NONE" && ErrorCode.noError.message == nil)
        #expect(ErrorCode(code: 9999) == .unknownServerError)
        #expect(ErrorCode.rebootstrapRequired.code == 129)
        #expect(Set(ErrorCode.allCases.map(\.name)).count == ErrorCode.allCases.count)
    }

    @Test("metadata record types use Kafka's MetadataRecordType names")
    func metadataRecordTypes() {
        #expect(MetadataRecordType.allCases.count == 26)
        #expect(MetadataRecordType.featureLevel.rawValue == 12 && MetadataRecordType.featureLevel.name == "FEATURE_LEVEL_RECORD")
        #expect(MetadataRecordType.topic.name == "TOPIC_RECORD")
        #expect(MetadataRecordType(rawValue: 21)?.name == "ZK_MIGRATION_STATE_RECORD")
        #expect(MetadataRecordType.noOp.name == "NO_OP_RECORD")
        for type in MetadataRecordType.allCases {
            #expect(type.recordType.recordType == type)
        }
        #expect(RemoteLogMetadataRecordType.allCases.count == 4)
    }

    @Test("metadata frame envelope")
    func metadataFrame() throws {
        var record = FeatureLevelRecord()
        record.name = "metadata.version"
        record.featureLevel = 25
        var out = ByteBuffer()
        try MetadataRecordFrame.write(record, version: 0, into: &out)
        #expect(Array(out.readableBytesView.prefix(3)) == [1, 12, 0])
        let (type, version, decoded) = try MetadataRecordFrame.decodeMetadataRecord(from: &out)
        #expect(type == .featureLevel && version == 0 && decoded as? FeatureLevelRecord == record)
        #expect(MetadataRecordFrame.dumpJSON(type: type, version: version, record: decoded).serialized()
            == #"{"type":"FEATURE_LEVEL_RECORD","version":0,"data":{"name":"metadata.version","featureLevel":25}}"#)

        var frameZero = ByteBuffer(bytes: [0, 12, 0, 0])
        #expect(throws: KafkaProtocolError.self) { try MetadataRecordFrame.read(from: &frameZero) }
        var unknownType = ByteBuffer(bytes: [1, 6, 0, 0])
        #expect(throws: KafkaProtocolError.self) { try MetadataRecordFrame.decodeMetadataRecord(from: &unknownType) }
        var badVersion = ByteBuffer(bytes: [1, 12, 9, 0])
        #expect(throws: KafkaProtocolError.self) { try MetadataRecordFrame.decodeMetadataRecord(from: &badVersion) }
    }

    @Test("coordinator key versions select key and value schemas per topic")
    func coordinatorRecords() throws {
        #expect(CoordinatorRecordTopic.consumerOffsets.schema(forKeyVersion: 0)?.name == "OffsetCommit")
        #expect(CoordinatorRecordTopic.consumerOffsets.schema(forKeyVersion: 1)?.name == "OffsetCommit")
        #expect(CoordinatorRecordTopic.consumerOffsets.schema(forKeyVersion: 2)?.name == "GroupMetadata")
        #expect(CoordinatorRecordTopic.consumerOffsets.schema(forKeyVersion: 16)?.name == "ConsumerGroupRegularExpression")
        #expect(CoordinatorRecordTopic.consumerOffsets.schema(forKeyVersion: 17)?.name == nil)
        #expect(CoordinatorRecordTopic.transactionState.schema(forKeyVersion: 0)?.name == "TransactionLog")
        #expect(CoordinatorRecordTopic.shareGroupState.schema(forKeyVersion: 1)?.name == "ShareUpdate")
        var key = OffsetCommitKey()
        key.group = "g"
        key.topic = "t"
        key.partition = 2
        var out = ByteBuffer()
        try CoordinatorRecordCodec.encode(key, version: 1, into: &out)
        let (version, schema, decoded) = try CoordinatorRecordCodec.decodeKey(topic: .consumerOffsets, from: &out)
        #expect(version == 1 && schema.name == "OffsetCommit" && decoded as? OffsetCommitKey == key)
        var unknown = ByteBuffer(bytes: [0, 99])
        #expect(throws: KafkaProtocolError.self) { try CoordinatorRecordCodec.decodeKey(topic: .consumerOffsets, from: &unknown) }
    }
}
