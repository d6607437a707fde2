import Foundation

/// The visit planner on files: REGISTER.csv and MANAGERS.csv in, PLAN.csv and a backlog forecast out
/// (issue 8, "Planner on files"; `bluelamp plan-visits`). Pure: the command reads and writes the files.
///
/// - REGISTER.csv: `offender_id,manager_id,risk,last_successful_visit,frequency_months`. `risk` is
///   `low|medium|high|very_high`; an empty `last_successful_visit` means never visited; an empty
///   `frequency_months` means the risk level's default. The file has no registration date, so an
///   offender never visited is treated as overdue since before the start (`VisitPlanner`).
/// - MANAGERS.csv: `manager_id,visits_per_week`.
/// - PLAN.csv: `offender_id,manager_id,date,time,announced`, one row per planned visit, sorted by date,
///   time and offender; `date` is `YYYY-MM-DD`, `time` is `HH:MM` London time, `announced` is `true|false`.
///
/// Every file is checked in full and every problem reported with its file, line, field and reason, as
/// imports do (shared/DESIGN.md, "Bad input never loses data").
public enum VisitPlanFiles {
    public static let registerFileName = "REGISTER.csv"
    public static let managersFileName = "MANAGERS.csv"
    public static let registerHeader = [
        "offender_id", "manager_id", "risk", "last_successful_visit", "frequency_months",
    ]
    public static let managersHeader = ["manager_id", "visits_per_week"]
    public static let planHeader = ["offender_id", "manager_id", "date", "time", "announced"]
    /// Visits a manager can make in a week, as the file may state it.
    public static let allowedVisitsPerWeek = 0...1000
    /// How long a horizon the command accepts: one week to ten years.
    public static let allowedWeeks = 1...520

    /// What the command writes: the PLAN.csv text, the forecast lines for standard error, and the plan.
    public struct Output: Sendable, Hashable {
        public var planCSV: String
        /// Empty when nobody will be overdue.
        public var forecastLines: [String]
        public var plan: VisitPlan
    }

    // MARK: - The command's entry point

    /// Parses both files, plans `weeks` weeks from `start`, and renders the plan and the forecast.
    ///
    /// Throws every problem in both files (and a `weeks` outside `allowedWeeks`) at once.
    public static func plan(
        register: String, managers: String, start: Date, weeks: Int, seed: UInt64,
        policy: VisitPlanner.Policy = VisitPlanner.Policy()
    ) throws(FileProblems) -> Output {
        var errors: [FileProblem] = []
        if !allowedWeeks.contains(weeks) {
            errors.append(
                Reason.outOfRange(value: weeks, allowed: allowedWeeks).at(file: "arguments", line: nil, field: "weeks"))
        }
        let managerResult = readManagers(managers, fileName: managersFileName)
        let registerResult = readRegister(
            register, fileName: registerFileName, knownManagerIDs: managerResult.knownIDs, start: start)
        errors += managerResult.errors + registerResult.errors
        guard errors.isEmpty else { throw FileProblems(errors) }

        let plan = VisitPlanner(policy: policy).plan(
            offenders: registerResult.offenders, managers: managerResult.managers, start: start, weeks: weeks,
            seed: seed)
        return Output(planCSV: renderPlan(plan), forecastLines: renderForecast(plan), plan: plan)
    }

    /// The same from the files' bytes, which must be UTF-8.
    public static func plan(
        register: Data, managers: Data, start: Date, weeks: Int, seed: UInt64,
        policy: VisitPlanner.Policy = VisitPlanner.Policy()
    ) throws(FileProblems) -> Output {
        let registerText = String(data: register, encoding: .utf8)
        let managersText = String(data: managers, encoding: .utf8)
        var errors: [FileProblem] = []
        if managersText == nil {
            errors.append(Reason.notUTF8.at(file: managersFileName, line: nil, field: nil))
        }
        if registerText == nil {
            errors.append(Reason.notUTF8.at(file: registerFileName, line: nil, field: nil))
        }
        guard let registerText, let managersText else { throw FileProblems(errors) }
        return try plan(
            register: registerText, managers: managersText, start: start, weeks: weeks, seed: seed, policy: policy)
    }

    // MARK: - Parsing each file

    /// The managers in MANAGERS.csv, or every problem in it.
    public static func parseManagers(
        _ text: String, fileName: String = managersFileName
    ) throws(FileProblems) -> [VisitPlanner.Manager] {
        let result = readManagers(text, fileName: fileName)
        guard result.errors.isEmpty else { throw FileProblems(result.errors) }
        return result.managers
    }

    /// The offenders in REGISTER.csv, or every problem in it. With `knownManagerIDs`, a manager not among
    /// them is an error; with `start`, so is a last successful visit after it.
    public static func parseRegister(
        _ text: String, fileName: String = registerFileName, knownManagerIDs: Set<String>? = nil, start: Date? = nil
    ) throws(FileProblems) -> [VisitPlanner.Offender] {
        let result = readRegister(text, fileName: fileName, knownManagerIDs: knownManagerIDs, start: start)
        guard result.errors.isEmpty else { throw FileProblems(result.errors) }
        return result.offenders
    }

    /// The rows after a correct header and every problem reading the file; `readable` is false when the file
    /// cannot be read at all (empty, or its header wrong). Read with the one CSV reader (`CSVReader`), lenient where
    /// being strict helps nobody: blank lines are skipped (as Python's `csv` module skips them) and values are
    /// trimmed of surrounding spaces (no value in these files has meaningful ones, quoted or not).
    private static func rows(
        of text: String, fileName: String, header: [String]
    ) -> (rows: [CSVRecord], errors: [FileProblem], readable: Bool) {
        var records: [CSVRecord] = []
        var errors: [FileProblem] = []
        var headerProblem: FileProblem?
        var reader = CSVReader()
        let read: (CSVRow) -> Void = { row in
            switch row {
            case .success(let record)
            where record.fields.count == 1 && record.fields[0].allSatisfy({ $0 == " " || $0 == "\t" }):
                return  // a line of spaces is a blank line too
            case .success(let record):
                records.append(
                    CSVRecord(
                        line: record.line, fields: record.fields.map { $0.trimmingCharacters(in: .whitespaces) }))
            case .failure(let problem):
                let located: FileProblem
                switch problem.kind {
                case .blankLine:
                    return
                case .unterminatedQuote:
                    located = Reason.unterminatedQuote.at(file: fileName, line: problem.line, field: nil)
                case .fieldCount(let found, let expected, _):
                    located = Reason.wrongColumnCount(expected: expected, found: found).at(
                        file: fileName, line: problem.line, field: nil)
                default:
                    let field = problem.column.flatMap { $0 <= header.count ? header[$0 - 1] : nil }
                    located = FileProblem(file: fileName, line: problem.line, field: field, reason: problem.reason)
                }
                // A header that cannot be read stops the file.
                if records.isEmpty && headerProblem == nil && problem.kind != .unterminatedQuote {
                    headerProblem = located
                } else {
                    errors.append(located)
                }
            }
        }
        reader.consume(Data(text.utf8), read)
        reader.finish(read)
        if let headerProblem { return ([], [headerProblem], false) }
        guard let first = records.first else {
            if errors.isEmpty { errors.append(Reason.emptyFile.at(file: fileName, line: nil, field: nil)) }
            return ([], errors, false)
        }
        let found = first.fields.map { $0.lowercased() }
        guard found == header else {
            // A first line that names none of the columns is data: the header was left off.
            let reason: Reason =
                Set(found).isDisjoint(with: header)
                ? .missingHeader(expected: header) : .wrongHeader(expected: header, found: first.fields)
            let unterminated = errors.filter { $0.reason == Reason.unterminatedQuote.explanation }
            return ([], [reason.at(file: fileName, line: first.line, field: nil)] + unterminated, false)
        }
        return (Array(records.dropFirst()), errors, true)
    }

    /// `knownIDs` is every manager id the file names, even on rows with other errors, so that the register
    /// is not also blamed for them; nil when the file could not be read at all.
    private static func readManagers(
        _ text: String, fileName: String
    ) -> (managers: [VisitPlanner.Manager], knownIDs: Set<String>?, errors: [FileProblem]) {
        let (rows, fileErrors, readable) = rows(of: text, fileName: fileName, header: managersHeader)
        var errors = fileErrors
        var managers: [VisitPlanner.Manager] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            let (id, visitsText) = (row.fields[0], row.fields[1])
            var rowErrors: [FileProblem] = []
            func fail(_ field: String, _ reason: Reason) {
                rowErrors.append(reason.at(file: fileName, line: row.line, field: field))
            }
            if id.isEmpty {
                fail("manager_id", .emptyValue)
            } else if let first = firstLine[id] {
                fail("manager_id", .duplicateManager(id: id, firstLine: first))
            } else {
                firstLine[id] = row.line
            }
            let visits = parseNumber(visitsText, field: "visits_per_week", allowed: allowedVisitsPerWeek, fail: fail)
            if rowErrors.isEmpty, let visits { managers.append(VisitPlanner.Manager(id: id, visitsPerWeek: visits)) }
            errors += rowErrors
        }
        return (managers, readable ? Set(firstLine.keys) : nil, inLineOrder(errors))
    }

    private static func readRegister(
        _ text: String, fileName: String, knownManagerIDs: Set<String>?, start: Date?
    ) -> (offenders: [VisitPlanner.Offender], errors: [FileProblem]) {
        let (rows, fileErrors, _) = rows(of: text, fileName: fileName, header: registerHeader)
        var errors = fileErrors
        var offenders: [VisitPlanner.Offender] = []
        var firstLine: [String: Int] = [:]
        for row in rows {
            let fields = row.fields
            var rowErrors: [FileProblem] = []
            func fail(_ field: String, _ reason: Reason) {
                rowErrors.append(reason.at(file: fileName, line: row.line, field: field))
            }
            let id = fields[0]
            if id.isEmpty {
                fail("offender_id", .emptyValue)
            } else if let first = firstLine[id] {
                fail("offender_id", .duplicateOffender(id: id, firstLine: first))
            } else {
                firstLine[id] = row.line
            }
            let managerID = fields[1]
            if managerID.isEmpty {
                fail("manager_id", .emptyValue)
            } else if let knownManagerIDs, !knownManagerIDs.contains(managerID) {
                fail("manager_id", .unknownManager(managerID))
            }
            let risk = OffenderRiskLevel(fileValue: fields[2])
            if fields[2].isEmpty {
                fail("risk", .emptyValue)
            } else if risk == nil {
                fail("risk", .unknownRisk(fields[2]))
            }
            var lastVisit: Date?
            if !fields[3].isEmpty {
                lastVisit = OffenderCalendar.parseDay(fields[3])
                if lastVisit == nil {
                    fail("last_successful_visit", .badDate(fields[3]))
                } else if let start, let lastVisit, OffenderCalendar.days(from: start, to: lastVisit) > 0 {
                    fail(
                        "last_successful_visit",
                        .visitAfterStart(visit: fields[3], start: OffenderCalendar.format(start)))
                }
            }
            let frequency =
                fields[4].isEmpty
                ? nil
                : parseNumber(fields[4], field: "frequency_months", allowed: VisitFrequency.allowedMonths, fail: fail)
            if rowErrors.isEmpty, let risk {
                offenders.append(
                    VisitPlanner.Offender(
                        id: id, managerID: managerID, risk: risk, lastSuccessfulVisit: lastVisit,
                        frequencyMonthsOverride: frequency))
            }
            errors += rowErrors
        }
        return (offenders, inLineOrder(errors))
    }

    /// Whole-file problems first, then by line; a line's problems stay in column order.
    private static func inLineOrder(_ errors: [FileProblem]) -> [FileProblem] {
        errors.enumerated().sorted { ($0.element.line ?? 0, $0.offset) < ($1.element.line ?? 0, $1.offset) }.map(
            \.element)
    }

    private static func parseNumber(
        _ text: String, field: String, allowed: ClosedRange<Int>, fail: (String, Reason) -> Void
    ) -> Int? {
        guard !text.isEmpty else {
            fail(field, .emptyValue)
            return nil
        }
        guard
            text.allSatisfy({ $0.isASCII && $0.isNumber })
                || (text.first == "-" && text.count > 1
                    && text.dropFirst().allSatisfy({ $0.isASCII && $0.isNumber })),
            let value = Int(text)
        else {
            fail(field, .notANumber(text))
            return nil
        }
        guard allowed.contains(value) else {
            fail(field, .outOfRange(value: value, allowed: allowed))
            return nil
        }
        return value
    }

    // MARK: - Rendering

    /// PLAN.csv: the header and one row per planned visit, sorted by date, time and offender, each line
    /// ending in a line feed.
    public static func renderPlan(_ plan: VisitPlan) -> String {
        var lines = [planHeader.joined(separator: ",")]
        lines.reserveCapacity(plan.visits.count + 1)
        for visit in plan.visits {
            lines.append(
                [
                    CSVRecord.field(visit.offenderID), CSVRecord.field(visit.managerID),
                    OffenderCalendar.format(visit.date), visit.time.text, visit.announced ? "true" : "false",
                ].joined(separator: ","))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The backlog forecast as lines for standard error: a summary, then one line per offender, most
    /// serious first. Empty when every offender stays within frequency.
    public static func renderForecast(_ plan: VisitPlan) -> [String] {
        guard !plan.backlog.isEmpty else { return [] }
        let count = plan.backlog.count
        var lines = [
            "Backlog forecast: \(count) offender\(count == 1 ? "" : "s") will be overdue for a home visit between "
                + "\(OffenderCalendar.format(plan.start)) and \(OffenderCalendar.format(plan.lastDay)) "
                + "(\(plan.weeks) week\(plan.weeks == 1 ? "" : "s"))."
        ]
        for entry in plan.backlog {
            let frequency = "every \(entry.frequencyMonths) month\(entry.frequencyMonths == 1 ? "" : "s")"
            var line =
                "\(entry.offenderID) (manager \(entry.managerID), \(entry.risk.label.lowercased()) risk, visit \(frequency)): "
            if entry.dueDateUnknown {
                line += "never visited and no registration date, so treated as overdue since before the start; "
            } else if entry.daysOverdueAtStart > 0 {
                line += "already \(days(entry.daysOverdueAtStart)) overdue at the start; "
            } else {
                line += "overdue from \(OffenderCalendar.format(entry.firstOverdueOn)); "
            }
            line += "at most \(days(entry.maxDaysOverdue)) overdue; "
            line +=
                entry.daysOverdueAtEnd > 0
                ? "still \(days(entry.daysOverdueAtEnd)) overdue on \(OffenderCalendar.format(plan.lastDay))"
                : "back within frequency by \(OffenderCalendar.format(plan.lastDay))"
            if entry.managerMissing { line += "; manager not among the managers given, so no visits planned" }
            lines.append(line)
        }
        return lines
    }

    private static func days(_ count: Int) -> String { "\(count) day\(count == 1 ? "" : "s")" }
}

extension VisitPlanFiles {
    /// Why a row or a file of the planner is refused; each becomes a `FileProblem` with its place.
    public enum Reason: Sendable, Hashable {
        case emptyFile
        case notUTF8
        case missingHeader(expected: [String])
        case wrongHeader(expected: [String], found: [String])
        case wrongColumnCount(expected: Int, found: Int)
        case unterminatedQuote
        case emptyValue
        case unknownRisk(String)
        case badDate(String)
        case notANumber(String)
        case outOfRange(value: Int, allowed: ClosedRange<Int>)
        case duplicateOffender(id: String, firstLine: Int)
        case duplicateManager(id: String, firstLine: Int)
        case unknownManager(String)
        case visitAfterStart(visit: String, start: String)

        /// The reason as a `FileProblem` gives it.
        public var explanation: String {
            switch self {
            case .emptyFile:
                return "the file is empty"
            case .notUTF8:
                return "the file is not UTF-8 text"
            case .missingHeader(let expected):
                return "the header line is missing (expected \"\(expected.joined(separator: ","))\")"
            case .wrongHeader(let expected, let found):
                return
                    "wrong header \"\(found.joined(separator: ","))\" (expected \"\(expected.joined(separator: ","))\")"
            case .wrongColumnCount(let expected, let found):
                return "\(found) column\(found == 1 ? "" : "s") where \(expected) are expected"
            case .unterminatedQuote:
                return "a quoted value is not closed before the end of the file"
            case .emptyValue:
                return "a value is required"
            case .unknownRisk(let value):
                let allowed = OffenderRiskLevel.allCases.map(\.rawValue)
                return
                    "unknown risk \"\(value)\" (expected \(allowed.dropLast().joined(separator: ", ")) or \(allowed.last!))"
            case .badDate(let value):
                return "\"\(value)\" is not a date in the form YYYY-MM-DD"
            case .notANumber(let value):
                return "\"\(value)\" is not a whole number"
            case .outOfRange(let value, let allowed):
                return "\(value) is outside \(allowed.lowerBound)–\(allowed.upperBound)"
            case .duplicateOffender(let id, let firstLine):
                return "offender \"\(id)\" appears again (first on line \(firstLine))"
            case .duplicateManager(let id, let firstLine):
                return "manager \"\(id)\" appears again (first on line \(firstLine))"
            case .unknownManager(let id):
                return "manager \"\(id)\" is not in the managers file"
            case .visitAfterStart(let visit, let start):
                return "last successful visit \(visit) is after the plan start \(start)"
            }
        }

        func at(file: String, line: Int?, field: String?) -> FileProblem {
            FileProblem(file: file, line: line, field: field, reason: explanation)
        }
    }
}
