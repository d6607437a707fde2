import BluelampCore
import Foundation
import Testing

@Suite struct CSVReaderTests {
    /// Reads `text` fed in chunks of `chunkSize` bytes.
    static func read(_ bytes: [UInt8], chunkSize: Int = 1 << 16, limits: CSVReader.Limits = CSVReader.Limits())
        -> [CSVRow]
    {
        var reader = CSVReader(limits: limits)
        var rows: [CSVRow] = []
        var start = 0
        while start < bytes.count {
            let end = min(start + chunkSize, bytes.count)
            reader.consume(Array(bytes[start..<end])) { rows.append($0) }
            start = end
        }
        reader.finish { rows.append($0) }
        return rows
    }

    static func read(_ text: String, chunkSize: Int = 1 << 16) -> [CSVRow] {
        read(Array(text.utf8), chunkSize: chunkSize)
    }

    @Test func `reads quoted fields with commas, quotes and line breaks`() throws {
        let rows = Self.read("a,b,c\n1,\"x, y\",\"say \"\"hi\"\"\"\n2,\"two\nlines\",\n3,,\"\"\n")
        #expect(rows.count == 4)
        #expect(try rows[1].get() == CSVRecord(line: 2, fields: ["1", "x, y", "say \"hi\""]))
        #expect(try rows[2].get() == CSVRecord(line: 3, fields: ["2", "two\nlines", ""]))
        // The record after a two-line field starts on line 5.
        #expect(try rows[3].get() == CSVRecord(line: 5, fields: ["3", "", ""]))
    }

    @Test func `gives the same records however the bytes are chunked`() throws {
        let text = "\u{FEFF}h1,h2\r\n\"é, ü\",\"q\"\"q\"\r\nplain,\"multi\r\nline\"\nlast,row"
        let whole = Self.read(text)
        for size in [1, 2, 3, 5, 7, 64] {
            #expect(Self.read(text, chunkSize: size) == whole, "chunk size \(size)")
        }
        #expect(
            try whole.map { try $0.get().fields } == [
                ["h1", "h2"], ["é, ü", "q\"q"], ["plain", "multi\r\nline"], ["last", "row"],
            ])
    }

    @Test func `accepts CRLF line endings and a last line without a line break`() throws {
        let rows = Self.read("a,b\r\n1,2\r\n3,4")
        #expect(try rows.map { try $0.get().fields } == [["a", "b"], ["1", "2"], ["3", "4"]])
    }

    @Test func `an empty input gives no records`() {
        #expect(Self.read("").isEmpty)
    }

    @Test(arguments: [
        ("a,b\n1,2,3\n", "line 2: 3 fields where the header has 2 (an unquoted comma?)"),
        ("a,b,c\n1,2\n", "line 2: 2 fields where the header has 3"),
        ("a,b,c\n1,2", "line 2: the row is truncated: 2 of 3 fields, and the file ends without a line break"),
        ("a,b\n1,\"2\n", "line 2, column 2: the file ends inside a quoted field"),
        ("a,b\n1,x\"y\n", "line 2, column 2: a quote inside a field that is not quoted"),
        ("a,b\n1,\"x\"y\n", "line 2, column 2: text after the closing quote of a quoted field"),
        ("a,b\n1,x\ry\n", "line 2, column 2: a carriage return without a line feed"),
        ("a,b\n\n1,2\n", "line 2: a blank line"),
        ("a,b\r\n\r\n1,2\r\n", "line 2: a blank line"),
    ])
    func `refuses malformed CSV naming the line`(text: String, message: String) {
        let errors = Self.read(text).compactMap { row -> String? in
            if case .failure(let error) = row { return error.description }
            return nil
        }
        #expect(errors == [message])
    }

    @Test func `hands over a record of another length when asked not to check the count`() throws {
        var reader = CSVReader(checksFieldCount: false)
        var rows: [CSVRow] = []
        reader.consume(Data("a,b\n1\n2,3,4\n".utf8)) { rows.append($0) }
        reader.finish { rows.append($0) }
        #expect(try rows.map { try $0.get().fields } == [["a", "b"], ["1"], ["2", "3", "4"]])
    }

    @Test func `carries on after a bad record`() throws {
        let rows = Self.read("a,b\n1,2,3\n4,5\n")
        #expect(rows.count == 3)
        #expect(try rows[2].get() == CSVRecord(line: 3, fields: ["4", "5"]))
    }

    @Test func `refuses invalid UTF-8 naming the field`() {
        let rows = Self.read(Array("a,b\n1,".utf8) + [0xC3, 0x28] + Array("\n".utf8))
        #expect(rows.count == 2)
        if case .failure(let error) = rows[1] {
            #expect(error.description == "line 2, column 2: not valid UTF-8")
        } else {
            Issue.record("expected an invalid UTF-8 error")
        }
    }

    @Test func `a value repeated from the row before reads the same, and a changed one as it now is`() throws {
        // Each row is compared with the one before, column by column: the same bytes, a prefix, a longer value, an
        // empty one, non-ASCII of the same length, and invalid UTF-8 in the place of a value that was valid the row before.
        let bytes =
            Array("a,b,c\nKent Police,Burglary,é\nKent Police,Burglar,è\nKent Police,Burglary!,\n".utf8)
            + Array("Kent,".utf8) + [0xC3, 0x28] + Array(",é\nKent Police,Burglary,é\n".utf8)
        let rows = Self.read(bytes)
        #expect(rows.count == 6)
        #expect(try rows[1].get().fields == ["Kent Police", "Burglary", "é"])
        #expect(try rows[2].get().fields == ["Kent Police", "Burglar", "è"])
        #expect(try rows[3].get().fields == ["Kent Police", "Burglary!", ""])
        if case .failure(let error) = rows[4] {
            #expect(error.description == "line 5, column 2: not valid UTF-8")
        } else {
            Issue.record("expected an invalid UTF-8 error")
        }
        #expect(try rows[5].get() == CSVRecord(line: 6, fields: ["Kent Police", "Burglary", "é"]))
    }
    @Test func `rejects a 10 MB field without holding it in memory`() throws {
        var reader = CSVReader()
        var rows: [CSVRow] = []
        reader.consume(Array("a,b\n1,\"".utf8)) { rows.append($0) }
        let chunk = [UInt8](repeating: UInt8(ascii: "x"), count: 64 * 1024)
        var largestBuffer = 0
        for _ in 0..<(10 * 16) {  // 10 MiB
            reader.consume(chunk) { rows.append($0) }
            largestBuffer = max(largestBuffer, reader.bufferedByteCount)
        }
        // Once the field passes the limit its bytes are dropped, not kept.
        #expect(reader.bufferedByteCount == 0)
        reader.consume(Array("\"\n2,3\n".utf8)) { rows.append($0) }
        reader.finish { rows.append($0) }
        #expect(largestBuffer <= CSVReader.Limits().maxFieldBytes + 1)  // the field, and the "1" before it
        #expect(rows.count == 3)
        guard case .failure(let error) = rows[1] else {
            Issue.record("expected the long field to be refused")
            return
        }
        #expect(error.description == "line 2, column 2: longer than the limit of 1048576 bytes")
        #expect(try rows[2].get() == CSVRecord(line: 3, fields: ["2", "3"]))
    }

    @Test func `a field at the limit is accepted`() throws {
        let limits = CSVReader.Limits(maxFieldBytes: 8)
        let ok = Self.read(Array("a\n12345678\n".utf8), limits: limits)
        #expect(try ok[1].get().fields == ["12345678"])
        let tooLong = Self.read(Array("a\n123456789\n".utf8), limits: limits)
        if case .failure(let error) = tooLong[1] {
            #expect(error.kind == .fieldTooLong(limit: 8))
        } else {
            Issue.record("expected a field over the limit to be refused")
        }
    }

    @Test func `limits the number of fields`() {
        let rows = Self.read(Array(("a\n" + String(repeating: ",", count: 2000) + "\n").utf8))
        if case .failure(let error) = rows[1] {
            #expect(error.description == "line 2: the row has more than 1024 fields")
        } else {
            Issue.record("expected too many fields to be refused")
        }
    }
}
