import Foundation
import KafkaClient
import KafkitCLI
import Testing

/// `--output json` for --list and every --describe mode: parsed back with JSONSerialization,
/// every documented field and type checked (docs/json/consumer-groups.md).
@Suite("consumer-groups JSON")
struct ConsumerGroupsJSONTests {
    static func document(_ port: Int, _ arguments: [String]) async throws -> [String: Any] {
        let result = await runTool(ConsumerGroupsCommand.execute, ["--bootstrap-server", "127.0.0.1:\(port)", "--output", "json"] + arguments)
        #expect(result.code == 0, "\(arguments): \(result.err)")
        #expect(result.err == "")
        let object = try JSONSerialization.jsonObject(with: Data(result.out.utf8))
        return try #require(object as? [String: Any])
    }

    static func groups(_ document: [String: Any]) throws -> [[String: Any]] {
        try #require(document["groups"] as? [[String: Any]])
    }

    @Test("list, offsets, members and state documents")
    func documents() async throws {
        try await withTestBroker { broker in
            let port = broker.port
            try await BrokerSetup.createTopic(port, "t", partitions: 2)
            try await BrokerSetup.produce(port, topic: "t", partition: 0, count: 3)
            try await GroupSetup.makeGroup(port, group: "idle", topic: "t", offsets: [0: 1])
            let consumer = try await GroupSetup.join(port, group: "busy", topic: "t", clientId: "busy-client")
            do {
                let list = try Self.groups(try await Self.document(port, ["--list"]))
                #expect(Set(list.compactMap { $0["group"] as? String }) == ["idle", "busy"])
                for group in list {
                    #expect(group["type"] as? String == "Classic")
                    #expect(["Empty", "Stable", "PreparingRebalance", "CompletingRebalance"].contains(group["state"] as? String ?? ""))
                }

                let offsets = try Self.groups(try await Self.document(port, ["--describe", "--group", "idle", "--group", "busy"]))
                #expect(offsets.map { $0["group"] as? String } == ["busy", "idle"])
                let idle = try #require(offsets.last)
                #expect(idle["state"] as? String == "Empty")
                let idleRows = try #require(idle["partitions"] as? [[String: Any]])
                // The consumer owned both partitions and committed its positions on each.
                #expect(idleRows.map { $0["partition"] as? Int } == [0, 1])
                let row = try #require(idleRows.first)
                #expect(row["topic"] as? String == "t")
                #expect(row["partition"] as? Int == 0)
                #expect(row["currentOffset"] as? Int == 1)
                #expect(row["logEndOffset"] as? Int == 3)
                #expect(row["lag"] as? Int == 2)
                #expect(row["leaderEpoch"] is NSNull || row["leaderEpoch"] is Int)
                for key in ["consumerId", "host", "clientId"] { #expect(row[key] is NSNull, "\(key)") }
                let busyRows = try #require(offsets.first?["partitions"] as? [[String: Any]])
                #expect(busyRows.count == 2)
                for busyRow in busyRows {
                    #expect(busyRow["clientId"] as? String == "busy-client")
                    #expect(busyRow["consumerId"] is String)
                    #expect((busyRow["host"] as? String)?.hasPrefix("/") == true)
                    #expect(busyRow["currentOffset"] is NSNull)
                    #expect(busyRow["lag"] is NSNull)
                    #expect(busyRow["logEndOffset"] is Int)
                }

                let members = try Self.groups(try await Self.document(port, ["--describe", "--group", "busy", "--members"]))
                let member = try #require((members.first?["members"] as? [[String: Any]])?.first)
                #expect(member["clientId"] as? String == "busy-client")
                #expect(member["consumerId"] is String)
                #expect(member["host"] is String)
                #expect(member["groupInstanceId"] is NSNull)
                #expect(member["partitions"] as? Int == 2)
                let assignment = try #require(member["assignment"] as? [[String: Any]])
                #expect(assignment.map { $0["partition"] as? Int } == [0, 1])
                #expect(assignment.allSatisfy { $0["topic"] as? String == "t" })
                #expect((member["targetAssignment"] as? [Any])?.isEmpty == true)
                for key in ["currentEpoch", "targetEpoch", "upgraded"] { #expect(member[key] is NSNull, "\(key)") }

                let states = try Self.groups(try await Self.document(port, ["--describe", "--all-groups", "--state"]))
                #expect(states.count == 2)
                for state in states {
                    #expect(state["group"] is String)
                    let coordinator = try #require(state["coordinator"] as? [String: Any])
                    #expect(coordinator["id"] is Int)
                    #expect(coordinator["host"] as? String == "127.0.0.1")
                    #expect(coordinator["port"] as? Int == port)
                    #expect(state["state"] is String)
                    #expect(state["members"] is Int)
                    #expect(state["groupEpoch"] is NSNull)
                    #expect(state["targetAssignmentEpoch"] is NSNull)
                    #expect(state["assignmentStrategy"] is NSNull || state["assignmentStrategy"] is String)
                }
            } catch {
                await consumer.close()
                throw error
            }
            await consumer.close()
        }
    }

    @Test("a missing group is an error document on stderr with a non-zero exit")
    func missingGroup() async throws {
        try await withTestBroker { broker in
            let result = await runTool(ConsumerGroupsCommand.execute,
                                       ["--bootstrap-server", "127.0.0.1:\(broker.port)", "--describe", "--group", "nope", "--output", "json"])
            #expect(result.code == 1)
            #expect(result.out == "")
            let object = try JSONSerialization.jsonObject(with: Data(result.err.utf8)) as? [String: Any]
            let error = try #require(object?["error"] as? [String: Any])
            #expect(error["type"] as? String == "GroupIdNotFoundException")
            #expect(error["message"] as? String == "org.apache.kafka.common.errors.GroupIdNotFoundException: Group nope not found.")
        }
    }
}
