import Foundation
import KafkaClient
import KafkaStorage

extension ReassignPartitionsService {
    static let cannotExecuteBecauseOfExisting =
        "Cannot execute because there is an existing partition assignment.  Use --additional to override this and "
        + "create a new partition assignment in addition to the existing one. The --additional flag can also be used "
        + "to change the throttle by resubmitting the current reassignment."

    static let youMustRunVerifyPeriodically =
        "Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed."

    /// `--execute`: prints the rollback JSON, sets the throttles, starts the reassignments, then
    /// starts the log-dir moves the file asks for.
    @discardableResult
    func execute(
        json: String, additional: Bool, interBrokerThrottle: Int64, logDirThrottle: Int64, timeoutMs: Int64
    ) async throws -> ReassignJsonOutput.Execute {
        let data = try ReassignmentJson.parseReassignment(json)
        let proposedParts = try ReassignmentJson.validateForExecute(data)
        let proposedReplicas = data.logDirs
        let currentReassignments = try await admin.listPartitionReassignments()
        try Self.checkNoExistingReassignment(additional: additional, current: currentReassignments)
        try await verifyBrokerIds(proposedParts.values.flatMap { $0 })
        let currentParts = try await replicaAssignment(forPartitions: Set(proposedParts.keys))
        say(Self.currentAssignmentText(proposed: proposedParts, current: currentParts))

        if interBrokerThrottle >= 0 || logDirThrottle >= 0 {
            say(Self.youMustRunVerifyPeriodically)
            if interBrokerThrottle >= 0 {
                let moves = ReassignThrottles.proposedMoveMap(
                    current: currentReassignments, proposed: proposedParts, currentReplicas: currentParts)
                try await modifyReassignmentThrottle(moves, interBrokerThrottle)
            }
            if logDirThrottle >= 0 {
                try await modifyLogDirThrottle(Set(proposedReplicas.keys.map(\.brokerId)), logDirThrottle)
            }
        }

        let results = try await admin.alterPartitionReassignments(proposedParts.mapValues { Optional($0) })
        let errors = results.compactMapValues { $0 }
        if !errors.isEmpty {
            throw ReassignTerseException(message: Self.partitionErrorsText("Error reassigning partition(s):", errors))
        }
        say(
            "Successfully started partition reassignment\(proposedParts.count == 1 ? "" : "s") for "
                + Self.partitionList(proposedParts.keys))
        var moves: [ReassignJsonOutput.LogDirMove] = []
        if !proposedReplicas.isEmpty {
            moves = try await executeMoves(proposedReplicas, timeoutMs: timeoutMs)
        }
        return ReassignJsonOutput.Execute(
            rollback: ReassignJsonOutput.Reassignment(currentParts.filter { proposedParts[$0.key] != nil }),
            started: proposedParts.keys.sorted().map(ReassignJsonOutput.PartitionName.init),
            interBrokerThrottle: interBrokerThrottle >= 0 ? interBrokerThrottle : nil,
            logDirThrottle: logDirThrottle >= 0 ? logDirThrottle : nil,
            logDirMovesStarted: moves)
    }

    /// Without `--additional`, any reassignment already running stops `--execute`.
    static func checkNoExistingReassignment(
        additional: Bool, current: [TopicPartition: KafkaAdminClient.PartitionReassignment]
    ) throws(ReassignTerseException) {
        if !additional && !current.isEmpty { throw ReassignTerseException(message: cannotExecuteBecauseOfExisting) }
    }

    /// `currentPartitionReplicaAssignmentToString`: the rollback block.
    static func currentAssignmentText(proposed: [TopicPartition: [Int32]], current: [TopicPartition: [Int32]]) -> String {
        let rollback = current.filter { proposed[$0.key] != nil }
        return "Current partition replica assignment\n\n" + ReassignmentJson.format(rollback)
            + "\n\nSave this to use as the --reassignment-json-file option during rollback"
    }

    /// `verifyBrokerIds`: every broker of the file must be in the cluster.
    func verifyBrokerIds(_ brokers: [Int32]) async throws {
        let known = Set(try await clusterNodes().map(\.nodeId))
        if let unknown = JavaCollections.hashSetOrder(brokers).first(where: { !known.contains($0) }) {
            throw ReassignJavaException.adminCommandFailed("Unknown broker id \(unknown)")
        }
    }

    /// `modifyReassignmentThrottle`: the topic-level replica lists, then the broker rates.
    func modifyReassignmentThrottle(_ moves: ReassignThrottles.MoveMap, _ throttle: Int64) async throws {
        let leader = ReassignThrottles.leaderThrottles(moves)
        let follower = ReassignThrottles.followerThrottles(moves)
        var topicOps: [ConfigResource: [AlterConfigOp]] = [:]
        for topic in Set(leader.keys).union(follower.keys) {
            var ops: [AlterConfigOp] = []
            if let value = leader[topic] { ops.append(AlterConfigOp(name: ReassignThrottles.leaderReplicas, value: value, op: .set)) }
            if let value = follower[topic] { ops.append(AlterConfigOp(name: ReassignThrottles.followerReplicas, value: value, op: .set)) }
            topicOps[ConfigResource(type: .topic, name: topic)] = ops
        }
        try await alterConfigs(topicOps)

        var brokerOps: [ConfigResource: [AlterConfigOp]] = [:]
        for broker in ReassignThrottles.reassigningBrokers(moves) {
            brokerOps[ConfigResource(type: .broker, name: String(broker))] = [
                AlterConfigOp(name: ReassignThrottles.leaderRate, value: String(throttle), op: .set),
                AlterConfigOp(name: ReassignThrottles.followerRate, value: String(throttle), op: .set),
            ]
        }
        try await alterConfigs(brokerOps)
        say("The inter-broker throttle limit was set to \(throttle) B/s")
    }

    /// `modifyLogDirThrottle`: the intra-broker copy rate on the brokers with log-dir moves.
    func modifyLogDirThrottle(_ brokers: Set<Int32>, _ throttle: Int64) async throws {
        var ops: [ConfigResource: [AlterConfigOp]] = [:]
        for broker in brokers {
            ops[ConfigResource(type: .broker, name: String(broker))] = [
                AlterConfigOp(name: ReassignThrottles.logDirRate, value: String(throttle), op: .set)
            ]
        }
        try await alterConfigs(ops)
        say("The replica-alter-dir throttle limit was set to \(throttle) B/s")
    }

    /// `executeMoves`: asks the brokers to move replicas between log dirs, retrying those not
    /// yet on their broker (`ReplicaNotAvailable`) until `timeoutMs` has passed.
    @discardableResult
    func executeMoves(_ moves: [TopicPartitionReplica: String], timeoutMs: Int64) async throws -> [ReassignJsonOutput.LogDirMove] {
        let start = Date()
        var pending = moves
        var started: [ReassignJsonOutput.LogDirMove] = []
        while true {
            let completed = try await alterReplicaLogDirs(pending)
            for replica in completed.sorted(by: TopicPartitionReplica.kafkaOrder) {
                started.append(ReassignJsonOutput.LogDirMove(replica, pending[replica] ?? ""))
                say(
                    "Successfully started moving log directory to \(pending[replica] ?? "") for replica "
                        + "\(replica.topic)-\(replica.partition) with broker \(replica.brokerId) ")
            }
            for replica in completed { pending[replica] = nil }
            if pending.isEmpty { return started }
            if Date().timeIntervalSince(start) * 1000 >= Double(timeoutMs) {
                throw ReassignTerseException(
                    message: "Timed out before log directory move\(pending.count == 1 ? "" : "s") could be started for: "
                        + pending.keys.sorted(by: TopicPartitionReplica.kafkaOrder).map(\.description).joined(separator: ","))
            }
            try await Task.sleep(nanoseconds: moveRetryDelayMs * 1_000_000)
        }
    }

    /// `alterReplicaLogDirs`: the replicas whose move started; `ReplicaNotAvailable` means "not
    /// yet", any other failure ends the run with `Failed to alter dir for <replica>`.
    func alterReplicaLogDirs(_ moves: [TopicPartitionReplica: String]) async throws -> Set<TopicPartitionReplica> {
        let results = await admin.alterReplicaLogDirs(moves)
        var started = Set<TopicPartitionReplica>()
        for replica in moves.keys.sorted(by: TopicPartitionReplica.kafkaOrder) {
            guard let error = results[replica] ?? nil else {
                started.insert(replica)
                continue
            }
            if error.errorCode == .replicaNotAvailable { continue }
            let cause = Self.javaExceptionText(error)
            throw ReassignJavaException(
                className: ReassignJavaException.adminCommandFailedClass, message: "Failed to alter dir for \(replica)",
                causes: ["\(ReassignJavaException.executionClass): \(cause)", cause])
        }
        return started
    }

    /// `Throwable.toString()` of what the Java client raises; an API the broker lacks is
    /// `UnsupportedVersionException: The broker does not support <API_NAME>`.
    static func javaExceptionText(_ error: KafkaError) -> String {
        if case let .unsupportedVersion(api, brokerRange, _) = error, brokerRange == nil {
            return "org.apache.kafka.common.errors.UnsupportedVersionException: The broker does not support "
                + javaEnumName(api.name)
        }
        return JavaErrorText.describe(error)
    }

    /// `AlterReplicaLogDirs` → `ALTER_REPLICA_LOG_DIRS` (Kafka's `ApiKeys` constant names).
    static func javaEnumName(_ camel: String) -> String {
        var result = ""
        for (index, character) in camel.enumerated() {
            if character.isUppercase && index > 0 { result.append("_") }
            result.append(contentsOf: character.uppercased())
        }
        return result
    }
}
