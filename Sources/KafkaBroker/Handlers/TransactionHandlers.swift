/// Registration of the transaction APIs; they reach the coordinator through the broker's
/// components and append markers and offsets through the shared data path.
extension RequestHandlerRegistry {
    mutating func registerTransactionHandlers(broker: BrokerServices, dataPath: DataPathServices) {
        register(AddPartitionsToTxnHandler(broker: broker))
        register(AddOffsetsToTxnHandler(broker: broker))
        register(EndTxnHandler(broker: broker))
        register(WriteTxnMarkersHandler(dataPath: dataPath))
        register(TxnOffsetCommitHandler(broker: broker))
        register(DescribeTransactionsHandler(broker: broker))
        register(ListTransactionsHandler(broker: broker))
    }
}
