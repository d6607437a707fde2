import Foundation

/// One row of a PEEL grades table: one area's grade in one inspection of one force, with the table's columns as
/// they are (shared/data/hmicfrs-peel/metropolitan-peel-grades.csv:
/// `force, police_uk_force_id, inspection, framework, area, grade, source_urls, note`).
public struct PEELGradeRow: Sendable, Hashable {
    /// The line of the file the row starts on (the header is line 1).
    public var line: Int
    /// As the inspectorate names it: "Metropolitan Police Service".
    public var force: String
    /// police.uk's force id: `metropolitan`.
    public var policeUKForceID: String
    /// As the inspectorate names the round: "PEEL 2017", "PEEL 2018/19", "PEEL 2023-2025".
    public var inspection: String
    /// What was graded and on which scale: "pillar (4-point scale)", "area (5-point scale)".
    public var framework: String
    /// The pillar or area as the framework names it (or one of its other headings).
    public var area: String
    /// As the inspectorate writes it: "Requires improvement".
    public var grade: String
    /// The addresses of the pages the grade comes from, separated by spaces.
    public var sourceURLs: String
    public var note: String

    public init(
        line: Int, force: String, policeUKForceID: String, inspection: String, framework: String, area: String,
        grade: String, sourceURLs: String, note: String
    ) {
        self.line = line
        self.force = force
        self.policeUKForceID = policeUKForceID
        self.inspection = inspection
        self.framework = framework
        self.area = area
        self.grade = grade
        self.sourceURLs = sourceURLs
        self.note = note
    }

    /// The source addresses, in the order the row gives them.
    public var sources: [String] { sourceURLs.split(whereSeparator: \.isWhitespace).map(String.init) }
}

/// A table of PEEL graded results read into inspections: the rows of one force's round become one inspection
/// holding only its graded results (no report text, no findings), each judgement with the row's sources and note.
///
/// The inspection is named from the round: "PEEL 2023-2025" of `metropolitan` is `metropolitan-peel-2023-25`,
/// titled "PEEL 2023–25 – Metropolitan Police Service", under the framework whose years hold 2023. A row that
/// cannot be placed is a problem naming its line and column; one problem refuses the whole table.
public enum PEELGradesTable {
    /// The header, column for column.
    public static let columns = [
        "force", "police_uk_force_id", "inspection", "framework", "area", "grade", "source_urls", "note",
    ]

    /// What an inspection read from the table says of itself.
    public static let inspectionNote =
        "Graded results only, compiled from HMICFRS pages and press reports; each judgement carries its sources. "
        + "Publication date not in the sources held."

    /// Reads the file's rows. A header other than `columns` or a row the CSV reader refuses is a problem.
    public static func rows(from data: Data) -> Result<[PEELGradeRow], FieldErrors> {
        var records: [CSVRow] = []
        var reader = CSVReader()
        reader.consume(data) { records.append($0) }
        reader.finish { records.append($0) }
        var problems: [FieldError] = []
        var rows: [PEELGradeRow] = []
        let header: CSVRecord
        switch records.first {
        case .success(let record)?: header = record
        case .failure(let error)?: return .failure(FieldErrors(errors: [problem(1, "header", error.reason)]))
        case nil: return .failure(FieldErrors(errors: [problem(1, "header", "the file is empty")]))
        }
        if header.fields != columns {
            return .failure(
                FieldErrors(errors: [
                    problem(
                        1, "header",
                        "the columns must be \(columns.joined(separator: ",")), not \(header.fields.joined(separator: ","))"
                    )
                ]))
        }
        for record in records.dropFirst() {
            switch record {
            case .failure(let error):
                let column = error.column.flatMap { columns.indices.contains($0 - 1) ? columns[$0 - 1] : nil }
                problems.append(problem(error.line, column ?? "row", error.reason))
            case .success(let record):
                let f = record.fields
                rows.append(
                    PEELGradeRow(
                        line: record.line, force: f[0], policeUKForceID: f[1], inspection: f[2], framework: f[3],
                        area: f[4],
                        grade: f[5], sourceURLs: f[6], note: f[7]))
            }
        }
        if problems.isEmpty && rows.isEmpty { problems.append(problem(2, "row", "the table has no rows")) }
        return problems.isEmpty ? .success(rows) : .failure(FieldErrors(errors: problems))
    }

    /// The inspections the rows hold, in the order their first rows come, each judgement in row order; or
    /// every problem, each naming its line and column.
    public static func inspections(from rows: [PEELGradeRow], frameworks: [InspectionFramework])
        -> Result<[Inspection], FieldErrors>
    {
        var problems: [FieldError] = []
        var inspections: [Inspection] = []
        var firstLine: [String: Int] = [:]
        var graded: [String: Int] = [:]
        for row in rows {
            func add(_ column: String, _ message: String) { problems.append(problem(row.line, column, message)) }
            let problemsBefore = problems.count
            let force = row.force.trimmingCharacters(in: .whitespaces)
            if force.isEmpty { add("force", "name the force") }
            let forceID = row.policeUKForceID.trimmingCharacters(in: .whitespaces)
            if forceID.isEmpty || forceID.contains(where: { !($0.isLowercase || $0.isNumber || $0 == "-") }) {
                add("police_uk_force_id", "give police.uk's force id, e.g. metropolitan, not “\(row.policeUKForceID)”")
            }
            guard let round = Round(row.inspection) else {
                add(
                    "inspection",
                    "write the round as PEEL and its years, e.g. PEEL 2017, PEEL 2021/22, not “\(row.inspection)”")
                continue
            }
            guard let framework = frameworks.first(where: { years(of: $0)?.contains(round.start) ?? false }) else {
                add(
                    "inspection",
                    "no framework covers \(round.start); known: \(frameworks.map(\.name).joined(separator: ", "))")
                continue
            }
            let scale = framework.gradeScale == .fourPoint ? "4-point" : "5-point"
            if !row.framework.contains(scale) {
                add("framework", "\(framework.name) grades on a \(scale) scale; “\(row.framework)” does not say so")
            }
            let area = framework.area(matchingHeading: row.area)
            if area == nil { add("area", "\(framework.name) has no area “\(row.area)”") }
            let grade = Grade(label: row.grade)
            if grade == nil {
                add("grade", "“\(row.grade)” is not a grade")
            } else if let area, let grade, !framework.allows(grade, for: area.id) {
                add("grade", "\(framework.name) does not give \(area.name) the grade \(grade.label)")
            }
            let sources = row.sources
            if sources.isEmpty { add("source_urls", "give the address of the page the grade comes from") }
            for source in sources where !source.hasPrefix("https://") {
                add("source_urls", "“\(source)” is not an https:// address")
            }
            let id = "\(forceID)-peel-\(round.idPart)"
            if let area, let earlier = graded["\(id)|\(area.id)"] {
                add("area", "\(area.name) is graded twice in \(row.inspection) for \(force) (line \(earlier) too)")
            }
            guard let area, let grade else { continue }
            if graded["\(id)|\(area.id)"] == nil { graded["\(id)|\(area.id)"] = row.line }
            // A row with a problem is named once, by its line and column, and goes no further.
            guard problems.count == problemsBefore else { continue }
            let judgement = AreaJudgement(
                areaID: area.id, grade: grade, sources: sources, note: row.note.isEmpty ? nil : row.note)
            if let index = inspections.firstIndex(where: { $0.id == id }) {
                if inspections[index].force != force {
                    add(
                        "force",
                        "\(row.inspection) of \(forceID) is for \(inspections[index].force) on line \(firstLine[id] ?? 0)"
                    )
                }
                inspections[index].judgements.append(judgement)
                for source in sources where !inspections[index].sources.contains(where: { $0.reference == source }) {
                    inspections[index].sources.append(InspectionSource(reference: source))
                }
            } else {
                firstLine[id] = row.line
                inspections.append(
                    Inspection(
                        id: id, force: force, frameworkID: framework.id, title: "PEEL \(round.title) – \(force)",
                        sources: sources.map { InspectionSource(reference: $0) }, judgements: [judgement],
                        note: inspectionNote))
            }
        }
        for inspection in inspections {
            guard let framework = frameworks.first(where: { $0.id == inspection.frameworkID }) else { continue }
            for text in inspection.problems(against: framework) {
                problems.append(problem(firstLine[inspection.id] ?? 0, "inspection", text))
            }
        }
        return problems.isEmpty ? .success(inspections) : .failure(FieldErrors(errors: problems))
    }

    /// Reads a grades table file into inspections, or every problem.
    public static func inspections(from data: Data, frameworks: [InspectionFramework]) -> Result<
        [Inspection], FieldErrors
    > {
        rows(from: data).flatMap { inspections(from: $0, frameworks: frameworks) }
    }

    // MARK: - Names

    /// A problem in a column of a line: "line 5, grade: “Excellent” is not a grade".
    static func problem(_ line: Int, _ column: String, _ message: String) -> FieldError {
        FieldError(field: column, label: "line \(line), \(column)", message: message)
    }

    /// A round as the table writes it: "PEEL 2017", "PEEL 2018/19", "PEEL 2023-2025".
    struct Round {
        var start: Int
        /// The last year's two digits, with the separator the table used ("/" or "-"), if a range.
        var end: (separator: Character, year: Int)?

        init?(_ text: String) {
            let words = text.trimmingCharacters(in: .whitespaces).split(separator: " ")
            guard words.count == 2, words[0] == "PEEL" else { return nil }
            let years = words[1]
            guard let start = Int(years.prefix(4)), years.prefix(4).count == 4, (2014...2099).contains(start) else {
                return nil
            }
            self.start = start
            let rest = years.dropFirst(4)
            if rest.isEmpty { return }
            guard let separator = rest.first, separator == "/" || separator == "-",
                let last = Int(rest.dropFirst()), [2, 4].contains(rest.dropFirst().count)
            else { return nil }
            let endYear = rest.dropFirst().count == 2 ? start / 100 * 100 + last : last
            guard endYear > start, endYear - start < 10 else { return nil }
            end = (separator, endYear % 100)
        }

        /// `2017`, `2018-19`, `2023-25`.
        var idPart: String { "\(start)" + (end.map { "-" + Self.twoDigits($0.year) } ?? "") }
        /// `2017`, `2018/19`, `2023–25` (a hyphen written as the dash a range takes).
        var title: String {
            "\(start)" + (end.map { ($0.separator == "/" ? "/" : "–") + Self.twoDigits($0.year) } ?? "")
        }

        static func twoDigits(_ year: Int) -> String { year < 10 ? "0\(year)" : "\(year)" }
    }

    /// The years a framework covers, from its `years` ("2014–2019", "2021/22", "2023–25").
    static func years(of framework: InspectionFramework) -> ClosedRange<Int>? {
        let digits = framework.years.split(whereSeparator: { !$0.isNumber }).compactMap { Int($0) }
        guard let start = digits.first, start >= 1000 else { return nil }
        guard digits.count > 1 else { return start...start }
        let end = digits[1] < 100 ? start / 100 * 100 + digits[1] : digits[1]
        return end >= start ? start...end : nil
    }
}
