import KafkaProtocol

/// Replaying a metadata record onto an image (`MetadataDelta.replay`).
extension MetadataImage {
    /// Applies one record read at `offset`. Records that refer to something unknown (a partition of
    /// a topic that does not exist) are ignored, as the image cannot hold them.
    public mutating func apply(_ record: any KafkaMetadataRecord, offset: Int64) {
        self.offset = offset
        switch record {
        case let r as ProducerIdsRecord:
            nextProducerId = max(nextProducerId, r.nextProducerId)
        case let r as FeatureLevelRecord:
            if r.featureLevel == 0 { features[r.name] = nil } else { features[r.name] = r.featureLevel }
        case let r as TopicRecord:
            topicsByName[r.name] = TopicImage(name: r.name, id: r.topicId)
            topicNamesById[r.topicId] = r.name
        case let r as PartitionRecord:
            guard let name = topicNamesById[r.topicId] else { return }
            var registration = PartitionRegistration(
                replicas: r.replicas, isr: r.isr, leader: r.leader, leaderEpoch: r.leaderEpoch,
                partitionEpoch: r.partitionEpoch, directories: r.directories)
            registration.removingReplicas = r.removingReplicas
            registration.addingReplicas = r.addingReplicas
            registration.leaderRecoveryState = r.leaderRecoveryState
            registration.elr = r.eligibleLeaderReplicas ?? []
            registration.lastKnownElr = r.lastKnownElr ?? []
            topicsByName[name]?.partitions[r.partitionId] = registration
        case let r as PartitionChangeRecord:
            guard let name = topicNamesById[r.topicId],
                  var p = topicsByName[name]?.partitions[r.partitionId] else { return }
            if let isr = r.isr { p.isr = isr }
            if let replicas = r.replicas { p.replicas = replicas }
            if let removing = r.removingReplicas { p.removingReplicas = removing }
            if let adding = r.addingReplicas { p.addingReplicas = adding }
            if let directories = r.directories { p.directories = directories }
            if let elr = r.eligibleLeaderReplicas { p.elr = elr }
            if let lastKnown = r.lastKnownElr { p.lastKnownElr = lastKnown }
            if r.leaderRecoveryState != -1 { p.leaderRecoveryState = r.leaderRecoveryState }
            // -2 means "leader unchanged"; any leader change bumps the leader epoch.
            if r.leader != -2 {
                p.leader = r.leader
                p.leaderEpoch += 1
            }
            p.partitionEpoch += 1
            topicsByName[name]?.partitions[r.partitionId] = p
        case let r as RemoveTopicRecord:
            guard let name = topicNamesById.removeValue(forKey: r.topicId) else { return }
            topicsByName[name] = nil
            configs[ConfigResource(type: .topic, name: name)] = nil
        case let r as ConfigRecord:
            guard let type = ConfigResource.ResourceType(rawValue: r.resourceType) else { return }
            let resource = ConfigResource(type: type, name: r.resourceName)
            var entries = configs[resource] ?? [:]
            entries[r.name] = r.value
            configs[resource] = entries.isEmpty ? nil : entries
        case let r as RegisterBrokerRecord:
            brokers[r.brokerId] = BrokerRegistration(
                id: r.brokerId, epoch: r.brokerEpoch, incarnationId: r.incarnationId,
                listeners: r.endPoints.map {
                    .init(name: $0.name, host: $0.host, port: Int32($0.port), securityProtocol: $0.securityProtocol)
                },
                rack: r.rack, fenced: r.fenced, inControlledShutdown: r.inControlledShutdown, logDirs: r.logDirs)
        case let r as BrokerRegistrationChangeRecord:
            guard var broker = brokers[r.brokerId] else { return }
            if r.fenced == 1 { broker.fenced = true } else if r.fenced == -1 { broker.fenced = false }
            if r.inControlledShutdown == 1 { broker.inControlledShutdown = true } else if r.inControlledShutdown == -1 { broker.inControlledShutdown = false }
            if !r.logDirs.isEmpty { broker.logDirs = r.logDirs }
            brokers[r.brokerId] = broker
        case let r as FenceBrokerRecord:
            brokers[r.id]?.fenced = true
        case let r as UnfenceBrokerRecord:
            brokers[r.id]?.fenced = false
        case let r as UnregisterBrokerRecord:
            brokers[r.brokerId] = nil
        case let r as RegisterControllerRecord:
            controllers[r.controllerId] = ControllerRegistration(
                id: r.controllerId, incarnationId: r.incarnationId,
                listeners: r.endPoints.map {
                    .init(name: $0.name, host: $0.host, port: Int32($0.port), securityProtocol: $0.securityProtocol)
                })
        default:
            // NoOp, transactions markers, ACLs, quotas, SCRAM, tokens, producer ids: not part of this image.
            break
        }
    }
}
