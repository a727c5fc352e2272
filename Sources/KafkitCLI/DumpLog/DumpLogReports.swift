/// Problems found while dumping, printed on stderr after every file was dumped
/// (`misMatchesForIndexFilesMap`, `TimeIndexDumpErrors`, `nonConsecutivePairsForLogFilesMap`).
///
/// Kafka keeps them in Scala mutable hash maps keyed by absolute path, so with several files
/// the blocks come in that hash map's order. Offset-index mismatches and non-consecutive pairs are prepended to a Scala `List`, so they
/// print newest first; time-index problems are appended, so they print in order.
struct DumpLogReports {
    private(set) var indexMismatches = OrderedReport()
    private(set) var timeIndexMismatches = OrderedReport()
    private(set) var outOfOrderTimestamps = OrderedReport()
    private(set) var shallowOffsetsNotFound = OrderedReport()
    private(set) var nonConsecutiveOffsets = OrderedReport()

    mutating func recordIndexMismatch(file: String, indexOffset: Int64, logOffset: Int64) {
        indexMismatches.prepend((indexOffset, logOffset), for: file)
    }

    mutating func recordTimeIndexMismatch(file: String, indexTimestamp: Int64, logTimestamp: Int64) {
        timeIndexMismatches.append((indexTimestamp, logTimestamp), for: file)
    }

    mutating func recordOutOfOrderIndexTimestamp(file: String, indexTimestamp: Int64, previousTimestamp: Int64) {
        outOfOrderTimestamps.append((indexTimestamp, previousTimestamp), for: file)
    }

    mutating func recordShallowOffsetNotFound(file: String, indexOffset: Int64, logOffset: Int64) {
        shallowOffsetsNotFound.append((indexOffset, logOffset), for: file)
    }

    mutating func recordNonConsecutiveOffsets(file: String, previous: Int64, next: Int64) {
        nonConsecutiveOffsets.prepend((previous, next), for: file)
    }

    func print(to console: ToolConsole) {
        for (file, pairs) in indexMismatches.entries {
            console.printlnError("Mismatches in :\(file)")
            for (index, log) in pairs { console.printlnError("  Index offset: \(index), log offset: \(log)") }
        }
        for (file, pairs) in timeIndexMismatches.entries {
            console.printlnError("Found timestamp mismatch in :\(file)")
            for (index, log) in pairs { console.printlnError("  Index timestamp: \(index), log timestamp: \(log)") }
        }
        for (file, pairs) in outOfOrderTimestamps.entries {
            console.printlnError("Found out of order timestamp in :\(file)")
            for (index, previous) in pairs {
                console.printlnError("  Index timestamp: \(index), Previously indexed timestamp: \(previous)")
            }
        }
        for (_, pairs) in shallowOffsetsNotFound.entries {
            console.printlnError("The following indexed offsets are not found in the log.")
            for (index, log) in pairs { console.printlnError("Indexed offset: \(index), found log offset: \(log)") }
        }
        for (file, pairs) in nonConsecutiveOffsets.entries {
            console.printlnError("Non-consecutive offsets in \(file)")
            for (first, second) in pairs { console.printlnError("  \(first) is followed by \(second)") }
        }
    }
}

/// Pairs of numbers per file, files in the order of Kafka's Scala hash map keyed by path.
struct OrderedReport {
    private var table = ScalaHashTable<String, [(Int64, Int64)]>()

    var entries: [(file: String, pairs: [(Int64, Int64)])] { table.entries.map { ($0.key, $0.value) } }

    mutating func append(_ pair: (Int64, Int64), for file: String) {
        table.put(file, (table[file] ?? []) + [pair])
    }

    mutating func prepend(_ pair: (Int64, Int64), for file: String) {
        table.put(file, [pair] + (table[file] ?? []))
    }
}
