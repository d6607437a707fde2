import BluelampCore
import Foundation
import Testing

@Suite struct VisitPlanFilesTests {
    private typealias F = OffenderFixtures

    private let start = F.day("2025-01-06")
    private let managers = "manager_id,visits_per_week\nOM-1,3\nOM-2,2\n"
    private let register = """
        offender_id,manager_id,risk,last_successful_visit,frequency_months
        RSO-1,OM-1,very_high,2024-12-20,
        RSO-2,OM-1,high,2024-10-01,
        RSO-3,OM-2,low,,
        RSO-4,OM-2,medium,2024-08-15,3

        """

    private func errors(register: String? = nil, managers: String? = nil, weeks: Int = 4) -> [FileProblem] {
        do {
            _ = try VisitPlanFiles.plan(
                register: register ?? self.register, managers: managers ?? self.managers, start: start, weeks: weeks,
                seed: 1)
            return []
        } catch {
            return error.problems
        }
    }

    /// The reasons as the problems give them.
    private func reasons(_ reasons: VisitPlanFiles.Reason...) -> [String] { reasons.map(\.explanation) }

    private func registerWith(_ rows: String...) -> String {
        (["offender_id,manager_id,risk,last_successful_visit,frequency_months"] + rows).joined(separator: "\n")
    }

    // MARK: - Reading good files

    @Test func `reads the register with defaults for empty frequencies and never-visited offenders`() throws {
        let offenders = try VisitPlanFiles.parseRegister(register)
        #expect(offenders.map(\.id) == ["RSO-1", "RSO-2", "RSO-3", "RSO-4"])
        #expect(offenders[0].risk == .veryHigh && offenders[0].frequencyMonths == 1)
        #expect(offenders[0].lastSuccessfulVisit == F.day("2024-12-20"))
        #expect(offenders[2].lastSuccessfulVisit == nil && offenders[2].registeredOn == nil)
        #expect(offenders[3].frequencyMonthsOverride == 3)
        #expect(try VisitPlanFiles.parseManagers(managers).map(\.visitsPerWeek) == [3, 2])
    }

    @Test func `reads files with a byte order mark, CRLF line ends, quoted values and blank lines`() throws {
        let text =
            "\u{FEFF}manager_id,visits_per_week\r\n\"OM, North\",\"4\"\r\n\r\n  OM-2 , 1 \r\n\"OM \"\"Q\"\"\",0"
        let parsed = try VisitPlanFiles.parseManagers(text)
        #expect(parsed.map(\.id) == ["OM, North", "OM-2", "OM \"Q\""])
        #expect(parsed.map(\.visitsPerWeek) == [4, 1, 0])
    }

    // MARK: - Writing the plan

    @Test func `writes one plan row per visit sorted by date, time and offender`() throws {
        let output = try VisitPlanFiles.plan(register: register, managers: managers, start: start, weeks: 8, seed: 9)
        let lines = output.planCSV.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "offender_id,manager_id,date,time,announced")
        #expect(lines.last == "")
        let rows = lines.dropFirst().dropLast().map { $0.split(separator: ",").map(String.init) }
        #expect(rows.count == output.plan.visits.count)
        #expect(rows.allSatisfy { $0.count == 5 && ["true", "false"].contains($0[4]) })
        #expect(rows.allSatisfy { OffenderCalendar.parseDay($0[2]) != nil && VisitTimeOfDay(text: $0[3]) != nil })
        let keys = rows.map { ($0[2], $0[3], $0[0]) }
        #expect(zip(keys, keys.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(output.planCSV == VisitPlanFiles.renderPlan(output.plan))
    }

    @Test func `a small register gives the plan worked out by hand`() throws {
        // OM-2 (2 a week): RSO-4 was due 15 Nov and RSO-3 (never visited, no date) counts as due 5 Jan; both
        // are overdue and seen in week 0, RSO-4 first as the riskier. OM-1 (3 a week): RSO-2 was due 1 Jan,
        // so week 0; RSO-1 is due 20 Jan, the first day of week 2, so that day, and again by 20 Feb.
        // Both of RSO-1's visits need not be unannounced: the first, on 20 Jan, keeps the second within a
        // year of one. The days and times within each week and the announced flags come from seed 42.
        let output = try VisitPlanFiles.plan(register: register, managers: managers, start: start, weeks: 8, seed: 42)
        #expect(
            output.planCSV == """
                offender_id,manager_id,date,time,announced
                RSO-4,OM-2,2025-01-06,19:30,false
                RSO-2,OM-1,2025-01-07,13:30,false
                RSO-3,OM-2,2025-01-12,11:00,true
                RSO-1,OM-1,2025-01-20,17:30,false
                RSO-1,OM-1,2025-02-18,12:30,true

                """)
        #expect(output.forecastLines.count == 4)
        #expect(
            output.forecastLines[2].hasPrefix(
                "RSO-4 (manager OM-2, medium risk, visit every 3 months): already 52 days"))
    }

    @Test func `the same files and seed give the same PLAN.csv`() throws {
        let first = try VisitPlanFiles.plan(register: register, managers: managers, start: start, weeks: 12, seed: 2025)
        let again = try VisitPlanFiles.plan(
            register: Data(register.utf8), managers: Data(managers.utf8), start: start, weeks: 12, seed: 2025)
        #expect(first == again)
    }

    @Test func `quotes an id with a comma in the plan`() throws {
        let output = try VisitPlanFiles.plan(
            register: registerWith("\"RSO, 9\",OM-1,low,,"), managers: managers, start: start, weeks: 1, seed: 1)
        #expect(output.planCSV.contains("\n\"RSO, 9\",OM-1,2025-01-"))
    }

    @Test func `forecasts offenders who will be overdue on standard error lines`() throws {
        // One visit a week for OM-1's two overdue offenders and a never-visited one with no date.
        let output = try VisitPlanFiles.plan(
            register: registerWith("A,OM-1,high,2024-10-01,", "B,OM-1,medium,2024-07-02,", "C,OM-1,very_high,,"),
            managers: "manager_id,visits_per_week\nOM-1,1", start: start, weeks: 2, seed: 1)
        let lines = output.forecastLines
        #expect(lines.count == 4)
        #expect(
            lines[0]
                == "Backlog forecast: 3 offenders will be overdue for a home visit between 2025-01-06 and 2025-01-19 (2 weeks)."
        )
        #expect(
            lines[1].hasPrefix(
                "C (manager OM-1, very high risk, visit every 1 month): never visited and no registration date"))
        #expect(
            lines[2].hasPrefix(
                "A (manager OM-1, high risk, visit every 3 months): already 5 days overdue at the start; at most "))
        #expect(
            lines[3]
                == "B (manager OM-1, medium risk, visit every 6 months): already 4 days overdue at the start; "
                + "at most 17 days overdue; still 17 days overdue on 2025-01-19")
    }

    @Test func `forecasts nothing when everyone stays within frequency`() throws {
        let output = try VisitPlanFiles.plan(
            register: registerWith("A,OM-1,low,2024-12-01,"), managers: managers, start: start, weeks: 4, seed: 1)
        #expect(output.forecastLines.isEmpty)
        #expect(output.planCSV == "offender_id,manager_id,date,time,announced\n")
    }

    // MARK: - Every kind of bad file

    @Test func `reports an unknown risk`() {
        #expect(
            errors(register: registerWith("A,OM-1,extreme,,")).map(\.description)
                == [
                    "REGISTER.csv line 2, field risk: unknown risk \"extreme\" (expected low, medium, high or very_high)"
                ])
    }

    @Test func `reports a bad date`() {
        let found = errors(register: registerWith("A,OM-1,low,2024-02-30,", "B,OM-1,low,01/02/2024,"))
        #expect(found.map(\.line) == [2, 3])
        #expect(found.map(\.field) == ["last_successful_visit", "last_successful_visit"])
        #expect(found.map(\.reason) == reasons(.badDate("2024-02-30"), .badDate("01/02/2024")))
        #expect(
            found[0].description
                == "REGISTER.csv line 2, field last_successful_visit: \"2024-02-30\" is not a date in the form YYYY-MM-DD"
        )
    }

    @Test func `reports a last visit after the plan start`() {
        let found = errors(register: registerWith("A,OM-1,low,2025-01-07,"))
        #expect(found.map(\.reason) == reasons(.visitAfterStart(visit: "2025-01-07", start: "2025-01-06")))
    }

    @Test func `reports non-numeric and out-of-range numbers`() {
        let found = errors(
            register: registerWith("A,OM-1,low,,six", "B,OM-1,low,,0", "C,OM-1,low,,2.5"),
            managers: "manager_id,visits_per_week\nOM-1,many\nOM-2,-1\nOM-3,")
        #expect(
            found.map(\.description) == [
                "MANAGERS.csv line 2, field visits_per_week: \"many\" is not a whole number",
                "MANAGERS.csv line 3, field visits_per_week: -1 is outside 0–1000",
                "MANAGERS.csv line 4, field visits_per_week: a value is required",
                "REGISTER.csv line 2, field frequency_months: \"six\" is not a whole number",
                "REGISTER.csv line 3, field frequency_months: 0 is outside 1–24",
                "REGISTER.csv line 4, field frequency_months: \"2.5\" is not a whole number",
            ])
    }

    @Test func `reports the wrong number of columns`() {
        let found = errors(register: registerWith("A,OM-1,low,", "B,OM-1,low,,,extra"))
        #expect(
            found.map(\.reason)
                == reasons(.wrongColumnCount(expected: 5, found: 4), .wrongColumnCount(expected: 5, found: 6)))
        #expect(found[0].description == "REGISTER.csv line 2: 4 columns where 5 are expected")
    }

    @Test func `reports a duplicate offender and a duplicate manager with the first line`() {
        let found = errors(
            register: registerWith("A,OM-1,low,,", "B,OM-1,low,,", "A,OM-2,high,,"),
            managers: "manager_id,visits_per_week\nOM-1,3\nOM-2,2\nOM-1,4")
        #expect(
            found.map(\.reason)
                == reasons(.duplicateManager(id: "OM-1", firstLine: 2), .duplicateOffender(id: "A", firstLine: 2)))
        #expect(found.map(\.line) == [4, 4])
    }

    @Test func `reports a manager not in MANAGERS.csv`() {
        let found = errors(register: registerWith("A,OM-7,low,,"))
        #expect(
            found.map(\.description) == [
                "REGISTER.csv line 2, field manager_id: manager \"OM-7\" is not in the managers file"
            ])
    }

    @Test func `reports empty required values`() {
        let found = errors(register: registerWith(",,,,"), managers: "manager_id,visits_per_week\n,3\nOM-1,1")
        #expect(
            found.map { "\($0.file ?? "") \($0.field!)" } == [
                "MANAGERS.csv manager_id", "REGISTER.csv offender_id", "REGISTER.csv manager_id", "REGISTER.csv risk",
            ])
        #expect(found.allSatisfy { $0.reason == VisitPlanFiles.Reason.emptyValue.explanation })
    }

    @Test func `reports a missing header and a wrong header`() {
        let missing = errors(register: "A,OM-1,low,,\nB,OM-1,low,,")
        #expect(missing.map(\.reason) == reasons(.missingHeader(expected: VisitPlanFiles.registerHeader)))
        #expect(missing[0].line == 1)
        let wrong = errors(managers: "manager_id,capacity\nOM-1,3")
        #expect(
            wrong.map(\.reason)
                == reasons(.wrongHeader(expected: VisitPlanFiles.managersHeader, found: ["manager_id", "capacity"])))
        #expect(
            wrong[0].description
                == "MANAGERS.csv line 1: wrong header \"manager_id,capacity\" (expected \"manager_id,visits_per_week\")"
        )
    }

    @Test func `an unreadable managers file does not also blame every register row`() {
        #expect(errors(managers: "").map(\.description) == ["MANAGERS.csv: the file is empty"])
    }

    @Test func `reports empty files`() {
        let found = errors(register: "\n  \n", managers: "")
        #expect(found.map(\.description) == ["MANAGERS.csv: the file is empty", "REGISTER.csv: the file is empty"])
    }

    @Test func `reports a quoted value left open`() {
        let found = errors(register: registerWith("A,OM-1,low,,", "\"B,OM-1,low,,"))
        #expect(found.map(\.reason) == reasons(.unterminatedQuote))
        #expect(found[0].line == 3)
    }

    @Test func `reports files that are not UTF-8`() {
        do {
            _ = try VisitPlanFiles.plan(
                register: Data([0x6F, 0xFF, 0xFE, 0x0A]), managers: Data(managers.utf8), start: start, weeks: 1, seed: 1
            )
            Issue.record("expected an error")
        } catch {
            #expect(error.problems.map(\.description) == ["REGISTER.csv: the file is not UTF-8 text"])
        }
    }

    @Test func `reports a horizon outside one week to ten years`() {
        #expect(errors(weeks: 0).map(\.description) == ["arguments, field weeks: 0 is outside 1–520"])
        #expect(errors(weeks: 521).count == 1)
    }

    @Test func `collects every error in both files rather than stopping at the first`() {
        let found = errors(
            register: registerWith(
                "A,OM-1,extreme,2024-13-01,x", "A,OM-9,low,,", "B,OM-1,low", "C,OM-2,high,2024-01-01,"),
            managers: "manager_id,visits_per_week\nOM-1,lots\nOM-2,1")
        #expect(
            found.map { "\($0.file ?? ""):\($0.line ?? 0):\($0.field ?? "-")" } == [
                "MANAGERS.csv:2:visits_per_week",
                "REGISTER.csv:2:risk", "REGISTER.csv:2:last_successful_visit", "REGISTER.csv:2:frequency_months",
                "REGISTER.csv:3:offender_id", "REGISTER.csv:3:manager_id",
                "REGISTER.csv:4:-",
            ])
        do {
            _ = try VisitPlanFiles.parseRegister(registerWith("A,OM-1,extreme,,", "B,OM-1,low,,x"))
            Issue.record("expected an error")
        } catch {
            #expect(error.lines.count == 2)
            #expect(error.description.split(separator: "\n").count == 2)
        }
    }
}
