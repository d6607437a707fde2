import BluelampCore
import Foundation
import Testing

@Suite struct InspectionFrameworkTests {
    @Test func `the three PEEL frameworks are bundled as data files`() throws {
        let ids = try InspectionTestFiles.frameworks().map(\.id).sorted()
        #expect(ids == ["peel-2014-2019", "peel-2021-22", "peel-2023-25"])
    }

    @Test func `every framework file decodes and is well formed`() throws {
        let files = try InspectionTestFiles.frameworkFiles
        #expect(!files.isEmpty)
        for file in files {
            let framework = try InspectionFramework.decode(from: Data(contentsOf: file))
            #expect(framework.problems().isEmpty, "\(file.lastPathComponent): \(framework.problems())")
            #expect(file.deletingPathExtension().lastPathComponent == framework.id)
            #expect(Set(framework.areas.map(\.id)).count == framework.areas.count)
        }
    }

    @Test func `framework ids are unique across files`() throws {
        let ids = try InspectionTestFiles.frameworks().map(\.id)
        #expect(Set(ids).count == ids.count)
    }

    @Test func `every predecessor names an area of another bundled framework`() throws {
        let frameworks = try InspectionTestFiles.frameworks()
        for framework in frameworks {
            for area in framework.areas {
                for predecessor in area.predecessors {
                    let target = frameworks.first { $0.id == predecessor.frameworkID }?.area(id: predecessor.areaID)
                    #expect(target != nil, "\(framework.id)/\(area.id) → \(predecessor) does not resolve")
                }
            }
        }
    }

    @Test func `PEEL 2014 to 2019 has three graded pillars on four grades`() throws {
        let peel = try InspectionTestFiles.framework("peel-2014-2019")
        #expect(peel.gradeScale == .fourPoint)
        #expect(peel.topLevelAreas.map(\.name) == ["Effectiveness", "Efficiency", "Legitimacy"])
        #expect(peel.topLevelAreas.allSatisfy { $0.isGraded })
        #expect(peel.children(of: "effectiveness").count == 5)
        #expect(peel.children(of: "efficiency").count == 3)
        #expect(peel.children(of: "legitimacy").count == 3)
    }

    @Test func `PEEL 2016 effectiveness questions are worded as the report words them`() throws {
        let peel = try InspectionTestFiles.framework("peel-2014-2019")
        let questions = peel.children(of: "effectiveness").flatMap(\.questions)
        #expect(
            questions == [
                "How effective is the force at preventing crime, tackling anti-social behaviour and keeping people safe?",
                "How effective is the force at investigating crime and reducing re-offending?",
                "How effective is the force at protecting those who are vulnerable from harm, and supporting victims?",
                "How effective is the force at tackling serious and organised crime?",
                "How effective are the force’s specialist capabilities?",
            ])
        #expect(peel.area(id: "specialist-capabilities")?.assessment == .reported)
        let seed = try InspectionTestFiles.seed002()
        for question in questions { #expect(seed.contains(question)) }
    }

    @Test func `PEEL 2023 to 25 grades the Met's areas and reports the victim service assessment`() throws {
        let peel = try InspectionTestFiles.framework("peel-2023-25")
        #expect(peel.gradeScale == .fivePoint)
        #expect(
            peel.areas.filter(\.isGraded).map(\.name) == [
                "Police powers and public treatment",
                "Preventing and deterring crime and antisocial behaviour, and reducing vulnerability",
                "Responding to the public",
                "Investigating crime",
                "Protecting vulnerable people",
                "Managing offenders and suspects",
                "Building, supporting and protecting the workforce",
                "Leadership and force management",
                "Recording data about crime",
            ])
        #expect(peel.area(id: "victim-service-assessment")?.isGraded == false)
    }

    @Test func `PEEL 2021 22 grades on five points and reports the victim service assessment`() throws {
        let peel = try InspectionTestFiles.framework("peel-2021-22")
        #expect(peel.gradeScale == .fivePoint)
        #expect(peel.area(id: "victim-service-assessment")?.assessment == .reported)
        #expect(peel.area(id: "recording-data-about-crime")?.isGraded == true)
    }

    @Test func `headings match whatever the quotes, dashes and case`() throws {
        let peel = try InspectionTestFiles.framework("peel-2014-2019")
        #expect(
            peel.area(matchingHeading: "How effective are the force's specialist capabilities?")?.id
                == "specialist-capabilities")
        #expect(peel.area(matchingHeading: "  EFFECTIVENESS ")?.id == "effectiveness")
        #expect(peel.area(matchingHeading: "How effective is the force at catching dragons?") == nil)
    }

    @Test func `a framework with duplicate ids, a missing parent or a shared heading is reported`() {
        let framework = InspectionFramework(
            id: "broken", name: "Broken", inspectorate: "HMICFRS", years: "2030", gradeScale: .fivePoint,
            areas: [
                InspectionArea(id: "a", name: "A"),
                InspectionArea(id: "a", name: "A again"),
                InspectionArea(id: "b", name: "B", parentID: "missing"),
                InspectionArea(id: "c", name: "C", questions: ["How good is A?"]),
                InspectionArea(id: "d", name: "D", questions: ["How good is a?"]),
            ])
        let problems = framework.problems()
        #expect(problems.contains { $0.contains("duplicate area id a") })
        #expect(problems.contains { $0.contains("unknown parent missing") })
        #expect(problems.contains { $0.contains("both answer to") })
    }

    @Test func `a framework survives encoding and decoding`() throws {
        let peel = try InspectionTestFiles.framework("peel-2023-25")
        let data = try InspectionJSON.encoder().encode(peel)
        #expect(try InspectionFramework.decode(from: data) == peel)
    }
}

@Suite struct GradeTests {
    @Test func `the four-point scale has no adequate and the five-point scale has all five`() {
        #expect(GradeScale.fourPoint.grades == [.outstanding, .good, .requiresImprovement, .inadequate])
        #expect(!GradeScale.fourPoint.includes(.adequate))
        #expect(GradeScale.fivePoint.grades == Grade.allCases)
    }

    @Test func `grades order by quality`() {
        #expect(Grade.inadequate < .requiresImprovement)
        #expect(Grade.requiresImprovement < .adequate)
        #expect(Grade.good < .outstanding)
        #expect(min(Grade.good, .inadequate) == .inadequate)
    }

    @Test(arguments: [
        ("Requires improvement", Grade.requiresImprovement), ("requires-improvement", .requiresImprovement),
        ("INADEQUATE", .inadequate), (" Good ", .good), ("Adequate", .adequate),
    ])
    func `grades read from the labels reports use`(label: String, grade: Grade) {
        #expect(Grade(label: label) == grade)
    }

    @Test func `an unknown label is not a grade`() {
        #expect(Grade(label: "Excellent") == nil)
    }
}

@Suite struct InspectionJSONTests {
    @Test func `dates are written as days at midnight UTC and as timestamps otherwise`() throws {
        #expect(InspectionJSON.string(from: inspectionDay(2022, 6, 28)) == "2022-06-28")
        let moment = inspectionDay(2024, 5, 1).addingTimeInterval(9 * 3_600 + 30 * 60)
        #expect(InspectionJSON.string(from: moment) == "2024-05-01T09:30:00Z")
        #expect(InspectionJSON.date(from: "2024-05-01T09:30:00Z") == moment)
        #expect(InspectionJSON.date(from: "2022-06-28") == inspectionDay(2022, 6, 28))
        #expect(InspectionJSON.date(from: "2023-02-30") == nil)
        #expect(InspectionJSON.date(from: "28 June 2022") == nil)
    }

    @Test func `a status change keeps its time through a round trip`() throws {
        let at = inspectionDay(2024, 5, 1).addingTimeInterval(12_345)
        let change = FindingStatusChange(from: .open, to: .inProgress, by: "PS Khan", reason: "Started", at: at)
        let data = try InspectionJSON.encoder().encode(change)
        #expect(try InspectionJSON.decoder().decode(FindingStatusChange.self, from: data) == change)
    }
}
