/// Lower-case hexadecimal for digests and keys. `String(format: "%02x")` per byte cost the Met-scale
/// demo half its crime-writing time (32 formatted strings per crime ID), so this builds the text directly.
public enum Hex {
    private static let digits = Array("0123456789abcdef".utf8)

    /// A sequence's bytes (a digest, a prefix of one), counted first.
    public static func string(_ bytes: some Sequence<UInt8>) -> String { string(Array(bytes)) }

    /// Bytes whose count is known, written straight into the string.
    public static func string(_ bytes: some Collection<UInt8>) -> String {
        String(unsafeUninitializedCapacity: bytes.count * 2) { buffer in
            var index = 0
            for byte in bytes {
                buffer[index] = digits[Int(byte >> 4)]
                buffer[index + 1] = digits[Int(byte & 0x0f)]
                index += 2
            }
            return index
        }
    }
}
