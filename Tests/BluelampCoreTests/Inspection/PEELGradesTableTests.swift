import BluelampCore
import Foundation
import Testing

/// shared/data/hmicfrs-peel/metropolitan-peel-grades.csv, beside the repository.
private let gradesFile = InspectionTestFiles.repositoryRoot.deletingLastPathComponent()
    .appendingPathComponent("shared/data/hmicfrs-peel/metropolitan-peel-grades.csv")
private let isGradesFileAvailable = FileManager.default.fileExists(atPath: gradesFile.path)

@Suite struct PEELGradesTableTests {
    let frameworks: [InspectionFramework]

    init() throws {
        frameworks = try InspectionTestFiles.frameworks()
    }

    static let header = PEELGradesTable.columns.joined(separator: ",")

    func read(_ lines: [String]) -> Result<[Inspection], FieldErrors> {
        PEELGradesTable.inspections(
            from: Data(([Self.header] + lines).map { $0 + "\n" }.joined().utf8), frameworks: frameworks)
    }

    func problems(_ lines: [String]) -> [String] {
        guard case .failure(let problems) = read(lines) else { return [] }
        return problems.errors.map(\.description)
    }

    static func row(
        _ area: String = "Investigating crime", grade: String = "Requires improvement",
        inspection: String = "PEEL 2021/22",
        framework: String = "area (5-point scale)", sources: String = "https://example.org/a"
    ) -> String {
        "Metropolitan Police Service,metropolitan,\(inspection),\(framework),\(area),\(grade),\(sources),"
    }

    static let good = row()

    @Test(.enabled(if: isGradesFileAvailable, "shared/data is not beside the repository (../shared)"))
    func `every row of the Met's grades table is in the history fixture as it is, and nothing else`() throws {
        let fixture = try InspectionTestFiles.fixture()
        let rows = try PEELGradesTable.rows(from: Data(contentsOf: gradesFile)).get()
        #expect(rows.count == 23)
        var matched: Set<String> = []
        for row in rows {
            // The row alone, read as the importer reads it: the inspection it belongs to and its judgement.
            let read = try #require(try PEELGradesTable.inspections(from: [row], frameworks: frameworks).get().first)
            let judgement = try #require(read.judgements.first)
            let inspection = try #require(fixture.inspection(id: read.id), "line \(row.line): no inspection \(read.id)")
            #expect(inspection.frameworkID == read.frameworkID, "line \(row.line)")
            #expect(inspection.force == row.force, "line \(row.line)")
            let held = try #require(
                inspection.judgement(for: judgement.areaID), "line \(row.line): no \(judgement.areaID)")
            #expect(held.grade?.label == row.grade, "line \(row.line): \(row.area)")
            #expect(held.sources == row.sources, "line \(row.line): \(row.area)")
            #expect(held.note ?? "" == row.note, "line \(row.line): \(row.area)")
            #expect(held.summary == nil, "line \(row.line)")
            matched.insert("\(read.id)|\(judgement.areaID)")
        }
        // The fixture's graded-results inspections hold nothing the table does not.
        let ids = Set(matched.map { String($0.split(separator: "|")[0]) })
        #expect(
            ids == [
                "metropolitan-peel-2017", "metropolitan-peel-2018-19", "metropolitan-peel-2021-22",
                "metropolitan-peel-2023-25",
            ])
        for inspection in fixture.inspections where ids.contains(inspection.id) {
            for judgement in inspection.judgements {
                #expect(
                    matched.contains("\(inspection.id)|\(judgement.areaID)"),
                    "\(inspection.id): \(judgement.areaID) is not in the table")
            }
            #expect(inspection.findings.isEmpty)
        }
    }

    @Test(.enabled(if: isGradesFileAvailable, "shared/data is not beside the repository (../shared)"))
    func `the whole table reads into exactly the fixture's graded inspections`() throws {
        let fixture = try InspectionTestFiles.fixture()
        let read = try PEELGradesTable.inspections(from: Data(contentsOf: gradesFile), frameworks: frameworks).get()
        #expect(
            read.map(\.id) == [
                "metropolitan-peel-2017", "metropolitan-peel-2018-19", "metropolitan-peel-2021-22",
                "metropolitan-peel-2023-25",
            ])
        for inspection in read {
            #expect(fixture.inspection(id: inspection.id) == inspection, "\(inspection.id)")
        }
    }

    @Test func `a round is named from its years and placed under the framework covering its first year`() throws {
        let rows = [
            "Metropolitan Police Service,metropolitan,PEEL 2023-2025,area (5-point scale),Investigating crime,Inadequate,https://example.org/a,",
            "Metropolitan Police Service,metropolitan,PEEL 2018/19,pillar (4-point scale),Efficiency,Good,https://example.org/b https://example.org/c,a note",
            "Metropolitan Police Service,metropolitan,PEEL 2017,pillar (4-point scale),Legitimacy,good,https://example.org/d,",
        ]
        let read = try read(rows).get()
        #expect(read.map(\.id) == ["metropolitan-peel-2023-25", "metropolitan-peel-2018-19", "metropolitan-peel-2017"])
        #expect(read.map(\.frameworkID) == ["peel-2023-25", "peel-2014-2019", "peel-2014-2019"])
        #expect(
            read.map(\.title) == [
                "PEEL 2023–25 – Metropolitan Police Service", "PEEL 2018/19 – Metropolitan Police Service",
                "PEEL 2017 – Metropolitan Police Service",
            ])
        #expect(
            read[1].judgements == [
                AreaJudgement(
                    areaID: "efficiency", grade: .good, sources: ["https://example.org/b", "https://example.org/c"],
                    note: "a note")
            ])
        #expect(read[1].sources.map(\.reference) == ["https://example.org/b", "https://example.org/c"])
        #expect(read[2].judgements.first?.grade == .good)
    }

    @Test func `every bad row is named with its line and column, and nothing is read`() {
        let problems = problems([
            Self.good,
            Self.row("Treatment of the public", grade: "Excellent"),
            Self.row("Catching burglars"),
            Self.row("Responding to the public", inspection: "PEEL twenty"),
            Self.row("Protecting vulnerable people", sources: "example.org/a"),
            Self.good,
            Self.row("Good use of resources", framework: "pillar (4-point scale)"),
            Self.row("Legitimacy", grade: "Adequate", inspection: "PEEL 2017", framework: "pillar (4-point scale)"),
        ])
        #expect(problems.count == 7, "\(problems)")
        #expect(problems.contains("line 3, grade: “Excellent” is not a grade"))
        #expect(problems.contains("line 4, area: PEEL 2021/22 has no area “Catching burglars”"))
        #expect(problems.contains { $0.hasPrefix("line 5, inspection: write the round as PEEL and its years") })
        #expect(problems.contains("line 6, source_urls: “example.org/a” is not an https:// address"))
        #expect(
            problems.contains {
                $0.hasPrefix("line 7, area: Investigating crime is graded twice") && $0.contains("line 2")
            })
        #expect(problems.contains { $0.hasPrefix("line 8, framework: PEEL 2021/22 grades on a 5-point scale") })
        #expect(problems.contains("line 9, grade: PEEL 2014–2019 does not give Legitimacy the grade Adequate"))
    }

    @Test func `a file with other columns, a broken row or no rows is refused`() {
        let renamed = PEELGradesTable.inspections(
            from: Data("force,police_uk_force_id,inspection,framework,area,grade,sources,note\n\(Self.good)\n".utf8),
            frameworks: frameworks)
        guard case .failure(let header) = renamed else { Issue.record("a renamed column was accepted"); return }
        #expect(header.errors.map(\.label) == ["line 1, header"])

        #expect(
            problems([Self.good, "Metropolitan Police Service,metropolitan,PEEL 2017"]) == [
                "line 3, row: 3 fields where the header has 8"
            ])
        #expect(problems([]) == ["line 2, row: the table has no rows"])
    }
}
