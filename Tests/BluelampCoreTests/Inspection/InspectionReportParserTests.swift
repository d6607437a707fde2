import BluelampCore
import Foundation
import Testing

@Suite struct InspectionReportParserTests {
    let seed: String
    let peel: InspectionFramework
    let published = inspectionDay(2017, 3, 2)

    init() throws {
        seed = try InspectionTestFiles.seed002()
        peel = try InspectionTestFiles.framework("peel-2014-2019")
    }

    func parse(_ text: String, framework: InspectionFramework? = nil) throws(InspectionReportParseError)
        -> ParsedInspectionReport
    {
        let framework = framework ?? peel
        return try InspectionReportParser.parse(
            text: text, force: "Metropolitan Police Service", frameworkID: framework.id, published: published,
            framework: framework)
    }

    /// The seed with its 1-based line `number` replaced by `lines` (none to delete it).
    func seed(replacing number: Int, with lines: [String]) -> String {
        var all = seed.components(separatedBy: "\n")
        all.replaceSubrange((number - 1)..<number, with: lines)
        return all.joined(separator: "\n")
    }

    func seed(inserting line: String, after number: Int) -> String {
        var all = seed.components(separatedBy: "\n")
        all.insert(line, at: number)
        return all.joined(separator: "\n")
    }

    func seed(deleting range: ClosedRange<Int>) -> String {
        var all = seed.components(separatedBy: "\n")
        all.removeSubrange((range.lowerBound - 1)...(range.upperBound - 1))
        return all.joined(separator: "\n")
    }

    // MARK: - Seed 002

    @Test func `parsing seed 002 yields the same findings as the fixture`() throws {
        let parsed = try parse(seed)
        let fixture = try #require(
            try InspectionTestFiles.fixture().inspection(id: "metropolitan-peel-2016-effectiveness"))
        #expect(parsed.inspection.findings == fixture.findings)
    }

    @Test func `parsing seed 002 yields the fixture's judgement of each question`() throws {
        let parsed = try parse(seed)
        let fixture = try #require(
            try InspectionTestFiles.fixture().inspection(id: "metropolitan-peel-2016-effectiveness"))
        let questions = fixture.judgements.filter { peel.area(id: $0.areaID)?.parentID != nil }
        #expect(parsed.inspection.judgements.map(\.areaID) == questions.map(\.areaID))
        #expect(parsed.inspection.judgements.map(\.grade) == questions.map(\.grade))
        #expect(parsed.inspection.judgements.map(\.summary) == questions.map(\.summary))
    }

    // Counted by hand in seed 002: see InspectionHistoryFixtureTests.
    @Test func `parsing seed 002 extracts 5 judgements, 11 areas for improvement and 1 cause with 8 recommendations`()
        throws
    {
        let parsed = try parse(seed)
        let summary = parsed.summary
        #expect(summary.judgementCount == 5)
        #expect(summary.gradedJudgementCount == 4)
        #expect(summary.total(.areaForImprovement) == 11)
        #expect(summary.total(.causeOfConcern) == 1)
        #expect(summary.total(.recommendation) == 8)
        #expect(summary.total(.innovativePractice) == 0)
        #expect(summary.areas.map(\.headingLine) == [2, 4, 13, 23, 39, 49])
        #expect(summary.areas.map { $0.counts[.areaForImprovement] ?? 0 } == [0, 3, 3, 0, 5, 0])
        #expect(
            summary.areas.map(\.grade) == [nil, .good, .requiresImprovement, .inadequate, .requiresImprovement, nil])
        #expect(parsed.title == "Metropolitan PEEL 2016")
        #expect(parsed.inspection.id == "metropolitan-police-service-peel-2014-2019-2017-03-02")
        #expect(parsed.inspection.problems(against: peel).isEmpty)
    }

    @Test func `the summary prints what was extracted per question`() throws {
        let text = try parse(seed).summary.text
        #expect(
            text.contains(
                "5 judgements (4 graded); 1 cause of concern, 8 recommendations, 11 areas for improvement, 0 innovative or promising practice"
            ))
        #expect(text.contains("Effectiveness (line 2): no judgement in the text"))
        #expect(
            text.contains(
                "Protecting vulnerable people and supporting victims (line 23): Inadequate; 1 cause of concern; 8 recommendations"
            ))
        #expect(text.contains("Specialist capabilities (line 49): reported, not graded"))
    }

    @Test func `Windows line endings and blank lines parse the same`() throws {
        let crlf = seed.components(separatedBy: "\n").joined(separator: "\r\n\r\n")
        let fromCRLF = try parse(crlf)
        let fromLF = try parse(seed)
        #expect(fromCRLF.inspection.findings == fromLF.inspection.findings)
        #expect(fromCRLF.inspection.judgements == fromLF.inspection.judgements)
    }

    // MARK: - Refusals

    struct Refusal: Sendable, CustomTestStringConvertible {
        let name: String
        let line: Int?
        let reason: String
        let text: @Sendable (InspectionReportParserTests) -> String
        var testDescription: String { name }
    }

    static let refusals: [Refusal] = [
        Refusal(name: "an unknown question heading", line: 13, reason: "no such question") {
            $0.seed(replacing: 13, with: ["How effective is the force at catching dragons?"])
        },
        Refusal(name: "prose after a list", line: 13, reason: "list runs to the next heading") {
            $0.seed(inserting: "The force has started work on this.", after: 12)
        },
        Refusal(name: "a wrapped list item", line: 11, reason: "join it to that line") {
            $0.seed(inserting: "continues the item above.", after: 10)
        },
        Refusal(name: "a mistyped findings heading", line: 9, reason: "reads as a heading") {
            $0.seed(replacing: 9, with: ["Areas of improvement"])
        },
        Refusal(
            name: "a cause of concern without recommendations", line: 27,
            reason: "always comes with one or more recommendations"
        ) {
            $0.seed(deleting: 29...38)
        },
        Refusal(name: "a cause of concern with no text", line: 27, reason: "no text before its recommendations") {
            $0.seed(deleting: 28...28)
        },
        Refusal(name: "a graded question whose first paragraph states no grade", line: 5, reason: "states no grade") {
            $0.seed(replacing: 5, with: ["The Metropolitan Police Service prevents some crime."])
        },
        Refusal(name: "a first paragraph stating two grades", line: 40, reason: "more than one grade") {
            $0.seed(replacing: 40, with: ["The force is good at gangs but requires improvement in mapping OCGs."])
        },
        Refusal(name: "a grade the framework does not award", line: 5, reason: "does not award") {
            $0.seed(replacing: 5, with: ["The Metropolitan Police Service is adequate at preventing crime."])
        },
        Refusal(
            name: "a graded question with no paragraph", line: 13,
            reason: "no paragraph under its heading states the grade"
        ) {
            $0.seed(deleting: 14...22)
        },
        Refusal(name: "a list item with no list heading", line: 6, reason: "no list heading above it") {
            $0.seed(inserting: "- a stray item", after: 5)
        },
        Refusal(name: "a list heading with no items", line: 9, reason: "followed by no") {
            $0.seed(deleting: 10...12)
        },
        Refusal(name: "prose before the first heading", line: 2, reason: "before the first question or area heading") {
            $0.seed(inserting: "This report sets out our findings.", after: 1)
        },
        Refusal(
            name: "a findings heading before any area", line: 1, reason: "before the first question or area heading"
        ) { _ in
            "Areas for improvement\n- The force should do better."
        },
        Refusal(name: "a repeated question heading", line: 52, reason: "repeats the heading") {
            $0.seed + "\nHow effective is the force at investigating crime and reducing re-offending?"
        },
        Refusal(name: "a question under another pillar's heading", line: 14, reason: "is a question of Effectiveness") {
            $0.seed(inserting: "Efficiency", after: 12)
        },
        Refusal(name: "prose after the recommendations", line: 39, reason: "prose in the recommendations") {
            $0.seed(inserting: "The force should also review its MASH staffing.", after: 38)
        },
        Refusal(name: "a second title line", line: 2, reason: "reads as a heading") {
            $0.seed(inserting: "Published March 2017", after: 1)
        },
    ]

    @Test(arguments: refusals)
    func `text it cannot place is refused, naming the line`(refusal: Refusal) {
        let text = refusal.text(self)
        do {
            _ = try parse(text)
            Issue.record("parsed text that should have been refused")
        } catch {
            #expect(error.lineNumber == refusal.line)
            #expect(error.reason.contains(refusal.reason), "\(error.reason)")
            let lines = text.components(separatedBy: "\n")
            if let number = error.lineNumber {
                #expect(error.line == lines[number - 1].trimmingCharacters(in: .whitespaces))
                #expect(error.description.hasPrefix("line \(number): \""))
            }
        }
    }

    @Test func `empty text and a mismatched framework are refused`() throws {
        #expect(throws: InspectionReportParseError(reason: "the text is empty")) { try parse("\n  \n") }
        #expect(throws: InspectionReportParseError.self) {
            try InspectionReportParser.parse(
                text: seed, force: "Metropolitan Police Service", frameworkID: "peel-2023-25", published: published,
                framework: peel)
        }
        #expect(
            throws: InspectionReportParseError(reason: "the text has no question or area heading of PEEL 2014–2019")
        ) {
            try parse("Metropolitan PEEL 2016")
        }
    }

    // MARK: - A 2023–25 style report

    @Test func `a 2023 to 25 report reads adequate grades, practice lists and stand-alone recommendations`() throws {
        let framework = try InspectionTestFiles.framework("peel-2023-25")
        let text = """
            Metropolitan PEEL 2023–25
            Victim service assessment
            The force does not consistently help victims to access their rights under the Victims’ Code.
            Police powers and public treatment
            The force is adequate at treating the public fairly and using its powers.
            Innovative practice
            - The force uses body-worn video reviews to improve stop and search encounters.
            Investigating crime
            The force is inadequate at investigating crime.
            Its crime allocation policy leads to inconsistent decision-making.
            Recommendations
            - Within six months, the force should review its crime allocation policy.
            Areas for improvement
            - The force should make sure supervisors are trained to manage crime workloads.
            """
        let parsed = try parse(text, framework: framework)
        #expect(
            parsed.inspection.judgements.map(\.areaID) == [
                "victim-service-assessment", "police-powers-and-public-treatment", "investigating-crime",
            ])
        #expect(parsed.inspection.judgements.map(\.grade) == [nil, .adequate, .inadequate])
        #expect(parsed.inspection.findings.map(\.id) == ["IP1", "R1", "AFI1"])
        #expect(parsed.inspection.findings.map(\.kind) == [.innovativePractice, .recommendation, .areaForImprovement])
        #expect(parsed.inspection.findings[1].causeOfConcernID == nil)
        #expect(parsed.inspection.problems(against: framework).isEmpty)
    }
}
