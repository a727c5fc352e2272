import KafkaClient

/// Kafka's `PartitionReassignmentState`.
struct PartitionReassignmentState: Sendable, Equatable {
    var currentReplicas: [Int32]
    var targetReplicas: [Int32]
    var done: Bool
}

/// Kafka's `LogDirMoveState` subclasses.
enum LogDirMoveState: Sendable, Equatable {
    /// DescribeLogDirs named no live directory for the replica (`MissingLogDirMoveState`).
    case missingLogDir(target: String)
    /// The broker did not report the replica at all (`MissingReplicaMoveState`).
    case missingReplica(target: String)
    case active(current: String, target: String, future: String)
    case cancelled(current: String, target: String)
    case completed(target: String)

    var done: Bool {
        if case .active = self { return false }
        return true
    }
}

extension ReassignPartitionsService {
    // MARK: --verify

    /// `--verify`: the state of each partition and log-dir move; with nothing moving any more
    /// (and no `--preserve-throttles`), the throttles are removed.
    @discardableResult
    func verify(json: String, preserveThrottles: Bool) async throws -> ReassignJsonOutput.Verify {
        let data = try ReassignmentJson.parseReassignment(json)
        let (states, partsOngoing) = try await partitionReassignmentStates(data.partitions)
        say(Self.partitionStatesText(states))
        let moveStates = try await logDirMoveStates(data.logDirs)
        say(Self.moveStatesText(moveStates))
        let movesOngoing = !moveStates.values.allSatisfy(\.done)
        var cleared: ReassignJsonOutput.ClearedThrottles?
        if !partsOngoing && !movesOngoing && !preserveThrottles {
            cleared = try await clearAllThrottles(data.partitions)
        }
        return ReassignJsonOutput.Verify(
            partitions: states.keys.sorted().compactMap { tp in states[tp].map { ReassignJsonOutput.PartitionStatus(tp, $0) } },
            logDirMoves: moveStates.keys.sorted(by: TopicPartitionReplica.kafkaOrder).compactMap { replica in
                moveStates[replica].map { ReassignJsonOutput.LogDirMoveStatus(replica, $0) }
            },
            throttlesCleared: cleared)
    }

    /// `findPartitionReassignmentStates`: partitions still reassigning are in progress; the others
    /// are compared with the cluster. The flag is whether any reassignment at all is running.
    func partitionReassignmentStates(_ targets: [(partition: TopicPartition, replicas: [Int32])]) async throws
        -> (states: [TopicPartition: PartitionReassignmentState], ongoing: Bool)
    {
        let current = try await admin.listPartitionReassignments()
        var states: [TopicPartition: PartitionReassignmentState] = [:]
        var notFound: [(partition: TopicPartition, replicas: [Int32])] = []
        for target in targets {
            if let reassignment = current[target.partition] {
                states[target.partition] = PartitionReassignmentState(
                    currentReplicas: reassignment.replicas, targetReplicas: target.replicas, done: false)
            } else {
                notFound.append(target)
            }
        }
        let topics = JavaCollections.hashSetOrder(notFound.map(\.partition.topic))
        let descriptions = topics.isEmpty ? [:] : try await admin.describeTopics(topics)
        for target in notFound {
            let state: PartitionReassignmentState
            switch descriptions[target.partition.topic] {
            case let .success(description)?:
                let partitions = description.partitions.sorted { $0.partition < $1.partition }
                let index = Int(target.partition.partition)
                if partitions.count < index {
                    state = PartitionReassignmentState(currentReplicas: [], targetReplicas: target.replicas, done: true)
                } else if index < 0 || index >= partitions.count {
                    // Kafka checks `size() < partition` and then calls `get(partition)`.
                    throw ReassignJavaException(
                        className: "java.lang.IndexOutOfBoundsException",
                        message: "Index \(index) out of bounds for length \(partitions.count)")
                } else {
                    state = PartitionReassignmentState(
                        currentReplicas: partitions[index].replicas, targetReplicas: target.replicas, done: true)
                }
            case let .failure(error)? where error.errorCode != .unknownTopicOrPartition:
                throw ReassignJavaException.execution(error)
            default:
                state = PartitionReassignmentState(currentReplicas: [], targetReplicas: target.replicas, done: true)
            }
            states[target.partition] = state
        }
        return (states, !current.isEmpty)
    }

    /// `partitionReassignmentStatesToString`.
    static func partitionStatesText(_ states: [TopicPartition: PartitionReassignmentState]) -> String {
        var lines = ["Status of partition reassignment:"]
        for tp in states.keys.sorted() {
            guard let state = states[tp] else { continue }
            if !state.done {
                lines.append("Reassignment of partition \(tp) is still in progress.")
            } else if state.currentReplicas == state.targetReplicas {
                lines.append("Reassignment of partition \(tp) is completed.")
            } else {
                lines.append(
                    "There is no active reassignment of partition \(tp), but replica set is "
                        + state.currentReplicas.map(String.init).joined(separator: ",") + " rather than "
                        + state.targetReplicas.map(String.init).joined(separator: ",") + ".")
            }
        }
        return lines.joined(separator: "\n")
    }

    /// `findLogDirMoveStates`.
    func logDirMoveStates(_ targets: [TopicPartitionReplica: String]) async throws -> [TopicPartitionReplica: LogDirMoveState] {
        guard !targets.isEmpty else { return [:] }
        let infos = try await admin.describeReplicaLogDirs(Array(targets.keys))
        var states: [TopicPartitionReplica: LogDirMoveState] = [:]
        for (replica, target) in targets {
            guard let info = infos[replica] else {
                states[replica] = .missingReplica(target: target)
                continue
            }
            guard let current = info.currentReplicaLogDir else {
                states[replica] = .missingLogDir(target: target)
                continue
            }
            if let future = info.futureReplicaLogDir {
                states[replica] = .active(current: current, target: target, future: future)
            } else if current == target {
                states[replica] = .completed(target: target)
            } else {
                states[replica] = .cancelled(current: current, target: target)
            }
        }
        return states
    }

    /// `replicaMoveStatesToString` (empty when the file names no log dirs).
    static func moveStatesText(_ states: [TopicPartitionReplica: LogDirMoveState]) -> String {
        states.keys.sorted(by: TopicPartitionReplica.kafkaOrder).compactMap { replica -> String? in
            guard let state = states[replica] else { return nil }
            let partition = "\(replica.topic)-\(replica.partition)"
            switch state {
            case .missingLogDir:
                return "Partition \(partition) is not found in any live log dir on broker \(replica.brokerId). "
                    + "There is likely an offline log directory on the broker."
            case .missingReplica:
                return "Partition \(partition) cannot be found in any live log directory on broker \(replica.brokerId)."
            case let .active(_, target, future):
                if target == future { return "Reassignment of replica \(replica) is still in progress." }
                return "Partition \(partition) on broker \(replica.brokerId) is being moved to log dir \(future) instead of \(target)."
            case let .cancelled(current, target):
                return "Partition \(partition) on broker \(replica.brokerId) is not being moved from log dir \(current) to \(target)."
            case .completed:
                return "Reassignment of replica \(replica) completed successfully."
            }
        }.joined(separator: "\n")
    }

    // MARK: --cancel

    /// `--cancel`: cancels the file's partitions that are still reassigning and its active
    /// log-dir moves, then (without `--preserve-throttles`) clears the throttles.
    @discardableResult
    func cancel(json: String, preserveThrottles: Bool, timeoutMs: Int64) async throws -> ReassignJsonOutput.Cancel {
        let data = try ReassignmentJson.parseReassignment(json)
        let targets = Set(data.partitions.map(\.partition))
        var reassigning = Set<TopicPartition>()
        if !targets.isEmpty {
            for (tp, reassignment) in try await admin.listPartitionReassignments(Array(targets).sorted())
            where reassignment.addingReplicas.isEmpty || !reassignment.removingReplicas.isEmpty {
                reassigning.insert(tp)
            }
        }
        if !reassigning.isEmpty {
            let results = try await admin.alterPartitionReassignments(Dictionary(uniqueKeysWithValues: reassigning.map { ($0, nil) }))
            let errors = results.compactMapValues { $0 }
            if !errors.isEmpty {
                throw ReassignTerseException(message: Self.partitionErrorsText(
                    "Error cancelling partition reassignment\(errors.count == 1 ? "" : "s") for:", errors))
            }
            say(
                "Successfully cancelled partition reassignment\(reassigning.count == 1 ? "" : "s") for: "
                    + Self.partitionList(reassigning))
        } else {
            say("None of the specified partition reassignments are active.")
        }
        var moving: [TopicPartitionReplica: String] = [:]
        for (replica, state) in try await logDirMoveStates(data.logDirs) {
            if case let .active(current, _, _) = state { moving[replica] = current }
        }
        var movedBack: [ReassignJsonOutput.LogDirMove] = []
        if moving.isEmpty {
            // Kafka prints this without a line break.
            sayWithoutNewline("None of the specified partition moves are active.")
        } else {
            movedBack = try await executeMoves(moving, timeoutMs: timeoutMs)
        }
        var cleared: ReassignJsonOutput.ClearedThrottles?
        if !preserveThrottles {
            cleared = try await clearAllThrottles(data.partitions)
        }
        return ReassignJsonOutput.Cancel(
            cancelled: reassigning.sorted().map(ReassignJsonOutput.PartitionName.init),
            logDirMovesCancelled: movedBack, throttlesCleared: cleared)
    }

    // MARK: --list

    /// `--list`: the reassignments in progress.
    @discardableResult
    func list() async throws -> ReassignJsonOutput.List {
        let current = try await admin.listPartitionReassignments()
        say(Self.currentReassignmentsText(current))
        return ReassignJsonOutput.List(current)
    }

    /// `curReassignmentsToString`.
    static func currentReassignmentsText(_ reassignments: [TopicPartition: KafkaAdminClient.PartitionReassignment]) -> String {
        guard !reassignments.isEmpty else { return "No partition reassignments found." }
        let lines = reassignments.keys.sorted().compactMap { tp -> String? in
            guard let r = reassignments[tp] else { return nil }
            let joined = { (ids: [Int32]) in ids.map(String.init).joined(separator: ",") }
            return "\(tp): replicas: \(joined(r.replicas))."
                + (r.addingReplicas.isEmpty ? "" : " adding: \(joined(r.addingReplicas)).")
                + (r.removingReplicas.isEmpty ? "" : " removing: \(joined(r.removingReplicas)).")
        }
        return "Current partition reassignments:\n" + lines.joined(separator: "\n")
    }
}
