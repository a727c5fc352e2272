import KafkaProtocol
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// DescribeLogDirs (v1–4): per log dir, the size of each hosted partition (all of them when
/// `topics` is null), and from v4 the file system's total and usable bytes.
struct DescribeLogDirsHandler: RequestHandler {
    let dataPath: DataPathServices

    func handle(_ request: DescribeLogDirsRequest, context: RequestContext) async throws -> DescribeLogDirsResponse? {
        let replicas = dataPath.replicaManager
        let wanted: Set<TopicPartition>? = request.topics.map { topics in
            Set(topics.flatMap { t in t.partitions.map { TopicPartition(topic: t.topic, partition: $0) } })
        }
        let hosted = replicas.partitions.filter { wanted?.contains($0) ?? true }
        var response = DescribeLogDirsResponse()
        for dir in replicas.logDirs {
            var result = DescribeLogDirsResponse.DescribeLogDirsResult()
            result.logDir = dir
            let mine = hosted.filter { replicas.logDir(for: $0) == dir }
                .sorted { ($0.topic, $0.partition) < ($1.topic, $1.partition) }
            for tp in mine {
                guard let log = replicas.log(for: tp) else { continue }
                var partition = DescribeLogDirsResponse.DescribeLogDirsPartition()
                partition.partitionIndex = tp.partition
                partition.partitionSize = Int64(log.size)
                partition.offsetLag = 0
                if let last = result.topics.last, last.name == tp.topic {
                    result.topics[result.topics.count - 1].partitions.append(partition)
                } else {
                    var topic = DescribeLogDirsResponse.DescribeLogDirsTopic()
                    topic.name = tp.topic
                    topic.partitions = [partition]
                    result.topics.append(topic)
                }
            }
            var stats = statvfs()
            if statvfs(dir, &stats) == 0 {
                result.totalBytes = Int64(stats.f_blocks) * Int64(stats.f_frsize)
                result.usableBytes = Int64(stats.f_bavail) * Int64(stats.f_frsize)
            } else {
                result.errorCode = ErrorCode.kafkaStorageError.rawValue
            }
            response.results.append(result)
        }
        return response
    }
}
