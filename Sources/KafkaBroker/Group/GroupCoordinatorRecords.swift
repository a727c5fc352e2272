import KafkaProtocol
import NIOCore

/// A committed offset as the coordinator keeps it (`OffsetAndMetadata`).
public struct CommittedOffset: Sendable, Hashable {
    public var offset: Int64
    public var leaderEpoch: Int32
    public var metadata: String
    public var commitTimestamp: Int64
    /// Set only by OffsetCommit v2–v4 with an explicit retention time.
    public var expireTimestamp: Int64?

    public init(offset: Int64, leaderEpoch: Int32 = -1, metadata: String = "", commitTimestamp: Int64, expireTimestamp: Int64? = nil) {
        self.offset = offset
        self.leaderEpoch = leaderEpoch
        self.metadata = metadata
        self.commitTimestamp = commitTimestamp
        self.expireTimestamp = expireTimestamp
    }
}

/// The `__consumer_offsets` records of classic groups, in the versions Kafka 4.0 writes
/// (`GroupCoordinatorRecordHelpers`): OffsetCommitKey type 1 with OffsetCommitValue v3 (v1 when an
/// expire timestamp is set), GroupMetadataKey type 2 with GroupMetadataValue v3.
enum GroupCoordinatorRecords {
    static let offsetCommitKeyVersion: Int16 = 1
    static let groupMetadataKeyVersion: Int16 = 2
    static let groupMetadataValueVersion: Int16 = 3

    static func offsetCommitKey(group: String, topic: String, partition: Int32) throws -> ByteBuffer {
        var key = OffsetCommitKey()
        key.group = group
        key.topic = topic
        key.partition = partition
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(key, version: offsetCommitKeyVersion, into: &buffer)
        return buffer
    }

    static func offsetCommit(group: String, topic: String, partition: Int32, offset: CommittedOffset) throws -> CoordinatorRecord {
        var value = OffsetCommitValue()
        value.offset = offset.offset
        value.leaderEpoch = offset.leaderEpoch
        value.metadata = offset.metadata
        value.commitTimestamp = offset.commitTimestamp
        var version: Int16 = 3
        if let expire = offset.expireTimestamp {
            value.expireTimestamp = expire
            version = 1
        }
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(value, version: version, into: &buffer)
        return CoordinatorRecord(key: try offsetCommitKey(group: group, topic: topic, partition: partition), value: buffer)
    }

    static func offsetCommitTombstone(group: String, topic: String, partition: Int32) throws -> CoordinatorRecord {
        CoordinatorRecord(key: try offsetCommitKey(group: group, topic: topic, partition: partition), value: nil)
    }

    static func groupMetadataKey(group: String) throws -> ByteBuffer {
        var key = GroupMetadataKey()
        key.group = group
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(key, version: groupMetadataKeyVersion, into: &buffer)
        return buffer
    }

    /// The group and its members with their subscription (metadata of the selected protocol) and
    /// assignment (`newGroupMetadataRecord`); an empty group has no members.
    static func groupMetadata(_ group: ClassicGroup) throws -> CoordinatorRecord {
        var value = GroupMetadataValue()
        value.protocolType = group.protocolType ?? ""
        value.generation = group.generationId
        value.protocol = group.protocolName
        value.leader = group.leaderId
        value.currentStateTimestamp = group.currentStateTimestamp
        value.members = group.members.map { member in
            var entry = GroupMetadataValue.MemberMetadata()
            entry.memberId = member.memberId
            entry.groupInstanceId = member.groupInstanceId
            entry.clientId = member.clientId
            entry.clientHost = member.clientHost
            entry.rebalanceTimeout = member.rebalanceTimeoutMs
            entry.sessionTimeout = member.sessionTimeoutMs
            entry.subscription = member.metadata(for: group.protocolName) ?? ByteBuffer()
            entry.assignment = member.assignment
            return entry
        }
        var buffer = ByteBuffer()
        try CoordinatorRecordCodec.encode(value, version: groupMetadataValueVersion, into: &buffer)
        return CoordinatorRecord(key: try groupMetadataKey(group: group.groupId), value: buffer)
    }

    static func groupMetadataTombstone(group: String) throws -> CoordinatorRecord {
        CoordinatorRecord(key: try groupMetadataKey(group: group), value: nil)
    }
}

/// A `__consumer_offsets` record read back during loading.
enum LoadedGroupRecord {
    case offsetCommit(group: String, topic: String, partition: Int32, offset: CommittedOffset?)
    case groupMetadata(group: String, value: GroupMetadataValue?)
    /// A consumer/share group record type this coordinator does not load.
    case other

    init(key: ByteBuffer, value: ByteBuffer?) throws {
        var keyBuffer = key
        let decoded = try CoordinatorRecordCodec.decodeKey(topic: .consumerOffsets, from: &keyBuffer)
        switch decoded.key {
        case let key as OffsetCommitKey:
            guard var valueBuffer = value else {
                self = .offsetCommit(group: key.group, topic: key.topic, partition: key.partition, offset: nil)
                return
            }
            let (_, raw) = try CoordinatorRecordCodec.decodeValue(topic: .consumerOffsets, keyVersion: decoded.version, from: &valueBuffer)
            guard let commit = raw as? OffsetCommitValue else { throw KafkaProtocolError.corruptRecord("OffsetCommitKey with a value of another type") }
            self = .offsetCommit(group: key.group, topic: key.topic, partition: key.partition, offset: CommittedOffset(
                offset: commit.offset, leaderEpoch: commit.leaderEpoch, metadata: commit.metadata,
                commitTimestamp: commit.commitTimestamp, expireTimestamp: commit.expireTimestamp >= 0 ? commit.expireTimestamp : nil))
        case let key as GroupMetadataKey:
            guard var valueBuffer = value else {
                self = .groupMetadata(group: key.group, value: nil)
                return
            }
            let (_, raw) = try CoordinatorRecordCodec.decodeValue(topic: .consumerOffsets, keyVersion: decoded.version, from: &valueBuffer)
            guard let metadata = raw as? GroupMetadataValue else { throw KafkaProtocolError.corruptRecord("GroupMetadataKey with a value of another type") }
            self = .groupMetadata(group: key.group, value: metadata)
        default:
            self = .other
        }
    }
}
