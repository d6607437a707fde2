import BluelampCore
import Foundation
import Testing

/// The calls file format and the figures computed from it (issue 18): a hand-made file whose percentages are known,
/// and a corpus of bad rows each named with its line and field.
@Suite struct CallFiguresTests {
    static let header =
        "call_id,channel,received_at,answered_after_seconds,abandoned_after_seconds,grade,attended_at,bcu,"
        + "crime_reference\n"

    /// Ten 999 calls answered in 2…10 and 15 seconds (9 of 10 within 10), one abandoned (not counted); five 101 calls,
    /// one abandoned; four immediate incidents attended in 5, 10, 15 and 16 minutes; two significant, one attended
    /// in 45 minutes and one never; one online report.
    static let handMade =
        header + """
            C1,999,2025-01-15T09:00:00Z,2,,I,2025-01-15T09:05:00Z,CE,
            C2,999,2025-01-15T09:10:00Z,3,,I,2025-01-15T09:20:00Z,CE,5212345/25
            C3,999,2025-01-15T09:20:00Z,4,,I,2025-01-15T09:35:00Z,CE,
            C4,999,2025-01-15T09:30:00Z,5,,I,2025-01-15T09:46:00Z,CE,
            C5,999,2025-01-15T09:40:00Z,6,,S,2025-01-15T10:25:00Z,CE,
            C6,999,2025-01-15T21:00:00Z,7,,S,,CW,
            C7,999,2025-01-15T21:10:00Z,8,,E,,CW,
            C8,999,2025-01-15T21:20:00Z,9,,,,CW,
            C9,999,2025-01-15T21:30:00Z,10,,R,,CW,
            C10,999,2025-02-01T21:40:00Z,15,,,,CW,
            C11,999,2025-01-15T21:50:00Z,,40,,,CW,
            N1,101,2025-01-16T10:00:00Z,30,,,,CE,
            N2,101,2025-01-16T10:01:00Z,60,,,,CE,
            N3,101,2025-01-16T10:02:00Z,90,,,,CE,
            N4,101,2025-01-16T10:03:00Z,600,,,,CE,
            N5,101,2025-01-16T10:04:00Z,,300,,,CE,
            O1,online,2025-01-16T12:00:00Z,,,,,CE,

            """

    static func read(_ text: String) -> [CallsFileRow] {
        var reader = CSVReader()
        var calls = CallsFileReader()
        var rows: [CallsFileRow] = []
        reader.consume(Data(text.utf8)) { if let row = calls.read($0) { rows.append(row) } }
        reader.finish { if let row = calls.read($0) { rows.append(row) } }
        return rows
    }

    @Test func `the hand-made file's figures`() throws {
        let rows = Self.read(Self.handMade)
        let calls: [CallRecord] = rows.compactMap {
            if case .call(let call, _) = $0 { return call }
            Issue.record("rejected: \($0)")
            return nil
        }
        #expect(calls.count == 17)
        #expect(calls[1].crimeReference == "5212345/25")
        let figures = CallFigures.compute(calls)

        #expect(figures.emergencyWithinStandard == CallShare(met: 9, of: 10))
        #expect(figures.emergencyWithinStandard.rate == 0.9)
        #expect(figures.emergencyByHour == [9: CallShare(met: 5, of: 5), 21: CallShare(met: 4, of: 5)])
        #expect(figures.emergencyByMonth == ["2025-01": CallShare(met: 9, of: 9), "2025-02": CallShare(met: 0, of: 1)])
        #expect(
            figures.emergencyByDay == [
                CalendarDay("2025-01-15")!: CallShare(met: 9, of: 9),
                CalendarDay("2025-02-01")!: CallShare(met: 0, of: 1),
            ])
        #expect(
            figures.emergencyByBCU == [.centralEast: CallShare(met: 5, of: 5), .centralWest: CallShare(met: 4, of: 5)])
        #expect(figures.emergencyMedianSeconds == 6)
        #expect(figures.emergencyP90Seconds == 10)
        #expect(figures.nonEmergencyAbandoned == CallShare(met: 1, of: 5))
        #expect(figures.nonEmergencyAbandoned.rate == 0.2)
        #expect(figures.nonEmergencyMedianSeconds == 60)
        #expect(figures.nonEmergencyP90Seconds == 600)
        #expect(figures.immediateAttended == CallShare(met: 3, of: 4))
        #expect(figures.significantAttended == CallShare(met: 1, of: 2))
    }

    @Test func `hours are Europe/London hours: 08:30 UTC in July is 09 BST`() {
        // 2025-07-01T08:30Z.
        let call = CallRecord(
            callID: "X", channel: .emergency, receivedAt: Date(timeIntervalSince1970: 1_751_358_600),
            answeredAfterSeconds: 3, abandonedAfterSeconds: nil, grade: nil, attendedAt: nil, bcu: .centralEast,
            crimeReference: nil)
        #expect(CallFigures.compute([call]).emergencyByHour == [9: CallShare(met: 1, of: 1)])
    }

    @Test(
        arguments: [
            (0.5, [Int: Int](), nil), (0.5, [7: 1], 7), (0.9, [1: 9, 100: 1], 1), (0.9, [1: 8, 100: 2], 100),
            (0.5, [1: 1, 2: 1], 1),
        ] as [(Double, [Int: Int], Int?)])
    func `nearest-rank percentiles`(_ share: Double, _ histogram: [Int: Int], _ expected: Int?) {
        #expect(CallFigures.percentile(share, of: histogram) == expected)
    }

    struct BadRow: Sendable, CustomTestStringConvertible {
        let row: String
        let field: String?
        let reason: String
        var testDescription: String { "\(field ?? "row"): \(reason)" }
    }

    static let corpus: [BadRow] = [
        BadRow(row: ",999,2025-01-15T09:00:00Z,2,,,,CE,", field: "call_id", reason: "empty; every call needs one"),
        BadRow(
            row: "B1,112,2025-01-15T09:00:00Z,2,,,,CE,", field: "channel", reason: "\"112\" is not 999, 101 or online"),
        BadRow(
            row: "B1,999,15/01/2025 09:00,2,,,,CE,", field: "received_at", reason: "is not an ISO 8601 date and time"),
        BadRow(row: "B1,999,2025-01-15T09:00:00,2,,,,CE,", field: "received_at", reason: "has no offset"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,-2,,,,CE,", field: "answered_after_seconds",
            reason: "is not whole seconds"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2.5,,,,CE,", field: "answered_after_seconds",
            reason: "is not whole seconds"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,,99999,,,CE,", field: "abandoned_after_seconds", reason: "from 0 to 86400"
        ),
        BadRow(row: "B1,999,2025-01-15T09:00:00Z,2,5,,,CE,", field: "answered_after_seconds", reason: "exactly one of"),
        BadRow(row: "B1,101,2025-01-15T09:00:00Z,,,,,CE,", field: "answered_after_seconds", reason: "exactly one of"),
        BadRow(
            row: "B1,online,2025-01-15T09:00:00Z,4,,,,CE,", field: "answered_after_seconds", reason: "leave both empty"),
        BadRow(row: "B1,999,2025-01-15T09:00:00Z,2,,X,,CE,", field: "grade", reason: "\"X\" is not I, S, E or R"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,R,2025-01-15T09:10:00Z,CE,", field: "attended_at",
            reason: "a referred (R) incident is not attended"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,,2025-01-15T09:10:00Z,CE,", field: "attended_at",
            reason: "only a graded incident is attended"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,I,2025-01-15T08:10:00Z,CE,", field: "attended_at",
            reason: "before the call was received"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,I,2025-01-25T08:10:00Z,CE,", field: "attended_at",
            reason: "more than 7 days after the call"),
        BadRow(row: "B1,999,2025-01-15T09:00:00Z,2,,,,XX,", field: "bcu", reason: "\"XX\" is not a BCU"),
        BadRow(row: "B1,999,2025-01-15T09:00:00Z,2,,,,FORCE,", field: "bcu", reason: "\"FORCE\" is not a BCU"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,,,CE," + String(repeating: "9", count: 33), field: "crime_reference",
            reason: "longer than 32 characters"),
        BadRow(row: "B1,999,2025-01-15T09:00:00Z,2,,,,CE", field: nil, reason: "8 fields where the header has 9"),
        BadRow(
            row: "B1,999,2025-01-15T09:00:00Z,2,,,,CE,\"a\"b", field: "crime_reference",
            reason: "text after the closing quote"),
    ]

    @Test(arguments: corpus) func `a bad row is rejected with its line and field`(_ bad: BadRow) {
        let rows = Self.read(Self.header + "G1,999,2025-01-15T09:00:00Z,2,,,,CE,\n" + bad.row + "\n")
        #expect(rows.count == 2)
        guard case .rejected(let line, _, let problems) = rows.last else {
            Issue.record("not rejected: \(String(describing: rows.last))")
            return
        }
        #expect(line == 3)
        #expect(
            problems.contains { $0.line == 3 && $0.field == bad.field && $0.reason.contains(bad.reason) }, "\(problems)"
        )
    }

    @Test func `a repeated call id is rejected, naming its first line`() {
        let rows = Self.read(
            Self.header + "G1,999,2025-01-15T09:00:00Z,2,,,,CE,\nG1,101,2025-01-15T09:00:00Z,2,,,,CE,\n")
        guard case .rejected(_, _, let problems) = rows.last else {
            Issue.record("not rejected")
            return
        }
        #expect(
            problems == [FileProblem(line: 3, field: "call_id", reason: "\"G1\" is repeated; it is first on line 2")])
    }

    @Test func `a bad header refuses the file on line 1`() {
        let rows = Self.read("call_id,channel,received\nG1,999,2025-01-15T09:00:00Z\n")
        guard case .rejected(let line, _, let problems) = rows.first else {
            Issue.record("not rejected")
            return
        }
        #expect(line == 1)
        #expect(problems.contains { $0.field == "received" && $0.reason.hasPrefix("not expected") })
        #expect(problems.contains { $0.field == "bcu" && $0.reason == "missing from the header" })
    }
}
