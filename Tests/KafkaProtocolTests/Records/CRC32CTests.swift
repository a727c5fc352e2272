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
}
