import KafkaProtocol

extension KafkaCluster {
    /// ListOffsets with one request per partition leader (as Java's admin and consumer do);
    /// partitions whose leader moved are retried after a metadata refresh.
    public func listOffsets(
        _ specs: [TopicPartition: OffsetSpec], isolationLevel: Int8, timeoutMs: Int32
    ) async throws -> [TopicPartition: Result<ListOffsetsResultInfo, KafkaError>] {
        var results: [TopicPartition: Result<ListOffsetsResultInfo, KafkaError>] = [:]
        var pending = specs
        var attempt = 0
        while !pending.isEmpty {
            try await refreshMetadata(topics: Array(Set(pending.keys.map(\.topic))).sorted())
            var byLeader: [Int32: [TopicPartition: OffsetSpec]] = [:]
            var retry: [TopicPartition: OffsetSpec] = [:]
            var lastError: [TopicPartition: KafkaError] = [:]
            for (tp, spec) in pending {
                guard let topic = metadata.topics[tp.topic], topic.partitions.contains(where: { $0.partition == tp.partition }) else {
                    results[tp] = .failure(.broker(.unknownTopicOrPartition, message: nil, context: "\(tp)"))
                    continue
                }
                guard let leader = metadata.leader(for: tp) else {
                    retry[tp] = spec
                    lastError[tp] = .broker(.leaderNotAvailable, message: nil, context: "\(tp)")
                    continue
                }
                byLeader[leader.nodeId, default: [:]][tp] = spec
            }
            for (node, group) in byLeader.sorted(by: { $0.key < $1.key }) {
                let request = KafkaAdminClient.listOffsetsRequest(group, isolationLevel: isolationLevel, timeoutMs: timeoutMs)
                let response = try await self.request(.node(node), build: { _ in request }) { response, _ in response }
                var answered = Set<TopicPartition>()
                for topic in response.topics {
                    for partition in topic.partitions {
                        let tp = TopicPartition(topic.name, partition.partitionIndex)
                        guard let spec = group[tp] else { continue }
                        answered.insert(tp)
                        let code = ErrorCode(code: partition.errorCode)
                        if code == .noError {
                            results[tp] = .success(ListOffsetsResultInfo(
                                offset: partition.offset, timestamp: partition.timestamp,
                                leaderEpoch: partition.leaderEpoch < 0 ? nil : partition.leaderEpoch))
                        } else if code.isRetriable {
                            retry[tp] = spec
                            lastError[tp] = .broker(code, message: nil, context: "\(tp)")
                        } else {
                            results[tp] = .failure(.broker(code, message: nil, context: "\(tp)"))
                        }
                    }
                }
                for (tp, spec) in group where !answered.contains(tp) {
                    retry[tp] = spec
                    lastError[tp] = .broker(.unknownServerError, message: "no answer for \(tp)")
                }
            }
            pending = retry
            attempt += 1
            if !pending.isEmpty {
                guard attempt <= 10 else {
                    for tp in pending.keys { results[tp] = .failure(lastError[tp] ?? .timeout("offsets of \(tp)")) }
                    break
                }
                for tp in pending.keys { invalidate(topic: tp.topic) }
                try await Task.sleep(for: .milliseconds(config.retryBackoffMs))
            }
        }
        return results
    }
}
