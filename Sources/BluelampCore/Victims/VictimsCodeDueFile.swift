import Foundation

/// The key-event clock on files, so anyone can check it against the Code without a database (issue 16,
/// `bluelamp victims-code due`): EVENTS.csv in (`victim_id,enhanced,event,occurred_at`, in any column order), DUE.csv
/// out (`victim_id,event,occurred_at,due_by`, in the input's order). Any bad row refuses the whole file.
public enum VictimsCodeDueFile {
    /// The columns EVENTS.csv must have, each once, in any order.
    public static let eventColumns = ["victim_id", "enhanced", "event", "occurred_at"]
    /// The columns of DUE.csv, in order.
    public static let dueColumns = ["victim_id", "event", "occurred_at", "due_by"]

    /// One event and the last day to tell the victim of it.
    public struct Row: Sendable, Hashable {
        /// The line of EVENTS.csv the row came from (the header is line 1).
        public let line: Int
        public let victimID: String
        public let enhanced: Bool
        public let event: VictimKeyEvent
        /// `occurred_at` exactly as the file gave it.
        public let occurredAtText: String
        public let occurredAt: Date
        public let dueBy: CalendarDay
    }

    /// One problem in EVENTS.csv: the line (the header is line 1), the column's name when the problem is in one
    /// column, and the reason.
    public struct Problem: Sendable, Hashable {
        public let line: Int
        public let column: String?
        public let reason: String

        public init(line: Int, column: String?, reason: String) {
            self.line = line
            self.column = column
            self.reason = reason
        }

        /// `EVENTS.csv:3: column event: unknown event "arrest" …`, with the file named as the caller names it.
        public func description(file: String) -> String {
            column.map { "\(file):\(line): column \($0): \(reason)" } ?? "\(file):\(line): \(reason)"
        }
    }

    /// Every problem in the file, in line order; nothing is due when there are any.
    public struct Problems: Error, Sendable, Hashable {
        public let problems: [Problem]
    }

    /// Reads EVENTS.csv and works out each row's due date. Throws `Problems` listing every bad row and header problem.
    public static func due(events: Data, calendar: BankHolidayCalendar) throws -> [Row] {
        var records: [CSVRow] = []
        var reader = CSVReader()
        reader.consume(events) { records.append($0) }
        reader.finish { records.append($0) }
        guard let first = records.first else {
            throw Problems(problems: [
                Problem(line: 1, column: nil, reason: "the file is empty; expected the header \(headerText)")
            ])
        }
        let header: [String]
        switch first {
        case .failure(let error): throw Problems(problems: [Problem(line: 1, column: nil, reason: error.reason)])
        case .success(let record): header = record.fields
        }
        let index = try columnIndex(header)

        var rows: [Row] = []
        var problems: [Problem] = []
        for record in records.dropFirst() {
            switch record {
            case .failure(let error):
                let column = error.column.map { $0 <= header.count ? header[$0 - 1] : "\($0)" }
                problems.append(Problem(line: error.line, column: column, reason: error.reason))
            case .success(let record):
                switch row(record, index: index, calendar: calendar) {
                case .success(let row): rows.append(row)
                case .failure(let found): problems += found.problems
                }
            }
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return rows
    }

    /// DUE.csv: the header and one line per row, fields quoted where they need it, each line ending in a line feed.
    public static func csv(_ rows: [Row]) -> String {
        var text = dueColumns.joined(separator: ",") + "\n"
        for row in rows {
            let fields = [row.victimID, row.event.rawValue, row.occurredAtText, row.dueBy.text]
            text += fields.map(PoliceUKCSV.field).joined(separator: ",") + "\n"
        }
        return text
    }

    private static var headerText: String { eventColumns.joined(separator: ",") }

    /// Where each expected column is; every missing, repeated or unexpected name is a problem on line 1.
    private static func columnIndex(_ header: [String]) throws -> [String: Int] {
        var index: [String: Int] = [:]
        var problems: [Problem] = []
        for (position, name) in header.enumerated() {
            if !eventColumns.contains(name) {
                problems.append(
                    Problem(line: 1, column: name, reason: "not expected; the columns are \(headerText)"))
            } else if index[name] != nil {
                problems.append(Problem(line: 1, column: name, reason: "appears more than once in the header"))
            } else {
                index[name] = position
            }
        }
        for name in eventColumns where index[name] == nil {
            problems.append(Problem(line: 1, column: name, reason: "missing from the header"))
        }
        guard problems.isEmpty else { throw Problems(problems: problems) }
        return index
    }

    private static func row(_ record: CSVRecord, index: [String: Int], calendar: BankHolidayCalendar) -> Result<
        Row, Problems
    > {
        func field(_ name: String) -> String { record.fields[index[name]!] }
        var problems: [Problem] = []
        func problem(_ column: String, _ reason: String) {
            problems.append(Problem(line: record.line, column: column, reason: reason))
        }

        let victimID = field("victim_id")
        if victimID.trimmingCharacters(in: .whitespaces).isEmpty { problem("victim_id", "empty; every row needs one") }

        let enhancedText = field("enhanced")
        let enhanced: Bool? = enhancedText == "true" ? true : enhancedText == "false" ? false : nil
        if enhanced == nil { problem("enhanced", "\"\(enhancedText)\" is not true or false") }

        let eventText = field("event")
        let event = VictimKeyEvent(rawValue: eventText)
        if event == nil {
            let known = VictimKeyEvent.allCases.map(\.rawValue).joined(separator: ", ")
            problem("event", "unknown event \"\(eventText)\"; expected one of \(known)")
        }

        let occurredText = field("occurred_at")
        var occurredAt: Date?
        switch ISO8601Timestamp.parse(occurredText) {
        case .success(let date): occurredAt = date
        case .failure(let failure): problem("occurred_at", failure.reason)
        }

        guard problems.isEmpty, let enhanced, let event, let occurredAt else {
            return .failure(Problems(problems: problems))
        }
        do {
            let due = try VictimsCode.tellVictimDue(
                event: event, occurredAt: occurredAt, enhanced: enhanced, calendar: calendar)
            return .success(
                Row(
                    line: record.line, victimID: victimID, enhanced: enhanced, event: event,
                    occurredAtText: occurredText, occurredAt: occurredAt, dueBy: due))
        } catch {
            let range = "\(calendar.range.lowerBound.text) to \(calendar.range.upperBound.text)"
            problem(
                "occurred_at",
                "the due date cannot be worked out: it falls outside the bank-holiday data (\(range)), and is never "
                    + "guessed")
            return .failure(Problems(problems: problems))
        }
    }
}
