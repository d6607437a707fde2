import BluelampCore
import Foundation
import Testing

/// EVENTS.csv to DUE.csv without the command: every bad kind of row, with its line and column.
@Suite struct VictimsCodeDueFileTests {
    static func due(_ text: String) throws -> [VictimsCodeDueFile.Row] {
        try VictimsCodeDueFile.due(events: Data(text.utf8), calendar: VictimsTestSupport.calendar)
    }

    static func problems(_ text: String) -> [String] {
        do {
            _ = try due(text)
            return []
        } catch let found as VictimsCodeDueFile.Problems {
            return found.problems.map { $0.description(file: "EVENTS.csv") }
        } catch {
            return ["unexpected \(error)"]
        }
    }

    @Test func `works out each row in order, with the columns in any order and quoted fields`() throws {
        let rows = try Self.due(
            #"""
            event,occurred_at,victim_id,enhanced
            arrested,2025-03-07T23:30:00Z,"V-1, Smith",true
            charged,2025-06-05T23:05:00.250Z,V-2,false
            no_further_action,2025-10-26T00:30:00+01:00,"V-""3""",false

            """#)
        #expect(rows.map(\.victimID) == ["V-1, Smith", "V-2", "V-\"3\""])
        #expect(rows.map(\.dueBy.text) == ["2025-03-10", "2025-06-13", "2025-10-31"])
        #expect(rows.map(\.line) == [2, 3, 4])
        #expect(
            VictimsCodeDueFile.csv(rows) == #"""
                victim_id,event,occurred_at,due_by
                "V-1, Smith",arrested,2025-03-07T23:30:00Z,2025-03-10
                V-2,charged,2025-06-05T23:05:00.250Z,2025-06-13
                "V-""3""",no_further_action,2025-10-26T00:30:00+01:00,2025-10-31

                """#)
    }

    @Test func `a header alone gives an empty DUE.csv`() throws {
        #expect(try Self.due("victim_id,enhanced,event,occurred_at\n").isEmpty)
    }

    @Test(arguments: [
        (
            "V1,true,arrest,2025-03-07T10:00:00Z",
            "EVENTS.csv:2: column event: unknown event \"arrest\"; expected one of "
                + "arrested, interviewed, released_on_bail, released_under_investigation, charged, no_further_action, "
                + "investigation_closed, outcome_recorded"
        ),
        (
            "V1,true,arrested,2025-03-07T10:00:00",
            "EVENTS.csv:2: column occurred_at: \"2025-03-07T10:00:00\" has no "
                + "offset; add Z for UTC or one such as +01:00, as the zone is never guessed"
        ),
        (
            "V1,true,arrested,2025-03-07",
            "EVENTS.csv:2: column occurred_at: \"2025-03-07\" has no time and no offset; "
                + "give both, e.g. 2025-03-07T14:30:00Z"
        ),
        (
            "V1,true,arrested,yesterday",
            "EVENTS.csv:2: column occurred_at: \"yesterday\" is not an ISO 8601 date and "
                + "time with an offset, e.g. 2025-03-01T14:30:00Z"
        ),
        (
            "V1,true,arrested,2025-02-30T10:00:00Z",
            "EVENTS.csv:2: column occurred_at: \"2025-02-30T10:00:00Z\" is not "
                + "an ISO 8601 date and time with an offset, e.g. 2025-03-01T14:30:00Z"
        ),
        ("V1,yes,arrested,2025-03-07T10:00:00Z", "EVENTS.csv:2: column enhanced: \"yes\" is not true or false"),
        ("V1,TRUE,arrested,2025-03-07T10:00:00Z", "EVENTS.csv:2: column enhanced: \"TRUE\" is not true or false"),
        (",true,arrested,2025-03-07T10:00:00Z", "EVENTS.csv:2: column victim_id: empty; every row needs one"),
        (" ,true,arrested,2025-03-07T10:00:00Z", "EVENTS.csv:2: column victim_id: empty; every row needs one"),
        (
            "V1,false,arrested,2030-12-31T10:00:00Z",
            "EVENTS.csv:2: column occurred_at: the due date cannot be worked "
                + "out: it falls outside the bank-holiday data (2015-01-01 to 2030-12-31), and is never guessed"
        ),
        (
            "V1,true,arrested,2014-12-31T10:00:00Z",
            "EVENTS.csv:2: column occurred_at: the due date cannot be worked "
                + "out: it falls outside the bank-holiday data (2015-01-01 to 2030-12-31), and is never guessed"
        ),
        (
            "V1,true,arrested",
            "EVENTS.csv:2: the row is truncated: 3 of 4 fields, and the file ends without a line "
                + "break"
        ),
        (
            "V1,true,arr\"ested,2025-03-07T10:00:00Z",
            "EVENTS.csv:2: column event: a quote inside a field that is not "
                + "quoted"
        ),
    ])
    func `a bad row is refused with its line, column and reason`(row: String, problem: String) {
        #expect(Self.problems("victim_id,enhanced,event,occurred_at\n" + row) == [problem])
    }

    @Test func `every bad row is reported, not only the first`() {
        let problems = Self.problems(
            """
            victim_id,enhanced,event,occurred_at
            V1,true,arrested,2025-03-07T10:00:00Z
            ,maybe,arrested,2025-03-07T10:00:00Z
            V3,true,arrested,2025-03-07T10:00:00Z
            V4,true,slapped,2025-03-07

            """)
        #expect(
            problems == [
                "EVENTS.csv:3: column victim_id: empty; every row needs one",
                "EVENTS.csv:3: column enhanced: \"maybe\" is not true or false",
                "EVENTS.csv:5: column event: unknown event \"slapped\"; expected one of arrested, interviewed, "
                    + "released_on_bail, released_under_investigation, charged, no_further_action, "
                    + "investigation_closed, outcome_recorded",
                "EVENTS.csv:5: column occurred_at: \"2025-03-07\" has no time and no offset; give both, e.g. "
                    + "2025-03-07T14:30:00Z",
            ])
    }

    @Test(arguments: [
        ("victim_id,enhanced,occurred_at\n", ["EVENTS.csv:1: column event: missing from the header"]),
        (
            "victim_id,enhanced,event,occurred_at,notes\n",
            [
                "EVENTS.csv:1: column notes: not expected; the columns are victim_id,enhanced,event,occurred_at"
            ]
        ),
        (
            "victim_id,enhanced,event,event,occurred_at\n",
            [
                "EVENTS.csv:1: column event: appears more than once in the header"
            ]
        ),
        (
            "id,enhanced,event,occurred_at\n",
            [
                "EVENTS.csv:1: column id: not expected; the columns are victim_id,enhanced,event,occurred_at",
                "EVENTS.csv:1: column victim_id: missing from the header",
            ]
        ),
        ("", ["EVENTS.csv:1: the file is empty; expected the header victim_id,enhanced,event,occurred_at"]),
    ])
    func `a bad header is refused, naming each column`(text: String, expected: [String]) {
        #expect(Self.problems(text) == expected)
    }

    // MARK: - Timestamps

    @Test(arguments: [
        ("2025-03-07T23:30:00Z", "2025-03-07T23:30:00Z"),
        ("2025-03-31T00:05:00+01:00", "2025-03-30T23:05:00Z"),
        ("2025-03-31T00:05:00+0100", "2025-03-30T23:05:00Z"),
        ("2025-03-07T10:00:00-05:00", "2025-03-07T15:00:00Z"),
        ("2025-03-07T10:00Z", "2025-03-07T10:00:00Z"),
        ("2025-03-07T10:00:00.5Z", "2025-03-07T10:00:00.500Z"),
    ])
    func `reads ISO 8601 instants with an offset`(text: String, utc: String) throws {
        let date = try ISO8601Timestamp.parse(text).get()
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        #expect(
            formatter.string(from: date) == (utc.contains(".") ? utc : utc.replacingOccurrences(of: "Z", with: ".000Z"))
        )
    }

    @Test(arguments: [
        "2025-03-07T24:00:00Z", "2025-03-07T10:60:00Z", "2025-03-07 10:00:00Z", "2025-03-07T10:00:00+25:00",
        "2025-03-07T10:00:00Zjunk", "2025-03-07T10:00:00.Z", "", "2025/03/07T10:00:00Z",
    ])
    func `refuses what is not an instant`(text: String) {
        guard case .failure(let failure) = ISO8601Timestamp.parse(text) else {
            Issue.record("accepted \"\(text)\"")
            return
        }
        #expect(failure.kind == .invalid)
    }
}
