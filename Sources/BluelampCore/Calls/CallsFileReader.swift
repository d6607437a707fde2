import Foundation

/// One record of a calls file as the reader hands it over.
public enum CallsFileRow: Sendable, Hashable {
    case call(CallRecord, line: Int)
    /// A row that cannot be imported: its line, its fields as read (nil when they could not be), and every problem.
    case rejected(line: Int, fields: [String]?, problems: [FileProblem])
}

/// Reads a calls file (issue 18, `bluelamp import calls`), one CSV record at a time, checking every row.
///
/// The format, documented in the README: a header naming the columns `call_id,channel,received_at,
/// answered_after_seconds,abandoned_after_seconds,grade,attended_at,bcu,crime_reference` in any order, each once;
/// then one row per call:
/// - `call_id`: 1 to 64 characters, once in the file (a call already held is skipped on import, so files may
///   overlap);
/// - `channel`: `999`, `101` or `online`;
/// - `received_at`, `attended_at`: ISO 8601 with an offset or `Z` (`attended_at` empty unless attended, and never
///   before `received_at`, nor more than 7 days after);
/// - `answered_after_seconds` / `abandoned_after_seconds`: whole seconds, 0 to 86,400; exactly one of them for a
///   999 or 101 call, neither for an online report;
/// - `grade`: empty, or `I`, `S`, `E`, `R`; a referred (`R`) incident is not attended, and only a graded incident is;
/// - `bcu`: one of the twelve BCU codes (`CE` … `WA`);
/// - `crime_reference`: empty, or the crime recorded from the call's incident (up to 32 characters).
public struct CallsFileReader: Sendable {
    public static let columns = [
        "call_id", "channel", "received_at", "answered_after_seconds", "abandoned_after_seconds", "grade",
        "attended_at", "bcu", "crime_reference",
    ]
    public static let maxIDLength = 64
    public static let maxReferenceLength = 32
    public static let maxSeconds = 86_400
    public static let maxAttendDays = 7

    private var index: [String: Int]?
    private var header: [String] = []
    private var seen: [String: Int] = [:]
    /// A problem with the header: every later row is refused with it.
    public private(set) var headerProblems: [FileProblem] = []

    public init() {}

    /// Reads one record. The first is the header: nil back when it is good, the whole file refused on line 1 when it
    /// is not (and nil for every record after it).
    public mutating func read(_ row: CSVRow) -> CallsFileRow? {
        if index == nil && headerProblems.isEmpty {
            readHeader(row)
            return headerProblems.isEmpty ? nil : .rejected(line: 1, fields: nil, problems: headerProblems)
        }
        guard let index else { return nil }
        switch row {
        case .failure(let error):
            let column = error.column.map { $0 <= header.count ? header[$0 - 1] : "\($0)" }
            return .rejected(
                line: error.line, fields: nil,
                problems: [FileProblem(line: error.line, field: column, reason: error.reason)])
        case .success(let record):
            return check(record, index: index)
        }
    }

    private mutating func readHeader(_ row: CSVRow) {
        switch row {
        case .failure(let error):
            headerProblems = [FileProblem(line: 1, field: nil, reason: error.reason)]
        case .success(let record):
            header = record.fields
            var found: [String: Int] = [:]
            let expected = Self.columns.joined(separator: ",")
            for (position, name) in record.fields.enumerated() {
                if !Self.columns.contains(name) {
                    headerProblems.append(
                        FileProblem(line: 1, field: name, reason: "not expected; the columns are \(expected)"))
                } else if found[name] != nil {
                    headerProblems.append(FileProblem(line: 1, field: name, reason: "appears more than once"))
                } else {
                    found[name] = position
                }
            }
            for name in Self.columns where found[name] == nil {
                headerProblems.append(FileProblem(line: 1, field: name, reason: "missing from the header"))
            }
            if headerProblems.isEmpty { index = found }
        }
    }

    private mutating func check(_ record: CSVRecord, index: [String: Int]) -> CallsFileRow {
        func field(_ name: String) -> String { record.fields[index[name]!] }
        var problems: [FileProblem] = []
        func problem(_ column: String, _ reason: String) {
            problems.append(FileProblem(line: record.line, field: column, reason: reason))
        }

        let callID = field("call_id")
        if callID.trimmingCharacters(in: .whitespaces).isEmpty {
            problem("call_id", "empty; every call needs one")
        } else if callID.count > Self.maxIDLength {
            problem("call_id", "longer than \(Self.maxIDLength) characters")
        } else if let first = seen[callID] {
            problem("call_id", "\"\(callID)\" is repeated; it is first on line \(first)")
        }

        let channelText = field("channel")
        let channel = CallChannel(rawValue: channelText)
        if channel == nil { problem("channel", "\"\(channelText)\" is not 999, 101 or online") }

        let received = time(field("received_at"), column: "received_at", &problems, line: record.line)
        let answered = seconds(
            field("answered_after_seconds"), column: "answered_after_seconds", &problems, record.line)
        let abandoned = seconds(
            field("abandoned_after_seconds"), column: "abandoned_after_seconds", &problems, record.line)
        if let channel, answered.isValid, abandoned.isValid {
            let both = answered.value != nil && abandoned.value != nil
            let neither = answered.value == nil && abandoned.value == nil
            if channel == .online && !neither {
                problem(
                    "answered_after_seconds", "an online report is neither answered nor abandoned; leave both empty")
            } else if channel != .online && (both || neither) {
                problem(
                    "answered_after_seconds",
                    "a \(channel.rawValue) call is either answered or abandoned: give exactly one of "
                        + "answered_after_seconds and abandoned_after_seconds")
            }
        }

        let gradeText = field("grade")
        let grade = gradeText.isEmpty ? nil : IncidentGrade(rawValue: gradeText)
        if !gradeText.isEmpty && grade == nil { problem("grade", "\"\(gradeText)\" is not I, S, E or R") }

        let attendedText = field("attended_at")
        var attended: Date?
        if !attendedText.isEmpty {
            attended = time(attendedText, column: "attended_at", &problems, line: record.line)
            if gradeText.isEmpty {
                problem("attended_at", "only a graded incident is attended; the grade is empty")
            } else if grade == .referred {
                problem("attended_at", "a referred (R) incident is not attended")
            } else if let attended, let received {
                if attended < received {
                    problem("attended_at", "before the call was received")
                } else if attended.timeIntervalSince(received) > Double(Self.maxAttendDays * 86_400) {
                    problem("attended_at", "more than \(Self.maxAttendDays) days after the call")
                }
            }
        }

        let bcuText = field("bcu")
        let bcu = BCU(rawValue: bcuText).flatMap { $0 == .force ? nil : $0 }
        if bcu == nil {
            problem("bcu", "\"\(bcuText)\" is not a BCU: one of \(BCU.territorial.map(\.code).joined(separator: ", "))")
        }

        let reference = field("crime_reference")
        if reference.count > Self.maxReferenceLength {
            problem("crime_reference", "longer than \(Self.maxReferenceLength) characters")
        }

        if seen[callID] == nil { seen[callID] = record.line }
        guard problems.isEmpty, let channel, let received, let bcu else {
            return .rejected(line: record.line, fields: record.fields, problems: problems)
        }
        return .call(
            CallRecord(
                callID: callID, channel: channel, receivedAt: received, answeredAfterSeconds: answered.value,
                abandonedAfterSeconds: abandoned.value, grade: grade, attendedAt: attended, bcu: bcu,
                crimeReference: reference.isEmpty ? nil : reference),
            line: record.line)
    }

    private func time(_ text: String, column: String, _ problems: inout [FileProblem], line: Int) -> Date? {
        switch ISO8601Timestamp.parse(text) {
        case .success(let date): return date
        case .failure(let failure):
            problems.append(FileProblem(line: line, field: column, reason: failure.reason))
            return nil
        }
    }

    private func seconds(
        _ text: String, column: String, _ problems: inout [FileProblem], _ line: Int
    ) -> (value: Int?, isValid: Bool) {
        if text.isEmpty { return (nil, true) }
        guard text.allSatisfy({ $0.isASCII && $0.isNumber }), let value = Int(text), value <= Self.maxSeconds else {
            problems.append(
                FileProblem(line: line, field: column, reason: "\"\(text)\" is not whole seconds from 0 to 86400"))
            return (nil, false)
        }
        return (value, true)
    }
}
