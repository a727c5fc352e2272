/// A long-lived part of the broker beside the controller and the replica manager (the group
/// coordinator, the transaction coordinator, delayed-operation purgatories). Components are
/// listed in `BrokerComponents.standard(broker:)`, started after the metadata is loaded and
/// before requests are served, and shut down after the listeners stopped and in-flight requests
/// finished, before the partition logs close. Handlers reach them with `broker.component(T.self)`.
public protocol BrokerComponent: AnyObject, Sendable {
    func start(broker: BrokerServices) async throws
    func shutdown(broker: BrokerServices) async
}

public enum BrokerComponents {
    /// The broker's components, in start order (shutdown runs in reverse). Add a line per component.
    public static func standard(broker: BrokerServices) -> [any BrokerComponent] {
        let dataPath = DataPathServices(broker: broker)
        return [GroupCoordinator.make(broker: broker), dataPath, TransactionCoordinator.make(broker: broker, dataPath: dataPath)]
    }
}
