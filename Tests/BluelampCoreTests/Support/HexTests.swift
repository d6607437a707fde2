import BluelampCore
import Foundation
import Testing

@Suite struct HexTests {
    @Test(arguments: [([UInt8](), ""), ([0x00, 0x0f, 0xa0, 0xff], "000fa0ff"), ([0x12, 0x34], "1234")])
    func `bytes as lower-case hexadecimal`(bytes: [UInt8], text: String) {
        #expect(Hex.string(bytes) == text)
        #expect(Hex.string(bytes) == bytes.map { String(format: "%02x", $0) }.joined())
        // A sequence of unknown length takes the other path, to the same text.
        #expect(Hex.string(AnySequence(bytes)) == text)
    }
}
