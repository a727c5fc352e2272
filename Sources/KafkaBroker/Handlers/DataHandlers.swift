/// Registration of the data-path APIs: they share one `DataPathServices` (append locks, fetch
/// waiters, fetch sessions, producer ids).
extension RequestHandlerRegistry {
    mutating func registerDataHandlers(broker: BrokerServices) {
        let dataPath = DataPathServices(broker: broker)
        register(ProduceHandler(dataPath: dataPath))
        register(FetchHandler(dataPath: dataPath))
        register(ListOffsetsHandler(dataPath: dataPath))
        register(DeleteRecordsHandler(dataPath: dataPath))
        register(InitProducerIdHandler(dataPath: dataPath))
        register(DescribeProducersHandler(dataPath: dataPath))
        register(DescribeLogDirsHandler(dataPath: dataPath))
        register(OffsetForLeaderEpochHandler(dataPath: dataPath))
    }
}
