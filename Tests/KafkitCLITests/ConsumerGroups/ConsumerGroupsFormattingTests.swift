import Foundation
import KafkaClient
import KafkaStorage
@testable import KafkitCLI
import Testing

/// The layouts fed with constructed descriptions (several members, several brokers, wide values),
/// checked column by column against Kafka's format strings.
@Suite("consumer-groups formatting")
struct ConsumerGroupsFormattingTests {
    @Test("offsets table: widths grow with the longest group, topic, consumer id and host")
    func offsetsWidths() {
        let rows = [
            PartitionAssignmentRow(group: "payments-service", topic: "payments.incoming.v2", partition: 0, leaderEpoch: 7, offset: 10,
                                   logEndOffset: 15, consumerId: "consumer-payments-service-1-5b0c4f0e-1c8e-4e4e-9a1a-0d7f1b2c3d4e",
                                   host: "/10.0.0.12", clientId: "consumer-payments-service-1"),
            PartitionAssignmentRow(group: "payments-service", topic: "payments.incoming.v2", partition: 3, leaderEpoch: nil, offset: nil,
                                   logEndOffset: nil, consumerId: "-", host: "-", clientId: "-"),
        ]
        let text = ConsumerGroupFormatting.offsetsTable(rows, verbose: false)
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "")
        #expect(lines.last == "")
        let idWidth = (rows[0].consumerId ?? "").count
        func spaces(_ n: Int) -> String { String(repeating: " ", count: n) }
        #expect(lines[1] == "GROUP            TOPIC                PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             "
            + "CONSUMER-ID" + spaces(idWidth - 11) + " HOST            CLIENT-ID")
        #expect(lines[2].hasPrefix("payments-service payments.incoming.v2 0          10              15              5               consumer-payments"))
        #expect(lines[3] == "payments-service payments.incoming.v2 3          -               -               -               -"
            + spaces(idWidth - 1) + " -               -")
        let verbose = ConsumerGroupFormatting.offsetsTable(rows, verbose: true).split(separator: "\n").map(String.init)
        #expect(verbose[0].hasPrefix("GROUP            TOPIC                PARTITION  LEADER-EPOCH    CURRENT-OFFSET  "))
        #expect(verbose[1].hasPrefix("payments-service payments.incoming.v2 0          7               10              15              5 "))
    }

    @Test("members table: GROUP-INSTANCE-ID only when a member has one; UPGRADED only for mixed groups")
    func membersColumns() {
        var classic = MemberAssignmentRow(
            group: "g", consumerId: "c-1", host: "/127.0.0.1", clientId: "client", groupInstanceId: "", numPartitions: 3,
            assignment: [TopicPartition("t", 10), TopicPartition("t", 2), TopicPartition("b", 0)], targetAssignment: [],
            currentEpoch: nil, targetEpoch: nil, upgraded: nil)
        let plain = ConsumerGroupFormatting.membersTable([classic], verbose: true, computeWidths: true)
        #expect(plain == "\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   \n"
            + "g               c-1             /127.0.0.1      client          3               -               b:0;t:2,10           -               -                   \n")
        classic.groupInstanceId = "instance-a"
        let withInstance = ConsumerGroupFormatting.membersTable([classic], verbose: false, computeWidths: true)
        #expect(withInstance == "\nGROUP           CONSUMER-ID     GROUP-INSTANCE-ID HOST            CLIENT-ID       #PARTITIONS     \n"
            + "g               c-1             instance-a        /127.0.0.1      client          3               \n")
        var old = classic, new = classic
        old.groupInstanceId = ""; new.groupInstanceId = ""
        old.upgraded = false; new.upgraded = true
        new.consumerId = "Z7xk1o9aQkSg0xzj3q1bYw"
        new.currentEpoch = 5; new.targetEpoch = 6; new.targetAssignment = [TopicPartition("t", 2)]
        let mixed = ConsumerGroupFormatting.membersTable([old, new], verbose: true, computeWidths: true)
        let lines = mixed.split(separator: "\n").map(String.init)
        #expect(lines[0].hasSuffix("TARGET-EPOCH    TARGET-ASSIGNMENT    UPGRADED"))
        #expect(lines[1].hasSuffix("-               -                    false"))
        #expect(lines[2].hasSuffix("5               b:0;t:2,10           6               t:2                  true"))
        #expect(lines[2].hasPrefix("g               Z7xk1o9aQkSg0xzj3q1bYw "))
    }

    @Test("state table: the coordinator of a multi-node cluster, two spaces before the id")
    func stateColumns() {
        let row = GroupStateRow(group: "cg1", coordinator: BrokerNode(nodeId: 3, host: "kafka-3.internal.example", port: 29093, rack: nil),
                                assignmentStrategy: "", state: "Empty", numMembers: 0, groupEpoch: nil, targetAssignmentEpoch: nil)
        #expect(ConsumerGroupFormatting.stateTable(row, verbose: false) ==
            "\nGROUP           COORDINATOR (ID)                    ASSIGNMENT-STRATEGY  STATE                #MEMBERS"
            + "\ncg1             kafka-3.internal.example:29093  (3) -                    Empty                0\n")
        var verbose = row
        verbose.coordinator = BrokerNode(nodeId: 1, host: "127.0.0.1", port: 19092, rack: nil)
        verbose.groupEpoch = 4; verbose.targetAssignmentEpoch = 4; verbose.assignmentStrategy = "uniform"
        #expect(ConsumerGroupFormatting.stateTable(verbose, verbose: true) ==
            "\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS"
            + "\ncg1             127.0.0.1:19092  (1)      uniform              Empty                4               4                         0\n")
    }

    @Test("state notices: stderr for Empty and rebalancing, stdout errors for Dead and missing rows")
    func notices() {
        #expect(ConsumerGroupFormatting.stateNotice(group: "g", state: "Empty", rowCount: 0)
            == .init(stderr: "\nConsumer group 'g' has no active members.\n", printTable: false))
        #expect(ConsumerGroupFormatting.stateNotice(group: "g", state: "Reconciling", rowCount: 2)
            == .init(stderr: "\nWarning: Consumer group 'g' is rebalancing.\n", printTable: true))
        #expect(ConsumerGroupFormatting.stateNotice(group: "g", state: "Dead", rowCount: 0)
            == .init(stdout: "\nError: Consumer group 'g' does not exist.\n", printTable: false))
        #expect(ConsumerGroupFormatting.stateNotice(group: "g", state: "Stable", rowCount: nil)
            == .init(stdout: "\nError: The consumer group 'g' does not exist.\n", printTable: false))
    }

    @Test("list, reset and delete-offsets tables")
    func otherTables() {
        let listings = [(groupId: "cg1", type: "classic", state: "Empty")]
        #expect(ConsumerGroupFormatting.listTable(listings, includeType: true, includeState: false)
            == "GROUP                     TYPE                \ncg1                       Classic             \n")
        #expect(ConsumerGroupFormatting.resetTable([]) == "\n")
        #expect(ConsumerGroupFormatting.resetTable([("cg1", [(TopicPartition("t", 0), 5)])]) ==
            "\nGROUP                          TOPIC                          PARTITION  NEW-OFFSET     "
            + "\ncg1                            t                              0          5              \n")
        #expect(ConsumerGroupFormatting.deleteOffsetsTable([(TopicPartition("b", 10), nil), (TopicPartition("b", 2), "x: y"), (TopicPartition("a", -1), "e")])
            == "\nTOPIC                          PARTITION       STATUS         "
            + "\na                              Not Provided    Error: e       "
            + "\nb                              10              Successful     "
            + "\nb                              2               Error: x: y    \n")
    }

    @Test("Java HashMap iteration order (String and TopicPartition hash codes)")
    func javaHashOrder() {
        #expect(JavaHashOrder.hashCode("hello") == 99_162_322)
        #expect(JavaHashOrder.hashCode("polygenelubricants") == Int32.min)
        // "g1" hashes to 3242 (bucket 10), "g2" to 3243 (11), "g10" to 100550 (spread: bucket 7).
        #expect(JavaHashOrder.ordered(["g2", "g10", "g1"]) == ["g10", "g1", "g2"])
        // TopicPartition("t", p).hashCode() = 31 * (31 + p) + 116: buckets 5, 4, 3, 2 for p = 0...3.
        let partitions = (0..<4).map { TopicPartition("t", Int32($0)) }
        #expect(JavaHashOrder.ordered(partitions).map(\.partition) == [3, 2, 1, 0])
    }

    @Test("CSV: export forms, quoting, and reading both forms back")
    func csv() throws {
        let plan: ConsumerGroupService.ResetPlan = [("g,1", [(TopicPartition("t", 0), 5)])]
        #expect(ResetPlanCSV.export(plan, singleGroup: true) == "t,0,5\n")
        #expect(ResetPlanCSV.export(plan, singleGroup: false) == "\"g,1\",t,0,5\n")
        let single = try ResetPlanCSV.parse("t,0,5\nt,1,6\n", singleGroup: "g")
        #expect(single.plan == ["g": [TopicPartition("t", 0): 5, TopicPartition("t", 1): 6]])
        #expect(single.stderrNotice == nil)
        let grouped = try ResetPlanCSV.parse("\"g,1\",t,0,5\n", singleGroup: "g,1")
        #expect(grouped.plan == ["g,1": [TopicPartition("t", 0): 5]])
        #expect(grouped.stderrNotice != nil)
        #expect(throws: ConsumerGroupCommandFailure.self) { try ResetPlanCSV.parse("t,x,5\n", singleGroup: "g") }
        #expect(throws: ConsumerGroupCommandFailure.self) { try ResetPlanCSV.parse("t,0,5\n", singleGroup: nil) }
    }
}
