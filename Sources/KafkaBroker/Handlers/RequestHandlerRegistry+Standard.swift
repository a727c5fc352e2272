/// The broker's APIs. Add a line here for each new handler; ApiVersions is computed last so it
/// advertises exactly what is registered.
extension RequestHandlerRegistry {
    public static func standard(broker: BrokerServices) -> RequestHandlerRegistry {
        var registry = RequestHandlerRegistry()
        registry.registerAdminHandlers(broker: broker)
        registry.registerDataHandlers(broker: broker)
        registry.registerGroupHandlers(broker: broker)
        registry.register(ApiVersionsHandler(registry: registry, metadata: broker.metadataCache))
        return registry
    }

    mutating func registerAdminHandlers(broker: BrokerServices) {
        register(MetadataHandler(broker: broker))
        register(CreateTopicsHandler(broker: broker))
        register(DeleteTopicsHandler(broker: broker))
        register(CreatePartitionsHandler(broker: broker))
        register(DescribeConfigsHandler(broker: broker))
        register(AlterConfigsHandler(broker: broker))
        register(IncrementalAlterConfigsHandler(broker: broker))
        register(DescribeClusterHandler(broker: broker))
        register(DescribeTopicPartitionsHandler(broker: broker))
        register(DescribeQuorumHandler(broker: broker))
        register(ElectLeadersHandler(broker: broker))
        register(AddRaftVoterHandler(broker: broker))
        register(RemoveRaftVoterHandler(broker: broker))
        register(AlterPartitionReassignmentsHandler(broker: broker))
        register(ListPartitionReassignmentsHandler(broker: broker))
    }
}
