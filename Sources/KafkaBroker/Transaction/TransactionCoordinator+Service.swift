extension TransactionCoordinator: BrokerComponent {
    /// The coordinator of a broker over the shared data path (markers go through its append locks).
    public static func make(broker: BrokerServices, dataPath: DataPathServices) -> TransactionCoordinator {
        TransactionCoordinator(broker: broker, dataPath: dataPath, config: TransactionCoordinatorConfig(config: broker.config))
    }

    /// Loads the hosted `__transaction_state` partitions (completing transactions found
    /// deciding), turns on produce verification and starts the periodic aborts and expirations.
    public func start(broker: BrokerServices) async throws {
        await loadAll()
        table.activate()
        tickTask = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(100))
                await self.runPeriodicTasks()
            }
        }
    }

    public func shutdown(broker: BrokerServices) async {
        tickTask?.cancel()
        tickTask = nil
    }
}
