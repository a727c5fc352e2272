/// A leader epoch and the first offset written in it (`EpochEntry`).
public struct EpochEntry: Hashable, Sendable {
    public var epoch: Int32
    public var startOffset: Int64

    public init(epoch: Int32, startOffset: Int64) {
        self.epoch = epoch
        self.startOffset = startOffset
    }
}

/// Errors reading a checkpoint file (`CheckpointFile.read`).
public struct CheckpointFileError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

/// The epoch → start offset history of a partition (`LeaderEpochFileCache`), stored in the
/// partition's `leader-epoch-checkpoint`: `0`, the count, then `epoch startOffset` lines.
public struct LeaderEpochCache: Hashable, Sendable {
    public private(set) var entries: [EpochEntry]

    public init(entries: [EpochEntry] = []) { self.entries = entries }

    public var latestEpoch: Int32? { entries.last?.epoch }

    /// Records that `epoch` starts at `startOffset`, dropping entries it contradicts. Returns
    /// whether anything changed (so the caller rewrites the file).
    @discardableResult
    public mutating func assign(epoch: Int32, startOffset: Int64) -> Bool {
        guard epoch >= 0, startOffset >= 0 else { return false }
        if let last = entries.last, last.epoch == epoch, startOffset >= last.startOffset { return false }
        entries.removeAll { $0.epoch >= epoch || $0.startOffset >= startOffset }
        entries.append(EpochEntry(epoch: epoch, startOffset: startOffset))
        return true
    }

    /// Removes entries starting at or after `endOffset` (log truncation).
    @discardableResult
    public mutating func truncateFromEnd(endOffset: Int64) -> Bool {
        let before = entries.count
        entries.removeAll { $0.startOffset >= endOffset }
        return entries.count != before
    }

    /// Drops entries before a new log start offset; the last one dropped is kept, moved to it.
    @discardableResult
    public mutating func truncateFromStart(startOffset: Int64) -> Bool {
        let removed = entries.filter { $0.startOffset <= startOffset }
        guard let last = removed.last else { return false }
        let changed = removed.count > 1 || last.startOffset != startOffset
        entries.removeAll { $0.startOffset <= startOffset }
        entries.insert(EpochEntry(epoch: last.epoch, startOffset: startOffset), at: 0)
        return changed
    }

    /// OffsetForLeaderEpoch (`endOffsetFor`): the largest epoch ≤ `requestedEpoch` and the offset
    /// where the next epoch starts (or the log end offset for the latest epoch). -1/-1 if unknown.
    public func endOffset(for requestedEpoch: Int32, logEndOffset: Int64) -> EpochEntry {
        let undefined = EpochEntry(epoch: -1, startOffset: -1)
        if requestedEpoch == -1 { return undefined }
        if latestEpoch == requestedEpoch { return EpochEntry(epoch: requestedEpoch, startOffset: logEndOffset) }
        guard let higher = entries.first(where: { $0.epoch > requestedEpoch }) else { return undefined }
        guard let floor = entries.last(where: { $0.epoch <= requestedEpoch }) else {
            return EpochEntry(epoch: requestedEpoch, startOffset: higher.startOffset)
        }
        return EpochEntry(epoch: floor.epoch, startOffset: higher.startOffset)
    }

    /// The checkpoint file text.
    public func encoded() -> String {
        var text = "0\n\(entries.count)\n"
        for e in entries { text += "\(e.epoch) \(e.startOffset)\n" }
        return text
    }

    /// Parses checkpoint text with `CheckpointFile`'s checks (version 0, count matches).
    public init(parsing text: String, path: String = LogFileNames.leaderEpochCheckpoint) throws(CheckpointFileError) {
        var lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        // Kafka creates the file empty and reads an empty file as no entries.
        if lines.isEmpty {
            self.entries = []
            return
        }
        guard let versionLine = lines.first else {
            throw CheckpointFileError("Malformed line in checkpoint file (\(path)): ''")
        }
        guard versionLine == "0" else {
            throw CheckpointFileError("Unrecognized version of the checkpoint file (\(path)): \(versionLine)")
        }
        guard lines.count >= 2, let count = Int(lines[1]), count >= 0 else {
            throw CheckpointFileError("Malformed line in checkpoint file (\(path)): '\(lines.count >= 2 ? lines[1] : "")'")
        }
        var entries: [EpochEntry] = []
        for line in lines.dropFirst(2) {
            let parts = line.split(separator: " ", omittingEmptySubsequences: false)
            guard parts.count == 2, let epoch = Int32(parts[0]), let offset = Int64(parts[1]) else {
                throw CheckpointFileError("Malformed line in checkpoint file (\(path)): '\(line)'")
            }
            entries.append(EpochEntry(epoch: epoch, startOffset: offset))
        }
        guard entries.count == count else {
            throw CheckpointFileError("Expected \(count) entries in checkpoint file (\(path)), but found only \(entries.count)")
        }
        self.entries = entries
    }

    public static func read(path: String) throws -> LeaderEpochCache {
        let buffer = try StorageFile.readAll(path: path)
        return try LeaderEpochCache(parsing: String(decoding: buffer.readableBytesView, as: UTF8.self), path: path)
    }

    public func write(path: String) throws {
        try StorageFile.writeAtomically(path: path, bytes: Array(encoded().utf8))
    }
}
