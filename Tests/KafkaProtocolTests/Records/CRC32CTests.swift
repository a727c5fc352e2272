import NIOCore
import Testing

@testable import KafkaProtocol

@Suite("CRC-32C")
struct CRC32CTests {
    @Test("known vectors")
    func vectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum(Array(0..<32 as Range<UInt8>)) == 0x46DD_794E)
        #expect(CRC32C.checksum([UInt8]()) == 0)
    }

    @Test("incremental update equals one pass, for every split point")
    func incremental() {
        let bytes = (0..<200).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        let whole = CRC32C.checksum(bytes)
        for split in 0...bytes.count {
            let crc = bytes[..<split].withUnsafeBytes { first in
                bytes[split...].withUnsafeBytes { second in CRC32C.update(CRC32C.update(0, first), second) }
            }
            #expect(crc == whole)
        }
    }

    /// Inputs of three 8 KiB and three 256-byte blocks run three interleaved chains joined by
    /// shift tables; every block size boundary is checked against the table path.
    @Test("long inputs: the interleaved chains equal the table path")
    func interleavedMatchesTables() {
        var generator = SplitMix64(seed: 3)
        let bytes = (0..<(80_000 / 8)).flatMap { _ in withUnsafeBytes(of: generator.next()) { Array($0) } }
        bytes.withUnsafeBytes { raw in
            for length in [767, 768, 769, 3 * 256 + 8, 6 * 256 + 5, 3 * 8192 - 1, 3 * 8192, 3 * 8192 + 1,
                           3 * 8192 + 3 * 256 + 17, 6 * 8192 + 300, 79_993] {
                for start in [0, 3] where start + length <= raw.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    #expect(CRC32C.update(0, slice) == CRC32C.updateWithTables(0, slice), "length \(length)")
                    #expect(CRC32C.update(0xDEAD_BEEF, slice) == CRC32C.updateWithTables(0xDEAD_BEEF, slice))
                }
            }
        }
    }

    @Test("the CRC32 instruction path equals the table path at every length and alignment")
    func hardwareMatchesTables() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { raw in
            for start in 0..<9 {
                for length in [0, 1, 7, 8, 9, 15, 16, 63, 64, 65, 767, 768, 769, 1_000, 4_000] where start + length <= raw.count {
                    let slice = UnsafeRawBufferPointer(rebasing: raw[start..<(start + length)])
                    #expect(CRC32C.update(0, slice) == CRC32C.updateWithTables(0, slice))
                    #expect(CRC32C.update(0x1234_5678, slice) == CRC32C.updateWithTables(0x1234_5678, slice))
                }
            }
        }
    }
}
