import KafkaClient

/// The text layouts of `kafka-consumer-groups.sh` (`printf`-style left-aligned columns), as pure
/// functions of the collected rows so they can be checked against Kafka's recorded output.
enum ConsumerGroupFormatting {
    static let missing = "-"

    /// Java's `%-Ns`: pads on the right to at least `width` characters.
    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? text : text + String(repeating: " ", count: width - text.count)
    }

    /// One `printf` of space-separated `%-Ns` columns; a nil width is a plain `%s`.
    static func columns(_ values: [String], _ widths: [Int?]) -> String {
        zip(values, widths).map { value, width in width.map { pad(value, $0) } ?? value }.joined(separator: " ")
    }

    // MARK: --list

    /// `printGroupInfo`: GROUP padded to max(15, longest id) + 10, then ` %-20s` per column.
    static func listTable(_ groups: [(groupId: String, type: String, state: String)], includeType: Bool, includeState: Bool) -> String {
        let groupWidth = (groups.map { max(15, $0.groupId.count) }.max() ?? 15) + 10
        var widths: [Int?] = [groupWidth]
        var header = ["GROUP"]
        if includeType { header.append("TYPE"); widths.append(20) }
        if includeState { header.append("STATE"); widths.append(20) }
        var text = columns(header, widths) + "\n"
        for group in groups {
            var row = [group.groupId]
            if includeType { row.append(typeName(group.type)) }
            if includeState { row.append(stateName(group.state)) }
            text += columns(row, widths) + "\n"
        }
        return text
    }

    /// `GroupType.toString` for the broker's type text.
    static func typeName(_ raw: String) -> String {
        ["Consumer", "Classic", "Share", "Streams"].first { $0.lowercased() == raw.lowercased() } ?? "Unknown"
    }

    /// `GroupState.toString` for the broker's state text.
    static func stateName(_ raw: String) -> String {
        let known = ["PreparingRebalance", "CompletingRebalance", "Stable", "Dead", "Empty", "Assigning", "Reconciling"]
        return known.first { $0.lowercased() == raw.lowercased() } ?? "Unknown"
    }

    // MARK: Group state messages

    /// What `shouldPrintMemberState` writes for a group, and whether the table follows.
    struct StateNotice: Sendable, Equatable {
        var stdout: String = ""
        var stderr: String = ""
        var printTable: Bool
    }

    static func stateNotice(group: String, state: String?, rowCount: Int?) -> StateNotice {
        guard let rowCount else {
            return StateNotice(stdout: "\nError: The consumer group '\(group)' does not exist.\n", printTable: false)
        }
        switch state ?? "Unknown" {
        case "Dead":
            return StateNotice(stdout: "\nError: Consumer group '\(group)' does not exist.\n", printTable: false)
        case "Empty":
            return StateNotice(stderr: "\nConsumer group '\(group)' has no active members.\n", printTable: rowCount > 0)
        case "PreparingRebalance", "CompletingRebalance", "Assigning", "Reconciling":
            return StateNotice(stderr: "\nWarning: Consumer group '\(group)' is rebalancing.\n", printTable: rowCount > 0)
        default:
            return StateNotice(printTable: rowCount > 0)
        }
    }

    // MARK: --describe --offsets

    static func offsetsTable(_ rows: [PartitionAssignmentRow], verbose: Bool) -> String {
        var groupWidth = 15, topicWidth = 15, consumerWidth = 15, hostWidth = 15
        for row in rows {
            groupWidth = max(groupWidth, row.group.count)
            topicWidth = max(topicWidth, (row.topic ?? missing).count)
            consumerWidth = max(consumerWidth, (row.consumerId ?? missing).count)
            hostWidth = max(hostWidth, (row.host ?? missing).count)
        }
        let widths: [Int?] = verbose
            ? [groupWidth, topicWidth, 10, 15, 15, 15, 15, consumerWidth, hostWidth, nil]
            : [groupWidth, topicWidth, 10, 15, 15, 15, consumerWidth, hostWidth, nil]
        func line(_ values: [String]) -> String { "\n" + columns(values, widths) }
        var header = ["GROUP", "TOPIC", "PARTITION", "CURRENT-OFFSET", "LOG-END-OFFSET", "LAG", "CONSUMER-ID", "HOST", "CLIENT-ID"]
        if verbose { header.insert("LEADER-EPOCH", at: 3) }
        var text = line(header)
        for row in rows {
            var values = [
                row.group, row.topic ?? missing, row.partition.map(String.init) ?? missing,
                row.offset.map(String.init) ?? missing, row.logEndOffset.map(String.init) ?? missing,
                row.lag.map(String.init) ?? missing, row.consumerId ?? missing, row.host ?? missing, row.clientId ?? missing,
            ]
            if verbose { values.insert(row.leaderEpoch.map(String.init) ?? missing, at: 3) }
            text += line(values)
        }
        return text + "\n"
    }

    // MARK: --describe --members

    /// `getAssignmentString`: `topic:0,1;other:3`, partitions in numeric order, topics sorted.
    static func assignmentText(_ partitions: [TopicPartition]) -> String {
        guard !partitions.isEmpty else { return missing }
        let byTopic = Dictionary(grouping: partitions, by: \.topic)
        return byTopic.map { topic, entries in
            topic + ":" + entries.map(\.partition).sorted().map(String.init).joined(separator: ",")
        }.sorted().joined(separator: ";")
    }

    static func membersTable(_ rows: [MemberAssignmentRow], verbose: Bool, computeWidths: Bool) -> String {
        var groupWidth = 15, consumerWidth = 15, instanceWidth = 17, hostWidth = 15, clientWidth = 15
        var currentWidth = 20, targetWidth = 20
        var includeInstance = false, hasClassic = false, hasConsumer = false
        if computeWidths {
            for row in rows {
                groupWidth = max(groupWidth, row.group.count)
                consumerWidth = max(consumerWidth, row.consumerId.count)
                instanceWidth = max(instanceWidth, row.groupInstanceId.count)
                hostWidth = max(hostWidth, row.host.count)
                clientWidth = max(clientWidth, row.clientId.count)
                includeInstance = includeInstance || !row.groupInstanceId.isEmpty
                currentWidth = max(currentWidth, assignmentText(row.assignment).count)
                targetWidth = max(targetWidth, assignmentText(row.targetAssignment).count)
                hasClassic = hasClassic || row.upgraded == false
                hasConsumer = hasConsumer || row.upgraded == true
            }
        }
        let migration = hasClassic && hasConsumer
        let memberWidths: [Int?] = includeInstance
            ? [groupWidth, consumerWidth, instanceWidth, hostWidth, clientWidth, 15]
            : [groupWidth, consumerWidth, hostWidth, clientWidth, 15]
        let verboseWidths: [Int?] = migration ? [15, currentWidth, 15, targetWidth, nil] : [15, currentWidth, 15, targetWidth]
        // Each member format ends with a space after #PARTITIONS (`%-15s `).
        var text = "\n" + columns(
            includeInstance ? ["GROUP", "CONSUMER-ID", "GROUP-INSTANCE-ID", "HOST", "CLIENT-ID", "#PARTITIONS"]
                : ["GROUP", "CONSUMER-ID", "HOST", "CLIENT-ID", "#PARTITIONS"], memberWidths) + " "
        if verbose {
            let header = ["CURRENT-EPOCH", "CURRENT-ASSIGNMENT", "TARGET-EPOCH", "TARGET-ASSIGNMENT"] + (migration ? ["UPGRADED"] : [])
            text += columns(header, verboseWidths)
        }
        text += "\n"
        for row in rows {
            let member = includeInstance
                ? [row.group, row.consumerId, row.groupInstanceId, row.host, row.clientId, String(row.numPartitions)]
                : [row.group, row.consumerId, row.host, row.clientId, String(row.numPartitions)]
            text += columns(member, memberWidths) + " "
            if verbose {
                var values = [
                    row.currentEpoch.map(String.init) ?? missing, assignmentText(row.assignment),
                    row.targetEpoch.map(String.init) ?? missing, assignmentText(row.targetAssignment),
                ]
                if migration { values.append(row.upgraded.map { $0 ? "true" : "false" } ?? missing) }
                text += columns(values, verboseWidths)
            }
            text += "\n"
        }
        return text
    }

    // MARK: --describe --state

    static func stateTable(_ row: GroupStateRow, verbose: Bool) -> String {
        let coordinator = row.coordinatorText
        let groupWidth = max(15, row.group.count), coordinatorWidth = max(25, coordinator.count)
        let strategy = row.assignmentStrategy.isEmpty ? missing : row.assignmentStrategy
        if verbose {
            let widths: [Int?] = [groupWidth, coordinatorWidth, 20, 20, 15, 25, nil]
            return "\n" + columns(["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "GROUP-EPOCH", "TARGET-ASSIGNMENT-EPOCH", "#MEMBERS"], widths)
                + "\n" + columns([row.group, coordinator, strategy, row.state, row.groupEpoch.map(String.init) ?? missing,
                                  row.targetAssignmentEpoch.map(String.init) ?? missing, String(row.numMembers)], widths) + "\n"
        }
        let widths: [Int?] = [groupWidth, coordinatorWidth, 20, 20, nil]
        return "\n" + columns(["GROUP", "COORDINATOR (ID)", "ASSIGNMENT-STRATEGY", "STATE", "#MEMBERS"], widths)
            + "\n" + columns([row.group, coordinator, strategy, row.state, String(row.numMembers)], widths) + "\n"
    }

    // MARK: --reset-offsets

    /// `printOffsetsToReset`: header once if any group was processed, then every row; a final newline.
    static func resetTable(_ plan: [(group: String, offsets: [(TopicPartition, Int64)])]) -> String {
        let widths: [Int?] = [30, 30, 10, 15]
        var text = ""
        if !plan.isEmpty { text += "\n" + columns(["GROUP", "TOPIC", "PARTITION", "NEW-OFFSET"], widths) }
        for (group, offsets) in plan {
            for (tp, offset) in offsets {
                text += "\n" + columns([group, tp.topic, String(tp.partition), String(offset)], widths)
            }
        }
        return text + "\n"
    }

    // MARK: --delete-offsets

    static func deleteOffsetsTable(_ results: [(TopicPartition, String?)]) -> String {
        let widths: [Int?] = [30, 15, 15]
        var text = "\n" + columns(["TOPIC", "PARTITION", "STATUS"], widths)
        for (tp, error) in results.sorted(by: { "\($0.0.topic)\($0.0.partition)" < "\($1.0.topic)\($1.0.partition)" }) {
            text += "\n" + columns(
                [tp.topic, tp.partition >= 0 ? String(tp.partition) : "Not Provided", error.map { "Error: " + $0 } ?? "Successful"], widths)
        }
        return text + "\n"
    }
}
