/// Registration of the data-path APIs: they share one `DataPathServices` (append locks, fetch
/// waiters, fetch sessions, producer ids). The returned services are for other handler groups
/// that append to partitions (markers, offsets) and must wake parked fetches.
extension RequestHandlerRegistry {
    @discardableResult
    mutating func registerDataHandlers(broker: BrokerServices) -> DataPathServices {
        let dataPath = broker.component(DataPathServices.self) ?? DataPathServices(broker: broker)
        register(ProduceHandler(dataPath: dataPath))
        register(FetchHandler(dataPath: dataPath))
        register(ListOffsetsHandler(dataPath: dataPath))
        register(DeleteRecordsHandler(dataPath: dataPath))
        register(InitProducerIdHandler(dataPath: dataPath))
        register(DescribeProducersHandler(dataPath: dataPath))
        register(DescribeLogDirsHandler(dataPath: dataPath))
        register(OffsetForLeaderEpochHandler(dataPath: dataPath))
        registerTransactionHandlers(broker: broker, dataPath: dataPath)
        return dataPath
    }
}
