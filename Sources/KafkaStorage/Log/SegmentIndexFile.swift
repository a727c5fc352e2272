/// The file behind an active index: preallocated to the maximum size while the segment is active
/// (so a reader of the raw file sees Kafka's layout), trimmed to its entries when it is not.
/// Entries are written with `pwrite` at their slot; the in-memory `OffsetIndex`/`TimeIndex`
/// serves lookups, so there is no mmap.
final class SegmentIndexFile {
    let entrySize: Int
    private(set) var file: StorageFile
    private(set) var path: String
    private(set) var length: Int

    init(path: String, entrySize: Int) throws(StorageIOError) {
        self.entrySize = entrySize
        self.path = path
        self.file = try StorageFile(path: path)
        self.length = try file.size()
    }

    /// Entries that fit in `length` bytes.
    var maxEntries: Int { length / entrySize }

    func write(_ bytes: [UInt8], slot: Int) throws(StorageIOError) {
        try file.write(bytes, at: slot * entrySize)
    }

    /// Sets the file length, rounded down to whole entries (`AbstractIndex.resize`).
    func resize(to size: Int) throws(StorageIOError) {
        let rounded = roundDownToExactMultiple(max(size, 0), entrySize)
        guard rounded != length else { return }
        try file.truncate(to: rounded)
        length = rounded
    }

    /// Replaces the whole content (index rebuilt from the log), keeping `capacity` bytes.
    func rewrite(_ bytes: [UInt8], capacity: Int) throws(StorageIOError) {
        try file.truncate(to: 0)
        length = 0
        if !bytes.isEmpty { try file.write(bytes, at: 0) }
        try resize(to: max(capacity, bytes.count))
    }

    func flush() throws(StorageIOError) { try file.sync() }

    func renamed(to newPath: String) { path = newPath }
}
