import Foundation

/// Splits CSV text into records (RFC 4180: comma-separated, `"` quoting with `""` for a quote, CRLF or LF).
///
/// Lenient where being strict helps nobody: a leading UTF-8 byte order mark (spreadsheet exports add one)
/// is dropped, blank lines are skipped, and values are trimmed of surrounding spaces.
struct RSOCsvReader {
    struct Record: Sendable, Hashable {
        /// The line the record starts on, from 1.
        let line: Int
        let fields: [String]
    }

    /// The records, and the line of a quoted value left open at the end of the text, if any.
    static func read(_ text: String) -> (records: [Record], unterminatedQuoteLine: Int?) {
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var inQuotes = false
        var fieldWasQuoted = false
        var line = 1
        var recordLine = 1
        var quoteLine = 1
        var scalars = text.unicodeScalars[...]
        if scalars.first == "\u{FEFF}" { scalars = scalars.dropFirst() }

        func endField() {
            // No value in these files has meaningful surrounding spaces, quoted or not.
            fields.append(String(field).trimmingCharacters(in: .whitespaces))
            field = String.UnicodeScalarView()
            fieldWasQuoted = false
        }
        func endRecord() {
            endField()
            let blank = fields.count == 1 && fields[0].trimmingCharacters(in: .whitespaces).isEmpty
            if !blank { records.append(Record(line: recordLine, fields: fields)) }
            fields = []
        }

        var index = scalars.startIndex
        while index < scalars.endIndex {
            let scalar = scalars[index]
            index = scalars.index(after: index)
            if inQuotes {
                if scalar == "\"" {
                    if index < scalars.endIndex, scalars[index] == "\"" {
                        field.append("\"")
                        index = scalars.index(after: index)
                    } else {
                        inQuotes = false
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\"" where String(field).trimmingCharacters(in: .whitespaces).isEmpty && !fieldWasQuoted:
                field = String.UnicodeScalarView()
                inQuotes = true
                fieldWasQuoted = true
                quoteLine = line
            case "\r", "\n":
                if scalar == "\r", index < scalars.endIndex, scalars[index] == "\n" {
                    index = scalars.index(after: index)
                }
                endRecord()
                line += 1
                recordLine = line
            default:
                field.append(scalar)
            }
        }
        if inQuotes { return (records, quoteLine) }
        if !field.isEmpty || !fields.isEmpty || fieldWasQuoted { endRecord() }
        return (records, nil)
    }

    /// A value quoted only when it has to be (a comma, quote or line break in it).
    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
