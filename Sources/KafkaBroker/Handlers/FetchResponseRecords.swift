import KafkaProtocol
import KafkaStorage
import NIOCore

/// A FetchResponse whose record bytes are still in the log (`FetchDataInfo.records` as
/// `FileRecords`): `slices[t][p]` holds the records of `response.responses[t].partitions[p]`,
/// whose `records` is empty until one of the two encodings below fills it.
struct FetchResponseRecords: Sendable {
    var response: FetchResponse
    var slices: [[LogReadSlice?]]

    /// The response with the record bytes read into buffers (`pread`).
    func materialized() -> FetchResponse {
        var out = response
        for (t, row) in slices.enumerated() where t < out.responses.count {
            for (p, slice) in row.enumerated() where p < out.responses[t].partitions.count {
                guard let slice else { continue }
                Self.read(slice, into: &out.responses[t].partitions[p])
            }
        }
        return out
    }

    /// The response frame with each slice sent as a file region (`sendfile`). A slice whose
    /// descriptor cannot be duplicated is read into the buffer instead; the bytes on the wire
    /// are the same either way.
    func send(version: Int16, correlationId: Int32, allocator: ByteBufferAllocator) throws -> ResponseSend {
        var out = response
        var handles: [NIOFileHandle] = []
        var regions: [[FileRegion?]] = []
        for (t, row) in slices.enumerated() where t < out.responses.count {
            var regionRow: [FileRegion?] = []
            for (p, slice) in row.enumerated() where p < out.responses[t].partitions.count {
                guard let slice else {
                    regionRow.append(nil)
                    continue
                }
                if let made = try? slice.makeFileRegion() {
                    handles.append(made.handle)
                    regionRow.append(made.region)
                } else {
                    Self.read(slice, into: &out.responses[t].partitions[p])
                    regionRow.append(nil)
                }
            }
            regions.append(regionRow)
        }
        // Owned from here on: closed after the write, or when dropped if encoding throws.
        let files = SegmentFileHandles(handles)
        let parts = try FetchResponseSplicer.frame(out, regions: regions, version: version,
                                                   correlationId: correlationId, allocator: allocator)
        return ResponseSend(parts: parts, files: files)
    }

    /// Reads a slice into its partition; a failed read answers KAFKA_STORAGE_ERROR, as a failed
    /// log read does.
    private static func read(_ slice: LogReadSlice, into data: inout FetchResponse.PartitionData) {
        do {
            data.records = try slice.readBytes()
        } catch {
            data.errorCode = ErrorCode.kafkaStorageError.rawValue
            data.records = ByteBuffer()
            data.highWatermark = -1
            data.lastStableOffset = -1
            data.logStartOffset = -1
            data.abortedTransactions = nil
        }
    }
}
