import BluelampCore
import Foundation
import Testing

@Suite struct InspectionHistoryFixtureTests {
    let fixture: InspectionHistoryFixture
    let frameworks: [InspectionFramework]

    init() throws {
        fixture = try InspectionTestFiles.fixture()
        frameworks = try InspectionTestFiles.frameworks()
    }

    var peel2016: Inspection { fixture.inspection(id: "metropolitan-peel-2016-effectiveness")! }

    @Test func `the Met's history decodes and is consistent with its frameworks`() {
        #expect(fixture.force.name == "Metropolitan Police Service")
        #expect(fixture.force.policeUKForceID == "metropolitan")
        #expect(fixture.problems(frameworks: frameworks) == [])
        #expect(
            fixture.inspections.map(\.id) == [
                "metropolitan-peel-2016-effectiveness", "metropolitan-peel-2017", "metropolitan-peel-2018-19",
                "metropolitan-peel-2021-22", "metropolitan-peel-2023-25",
            ])
    }

    // Counted by hand in shared/seeds/002_53bfed75c7325b7e.txt: five questions under Effectiveness;
    // areas for improvement 3 (lines 10–12) + 3 (20–22) + 5 (44–48) = 11; one cause of concern
    // (line 28) with 8 recommendations (31–38); no innovative practice.
    @Test func `the 2016 inspection has the seed's counts of findings`() {
        #expect(peel2016.findings(of: .areaForImprovement).count == 11)
        #expect(peel2016.findings(of: .causeOfConcern).count == 1)
        #expect(peel2016.findings(of: .recommendation).count == 8)
        #expect(peel2016.findings(of: .innovativePractice).count == 0)
        #expect(peel2016.findings.count == 20)
        #expect(peel2016.recommendations(for: "COC1").count == 8)
    }

    @Test func `the 2016 inspection has areas for improvement under the right questions`() {
        let counts = [
            "preventing-crime-and-asb": 3, "investigating-crime-and-reducing-reoffending": 3,
            "protecting-vulnerable-people": 0, "tackling-serious-and-organised-crime": 5, "specialist-capabilities": 0,
        ]
        for (area, count) in counts {
            #expect(peel2016.findings(in: area).filter { $0.kind == .areaForImprovement }.count == count, "\(area)")
        }
        #expect(peel2016.findings(of: .causeOfConcern).first?.areaID == "protecting-vulnerable-people")
    }

    @Test func `the 2016 inspection judges each question as the seed does`() {
        let questions = peel2016.judgements.filter { $0.areaID != "effectiveness" }
        #expect(
            questions.map(\.areaID) == [
                "preventing-crime-and-asb", "investigating-crime-and-reducing-reoffending",
                "protecting-vulnerable-people",
                "tackling-serious-and-organised-crime", "specialist-capabilities",
            ])
        #expect(questions.map(\.grade) == [.good, .requiresImprovement, .inadequate, .requiresImprovement, nil])
        #expect(questions.allSatisfy { !($0.summary ?? "").isEmpty })
        #expect(peel2016.judgement(for: "effectiveness")?.grade == .requiresImprovement)
        #expect(peel2016.judgement(for: "effectiveness")?.sources.isEmpty == false)
    }

    @Test func `every finding and summary paragraph is verbatim from the seed`() throws {
        let seedLines = Set(try InspectionTestFiles.seed002().split(separator: "\n").map(String.init))
        for finding in peel2016.findings {
            switch finding.kind {
            case .causeOfConcern: #expect(seedLines.contains(finding.text), "\(finding.id)")
            default: #expect(seedLines.contains("- " + finding.text), "\(finding.id)")
            }
            if let leadIn = finding.leadIn { #expect(seedLines.contains(leadIn)) }
        }
        for judgement in peel2016.judgements where judgement.areaID != "effectiveness" {
            for paragraph in (judgement.summary ?? "").components(separatedBy: "\n\n") {
                #expect(seedLines.contains(paragraph), "\(judgement.areaID)")
            }
        }
        #expect(
            peel2016.findings.first?.text
                == "The force should ensure that local policing teams engage routinely, and work closely, with local communities, and undertake structured problem solving alongside partner organisations in order to prevent crime and anti-social behaviour."
        )
        #expect(
            peel2016.findings(of: .recommendation).last?.text
                == "improving the consistency of the structure, responsibilities and processes in the multi-agency safeguarding hubs."
        )
    }

    @Test func `the cause of concern is linked to each of its recommendations`() {
        let cause = peel2016.findings(of: .causeOfConcern)[0]
        #expect(cause.text.hasPrefix("The Metropolitan Police Service’s approach to protecting vulnerable people"))
        #expect(peel2016.findings(of: .recommendation).allSatisfy { $0.causeOfConcernID == cause.id })
        #expect(
            peel2016.findings(of: .recommendation).allSatisfy {
                $0.leadIn == "The force should immediately take steps to improve its services to vulnerable people by:"
            })
    }

    struct GradedResult: Sendable, CustomTestStringConvertible {
        let inspectionID: String
        let grades: [Grade: Int]
        var testDescription: String { inspectionID }
    }

    // From shared/data/hmicfrs-peel/metropolitan-peel-grades.csv (23 rows).
    static let gradedResults = [
        GradedResult(inspectionID: "metropolitan-peel-2017", grades: [.requiresImprovement: 2, .good: 1]),
        GradedResult(inspectionID: "metropolitan-peel-2018-19", grades: [.requiresImprovement: 1, .good: 2]),
        GradedResult(
            inspectionID: "metropolitan-peel-2021-22",
            grades: [.good: 1, .adequate: 2, .requiresImprovement: 5, .inadequate: 1]),
        GradedResult(
            inspectionID: "metropolitan-peel-2023-25", grades: [.adequate: 1, .requiresImprovement: 5, .inadequate: 2]),
    ]

    @Test(arguments: gradedResults)
    func `the graded results match the grades table, each with its source`(expected: GradedResult) throws {
        let inspection = try #require(fixture.inspection(id: expected.inspectionID))
        var counts: [Grade: Int] = [:]
        for judgement in inspection.judgements { counts[judgement.grade!, default: 0] += 1 }
        #expect(counts == expected.grades)
        #expect(
            inspection.judgements.allSatisfy {
                !$0.sources.isEmpty && $0.sources.allSatisfy { $0.hasPrefix("https://") }
            })
        #expect(!inspection.sources.isEmpty && inspection.sources.allSatisfy { $0.reference.hasPrefix("https://") })
    }

    @Test func `2023 to 25 found investigating crime and managing offenders inadequate`() throws {
        let inspection = try #require(fixture.inspection(id: "metropolitan-peel-2023-25"))
        #expect(inspection.judgement(for: "investigating-crime")?.grade == .inadequate)
        #expect(inspection.judgement(for: "managing-offenders-and-suspects")?.grade == .inadequate)
        #expect(inspection.judgement(for: "police-powers-and-public-treatment")?.grade == .adequate)
        let earlier = try #require(fixture.inspection(id: "metropolitan-peel-2021-22"))
        #expect(earlier.judgement(for: "responding-to-the-public")?.grade == .inadequate)
    }

    @Test func `the Met was under Engage from 28 June 2022 to 23 January 2025, then Scan`() throws {
        let engage = try #require(fixture.monitoring.first { $0.stage == .engage })
        #expect(engage.entered == inspectionDay(2022, 6, 28))
        #expect(engage.exited == inspectionDay(2025, 1, 23))
        #expect(engage.entryReasons.contains { $0.contains("inadequate at responding to the public") })
        #expect(engage.entryReasons.contains { $0.contains("Sarah Everard") })
        #expect(engage.exitReasons.contains { $0.contains("all closed") })
        #expect(engage.exitReasons.contains { $0.contains("answering calls more quickly") })
        let cited = Set(engage.sources.compactMap(\.cited).map(\.sourceID))
        #expect(cited.contains(Citations.engageExitLetter.id))
        #expect(cited.contains(Citations.engageExitBBCCopy.id))
        #expect(cited.contains(Citations.engageExitOnLondonCopy.id))
        #expect(MonitoringHistory.stage(at: inspectionDay(2022, 6, 27), in: fixture.monitoring) == nil)
        #expect(MonitoringHistory.stage(at: inspectionDay(2022, 6, 28), in: fixture.monitoring) == .engage)
        #expect(MonitoringHistory.stage(at: inspectionDay(2025, 1, 22), in: fixture.monitoring) == .engage)
        #expect(MonitoringHistory.stage(at: inspectionDay(2025, 1, 23), in: fixture.monitoring) == .scan)
        #expect(engage.lengthInDays(now: inspectionDay(2030, 1, 1)) == 940)
    }

    @Test func `the grade history of investigating crime runs back through earlier frameworks`() {
        let history = fixture.gradeHistory(
            for: InspectionAreaReference(frameworkID: "peel-2023-25", areaID: "investigating-crime"),
            frameworks: frameworks)
        #expect(
            history.map(\.inspection.id) == [
                "metropolitan-peel-2016-effectiveness", "metropolitan-peel-2021-22", "metropolitan-peel-2023-25",
            ])
        #expect(history.map(\.judgement.grade) == [.requiresImprovement, .requiresImprovement, .inadequate])
    }

    @Test func `the fixture survives encoding and decoding`() throws {
        let data = try InspectionJSON.encoder().encode(fixture)
        #expect(try InspectionHistoryFixture.decode(from: data) == fixture)
    }
}

@Suite struct MonitoringPeriodTests {
    func period(_ stage: MonitoringStage, _ from: Date, _ to: Date?, exitReasons: [String] = ["Progress"])
        -> MonitoringPeriod
    {
        MonitoringPeriod(
            stage: stage, entered: from, exited: to, entryReasons: ["Decision"],
            exitReasons: to == nil ? [] : exitReasons)
    }

    @Test func `consistent periods raise no problems`() {
        let periods = [
            period(.scan, inspectionDay(2020, 1, 1), inspectionDay(2022, 6, 28)),
            period(.engage, inspectionDay(2022, 6, 28), nil),
        ]
        #expect(MonitoringHistory.problems(in: periods).isEmpty)
        #expect(MonitoringHistory.stage(at: inspectionDay(2024, 1, 1), in: periods) == .engage)
    }

    @Test func `overlaps, backward exits and unexplained exits are reported`() {
        let problems = MonitoringHistory.problems(in: [
            period(.engage, inspectionDay(2022, 6, 28), inspectionDay(2022, 6, 1)),
            period(.scan, inspectionDay(2023, 1, 1), inspectionDay(2024, 1, 1), exitReasons: []),
            period(.engage, inspectionDay(2023, 6, 1), nil),
        ])
        #expect(problems.contains { $0.contains("exit is not after entry") })
        #expect(problems.contains { $0.contains("no reason for exit") })
        #expect(problems.contains { $0.contains("overlaps") })
    }

    @Test func `a period with no entry reason is reported`() {
        let bare = MonitoringPeriod(stage: .engage, entered: inspectionDay(2022, 6, 28), entryReasons: [])
        #expect(MonitoringHistory.problems(in: [bare]) == ["Engage from 2022-06-28: no reason for entry"])
    }
}

@Suite struct EngageEarlyWarningTests {
    @Test func `the early warning lists open causes of concern, overdue recommendations and inadequate figures`() {
        let now = inspectionDay(2017, 9, 1)
        let inspection = Inspection(
            id: "i", force: "Metropolitan Police Service", frameworkID: "peel-2014-2019", title: "t",
            published: inspectionDay(2017, 3, 2),
            findings: [
                Finding(id: "COC1", kind: .causeOfConcern, areaID: "x", text: "c"),
                Finding(
                    id: "COC1-R1", kind: .recommendation, areaID: "x", text: "r1", causeOfConcernID: "COC1",
                    due: inspectionDay(2017, 6, 1)),
                Finding(
                    id: "COC1-R2", kind: .recommendation, areaID: "x", text: "r2", causeOfConcernID: "COC1",
                    due: inspectionDay(2017, 6, 1), status: .closed),
                Finding(
                    id: "COC1-R3", kind: .recommendation, areaID: "x", text: "r3", causeOfConcernID: "COC1",
                    due: inspectionDay(2017, 12, 1)),
            ])
        let warning = EngageEarlyWarning.compute(
            inspections: [inspection],
            readings: [
                IndicatorReading(
                    definition: InspectionTestIndicators.higherIsBetter,
                    value: InspectionTestIndicators.value(in: .inadequate)),
                IndicatorReading(definition: InspectionTestIndicators.lowerIsBetter, value: 3),
            ],
            now: now)
        #expect(warning.openCausesOfConcern.map(\.finding.id) == ["COC1"])
        #expect(warning.openCausesOfConcern.first?.ageInDays == 183)
        #expect(warning.overdueRecommendations.map(\.finding.id) == ["COC1-R1"])
        #expect(warning.overdueRecommendations.first?.daysOverdue == 92)
        #expect(warning.inadequateIndicators.map(\.indicatorID) == [InspectionTestIndicators.higherIsBetter.id])
        #expect(!warning.isClear)
    }
}
