import KafkaStorage

/// `DumpLogSegments.dumpProducerIdSnapshot`: one line per producer of a `.snapshot` file.
/// A corrupt snapshot prints Kafka's message on stderr and the run goes on.
struct ProducerSnapshotDumper {
    let file: JavaFile
    let console: ToolConsole

    func dump() throws {
        let bytes = try JavaIO.read(file.path, with: .readAllBytes)
        let snapshot: ProducerSnapshot
        do {
            snapshot = try ProducerSnapshot(parsing: bytes)
        } catch {
            console.printlnError(error.message)
            return
        }
        for entry in snapshot.entries {
            var line = "producerId: \(entry.producerId) producerEpoch: \(entry.epoch)"
                + " coordinatorEpoch: \(entry.coordinatorEpoch)"
                + " currentTxnFirstOffset: \(javaOptionalLong(entry.currentTxnFirstOffset >= 0 ? entry.currentTxnFirstOffset : nil))"
                + " lastTimestamp: \(entry.timestamp) "
            // Kafka keeps batch metadata only for entries with a last offset.
            if entry.lastOffset >= 0 {
                line += "firstSequence: \(KafkaNames.decrementSequence(entry.lastSequence, entry.offsetDelta))"
                    + " lastSequence: \(entry.lastSequence) lastOffset: \(entry.lastOffset)"
                    + " offsetDelta: \(entry.offsetDelta) timestamp: \(entry.timestamp)"
            }
            console.println(line)
        }
    }
}
