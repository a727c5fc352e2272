import KafkaClient

/// The documents of `--output json` (shapes in `docs/json/reassign-partitions.md`).
enum ReassignJsonOutput {
    /// Kafka's reassignment file format, so a document's `proposed` or `rollback` can be saved
    /// and given back with `--reassignment-json-file`.
    struct Reassignment: Encodable, Sendable, Equatable {
        struct Partition: Encodable, Sendable, Equatable {
            var topic: String
            var partition: Int32
            var replicas: [Int32]
            var logDirs: [String]

            enum CodingKeys: String, CodingKey {
                case topic, partition, replicas
                case logDirs = "log_dirs"
            }
        }

        var version = 1
        var partitions: [Partition]

        init(_ assignment: [TopicPartition: [Int32]], logDirs: [TopicPartitionReplica: String] = [:]) {
            partitions = assignment.keys.sorted().map { tp in
                let replicas = assignment[tp] ?? []
                return Partition(
                    topic: tp.topic, partition: tp.partition, replicas: replicas,
                    logDirs: replicas.map {
                        logDirs[TopicPartitionReplica(topic: tp.topic, partition: tp.partition, brokerId: $0)]
                            ?? ReassignmentJson.anyLogDir
                    })
            }
        }
    }

    struct PartitionName: Encodable, Sendable, Equatable {
        var topic: String
        var partition: Int32
        init(_ tp: TopicPartition) { topic = tp.topic; partition = tp.partition }
    }

    /// A replica and the log directory it was sent to.
    struct LogDirMove: Encodable, Sendable, Equatable {
        var topic: String
        var partition: Int32
        var broker: Int32
        var logDir: String
        init(_ replica: TopicPartitionReplica, _ logDir: String) {
            topic = replica.topic
            partition = replica.partition
            broker = replica.brokerId
            self.logDir = logDir
        }
    }

    struct ClearedThrottles: Encodable, Sendable, Equatable {
        var brokers: [Int32]
        var topics: [String]
    }

    struct Generate: Encodable, Sendable {
        var current: Reassignment
        var proposed: Reassignment
    }

    struct Execute: Encodable, Sendable {
        var rollback: Reassignment
        var started: [PartitionName]
        var interBrokerThrottle: Int64?
        var logDirThrottle: Int64?
        var logDirMovesStarted: [LogDirMove]
    }

    struct PartitionStatus: Encodable, Sendable, Equatable {
        var topic: String
        var partition: Int32
        /// `completed`, `in_progress`, or `replicas_differ` (no reassignment running, but the
        /// replicas are not the target ones).
        var state: String
        var currentReplicas: [Int32]
        var targetReplicas: [Int32]

        init(_ tp: TopicPartition, _ state: PartitionReassignmentState) {
            topic = tp.topic
            partition = tp.partition
            self.state = !state.done ? "in_progress" : state.currentReplicas == state.targetReplicas ? "completed" : "replicas_differ"
            currentReplicas = state.currentReplicas
            targetReplicas = state.targetReplicas
        }
    }

    struct LogDirMoveStatus: Encodable, Sendable, Equatable {
        var topic: String
        var partition: Int32
        var broker: Int32
        /// `completed`, `in_progress`, `moving_elsewhere`, `not_moving`, `replica_not_found`, `log_dir_offline`.
        var state: String
        var currentLogDir: String?
        var targetLogDir: String
        var futureLogDir: String?

        init(_ replica: TopicPartitionReplica, _ move: LogDirMoveState) {
            topic = replica.topic
            partition = replica.partition
            broker = replica.brokerId
            switch move {
            case let .missingLogDir(target): (state, currentLogDir, targetLogDir, futureLogDir) = ("log_dir_offline", nil, target, nil)
            case let .missingReplica(target): (state, currentLogDir, targetLogDir, futureLogDir) = ("replica_not_found", nil, target, nil)
            case let .active(current, target, future):
                (state, currentLogDir, targetLogDir, futureLogDir) = (target == future ? "in_progress" : "moving_elsewhere", current, target, future)
            case let .cancelled(current, target): (state, currentLogDir, targetLogDir, futureLogDir) = ("not_moving", current, target, nil)
            case let .completed(target): (state, currentLogDir, targetLogDir, futureLogDir) = ("completed", target, target, nil)
            }
        }
    }

    struct Verify: Encodable, Sendable {
        var partitions: [PartitionStatus]
        var logDirMoves: [LogDirMoveStatus]
        /// Null when throttles were left alone (something still moving, or `--preserve-throttles`).
        var throttlesCleared: ClearedThrottles?
    }

    struct Cancel: Encodable, Sendable {
        var cancelled: [PartitionName]
        /// Replicas sent back to the log directory they were being moved from.
        var logDirMovesCancelled: [LogDirMove]
        var throttlesCleared: ClearedThrottles?
    }

    struct OngoingReassignment: Encodable, Sendable, Equatable {
        var topic: String
        var partition: Int32
        var replicas: [Int32]
        var addingReplicas: [Int32]
        var removingReplicas: [Int32]
    }

    struct List: Encodable, Sendable {
        var reassignments: [OngoingReassignment]

        init(_ current: [TopicPartition: KafkaAdminClient.PartitionReassignment]) {
            reassignments = current.keys.sorted().compactMap { tp in
                current[tp].map {
                    OngoingReassignment(
                        topic: tp.topic, partition: tp.partition, replicas: $0.replicas,
                        addingReplicas: $0.addingReplicas, removingReplicas: $0.removingReplicas)
                }
            }
        }
    }

    /// The error document's `message`: the exception's message (for an `ExecutionException`, its
    /// cause's message, without the class name).
    static func errorMessage(_ exception: ReassignJavaException) -> String {
        if exception.className == ReassignJavaException.executionClass, let cause = exception.causes.last,
           let colon = cause.range(of: ": ") {
            return String(cause[colon.upperBound...])
        }
        return exception.message ?? exception.className
    }

    /// The error document's `type`: the Java exception's simple name (for an
    /// `ExecutionException`, its cause's); `TerseException` for the tool's own terse failures.
    static func errorType(_ className: String, causes: [String]) -> String {
        var name = className
        if className == ReassignJavaException.executionClass, let cause = causes.last {
            name = String(cause.prefix { $0 != ":" })
        }
        return String(name.split(separator: ".").last ?? Substring(name))
    }
}
