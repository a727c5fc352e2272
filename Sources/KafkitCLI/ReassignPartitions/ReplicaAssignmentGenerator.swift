/// Kafka's `BrokerMetadata`: a broker id and, when rack awareness is on, its rack.
struct ReassignBrokerMetadata: Sendable, Hashable {
    var id: Int32
    var rack: String?
}

/// Where `AdminUtils` draws its random start index and replica shift (`RAND.nextInt(n)`).
/// Injectable so tests reproduce a recorded Kafka run.
struct AssignmentRandom: Sendable {
    private let next: @Sendable (Int) -> Int

    /// `next(bound)` must return a value in `0..<bound`; values outside are wrapped into it.
    init(_ next: @escaping @Sendable (Int) -> Int) { self.next = next }

    func nextInt(_ bound: Int) -> Int {
        let value = next(bound) % bound
        return value < 0 ? value + bound : value
    }

    static let system = AssignmentRandom { Int.random(in: 0..<$0) }
}

/// `AdminUtils.assignReplicasToBrokers`: the round-robin replica placement Kafka uses for new
/// topics and `--generate`, rack-unaware or rack-aware.
enum ReplicaAssignmentGenerator {
    /// Kafka's errors (`InvalidReplicationFactorException`, `InvalidPartitionsException`,
    /// `AdminOperationException`), as class name and message.
    struct Failure: Error, Equatable {
        var className: String
        var message: String
    }

    /// Partition id → replicas, for partitions `0..<partitions`.
    static func assign(
        brokers: [ReassignBrokerMetadata], partitions: Int, replicationFactor: Int, random: AssignmentRandom
    ) throws(Failure) -> [Int32: [Int32]] {
        guard partitions > 0 else {
            throw Failure(
                className: "org.apache.kafka.common.errors.InvalidPartitionsException",
                message: "Number of partitions must be larger than 0.")
        }
        guard replicationFactor > 0 else {
            throw Failure(
                className: "org.apache.kafka.common.errors.InvalidReplicationFactorException",
                message: "Replication factor must be larger than 0.")
        }
        guard replicationFactor <= brokers.count else {
            throw Failure(
                className: "org.apache.kafka.common.errors.InvalidReplicationFactorException",
                message: "Replication factor: \(replicationFactor) larger than available brokers: \(brokers.count).")
        }
        if brokers.allSatisfy({ $0.rack == nil }) {
            return rackUnaware(brokers.map(\.id), partitions: partitions, replicationFactor: replicationFactor, random: random)
        }
        guard brokers.allSatisfy({ $0.rack != nil }) else {
            throw Failure(
                className: "org.apache.kafka.server.common.AdminOperationException",
                message: "Not all brokers have rack information for replica rack aware assignment.")
        }
        return rackAware(brokers, partitions: partitions, replicationFactor: replicationFactor, random: random)
    }

    /// First replicas round-robin from a random start; the others follow at a shift that grows
    /// by one after each full round of brokers.
    static func rackUnaware(
        _ brokers: [Int32], partitions: Int, replicationFactor: Int, random: AssignmentRandom
    ) -> [Int32: [Int32]] {
        var result: [Int32: [Int32]] = [:]
        let count = brokers.count
        let startIndex = random.nextInt(count)
        var nextReplicaShift = random.nextInt(count)
        for partition in 0..<partitions {
            if partition > 0 && partition % count == 0 { nextReplicaShift += 1 }
            let first = (partition + startIndex) % count
            var replicas = [brokers[first]]
            for j in 0..<(replicationFactor - 1) {
                replicas.append(brokers[replicaIndex(first, nextReplicaShift, j, count)])
            }
            result[Int32(partition)] = replicas
        }
        return result
    }

    /// Round-robin over the rack-alternated broker list, preferring racks and then brokers that
    /// hold no replica of the partition yet.
    static func rackAware(
        _ brokers: [ReassignBrokerMetadata], partitions: Int, replicationFactor: Int, random: AssignmentRandom
    ) -> [Int32: [Int32]] {
        var rackOf: [Int32: String] = [:]
        for broker in brokers { rackOf[broker.id] = broker.rack ?? "" }
        let numRacks = Set(rackOf.values).count
        let arranged = rackAlternatedBrokerList(rackOf)
        let numBrokers = arranged.count
        var result: [Int32: [Int32]] = [:]
        let startIndex = random.nextInt(numBrokers)
        var nextReplicaShift = random.nextInt(numBrokers)
        for partition in 0..<partitions {
            if partition > 0 && partition % numBrokers == 0 { nextReplicaShift += 1 }
            let first = (partition + startIndex) % numBrokers
            let leader = arranged[first]
            var replicas = [leader]
            var racksWithReplicas: Set<String> = [rackOf[leader] ?? ""]
            var brokersWithReplicas: Set<Int32> = [leader]
            var k = 0
            for _ in 0..<(replicationFactor - 1) {
                var done = false
                while !done {
                    let broker = arranged[replicaIndex(first, nextReplicaShift * numRacks, k, numBrokers)]
                    let rack = rackOf[broker] ?? ""
                    if (!racksWithReplicas.contains(rack) || racksWithReplicas.count == numRacks)
                        && (!brokersWithReplicas.contains(broker) || brokersWithReplicas.count == numBrokers) {
                        replicas.append(broker)
                        racksWithReplicas.insert(rack)
                        brokersWithReplicas.insert(broker)
                        done = true
                    }
                    k += 1
                }
            }
            result[Int32(partition)] = replicas
        }
        return result
    }

    /// `getRackAlternatedBrokerList`: one broker from each rack in turn (racks sorted, brokers
    /// sorted within a rack).
    static func rackAlternatedBrokerList(_ rackOf: [Int32: String]) -> [Int32] {
        var byRack: [String: [Int32]] = [:]
        for (id, rack) in rackOf { byRack[rack, default: []].append(id) }
        let racks = byRack.keys.sorted()
        var queues = racks.map { (byRack[$0] ?? []).sorted()[...] }
        var result: [Int32] = []
        var rackIndex = 0
        while result.count < rackOf.count {
            if let next = queues[rackIndex].popFirst() { result.append(next) }
            rackIndex = (rackIndex + 1) % racks.count
        }
        return result
    }

    /// `replicaIndex`: only called with at least two brokers (a replication factor above one
    /// needs as many brokers).
    static func replicaIndex(_ firstReplicaIndex: Int, _ secondReplicaShift: Int, _ replicaIndex: Int, _ brokers: Int) -> Int {
        let shift = 1 + (secondReplicaShift + replicaIndex) % (brokers - 1)
        return (firstReplicaIndex + shift) % brokers
    }
}
