import BluelampAPI
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Domestic abuse incidents that are not crimes (issue 17): a report the recording decision records as an incident
/// needs a DASH as much as a crime does, is listed while it has none, and counts in the safeguarding indicators;
/// a report decided "no crime" does not.
@Suite struct DomesticIncidentTests {
    typealias Flow = AllocationFlowTests
    typealias API = APIInvestigationTests

    /// A domestic abuse report in CE with its victim, decided as `decision` (`nil` leaves it a recorded crime),
    /// reported `daysAgo` days ago.
    static func report(
        _ app: Application, _ decision: RecordingDecisionKind?, daysAgo: Double = 1, victim: String = "Okafor",
        flags: CrimeFlags = .domestic
    ) async throws -> (crime: Int, person: Int) {
        let crime = try await makeCrime(app, bcu: .centralEast, category: .publicOrder, victim: victim)
        let record = try #require(try await CrimeRecord.find(crime, on: app.db))
        record.flags |= flags.rawValue
        record.reportedAt = Date().addingTimeInterval(-daysAgo * 86_400)
        if let decision, decision != .crime {
            record.recordingDecision = decision.rawValue
            record.recordingDecisionReason = "Verbal argument; no offence disclosed"
            record.status = CrimeStatus.Code.notRecorded.rawValue
        }
        try await record.update(on: app.db)
        let person = try #require(try await VictimStore.victims(crimeID: crime, on: app.db).first?.personID)
        return (crime, person)
    }

    @Test func `a DASH is completed on a domestic incident that is not a crime, and its page says incident`()
        async throws
    {
        try await withTestApp { app in
            let (incident, person) = try await Self.report(app, .incident)
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let page = try await app.testing().sendRequest(.GET, "/crimes/\(incident)/dash", headers: officer.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Back to the incident"))
            #expect(page.body.string.contains("Complete the DASH"))

            let done = try await Flow.post(
                app, "/crimes/\(incident)/dash", as: officer,
                fields: DashFlowTests.answers(yes: 15) + [("person_id", "\(person)")])
            #expect(done.status == .seeOther)
            let saved = try #require(try await DashStore.assessments(crimeID: incident, on: app.db).first)
            #expect(saved.level == .high && saved.marac.status == .required)
            let entries = try await DashFlowTests.audited(app, .dashAssessment, person: person)
            #expect(entries.contains { $0.action == .create })
        }
    }

    @Test func `the coverage list holds open crimes and recent incidents without a DASH, never a no-crime report`()
        async throws
    {
        try await withTestApp { app in
            let (crime, _) = try await Self.report(app, nil, victim: "Adeyemi")
            let (recent, _) = try await Self.report(app, .incident, daysAgo: 3, victim: "Brown")
            // Past the list's window: still counted by the indicator, no longer listed as work.
            _ = try await Self.report(app, .incident, daysAgo: Double(DashCoverage.incidentDays) + 2, victim: "Chen")
            _ = try await Self.report(app, .noCrime, daysAgo: 2, victim: "Davies")
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))

            let page = try await app.testing().sendRequest(.GET, "/safeguarding", headers: unit.headers())
            #expect(page.status == .ok)
            #expect(page.body.string.contains("Domestic abuse crimes and incidents without a DASH (2)"))
            #expect(page.body.string.contains(">Incident<"))

            let token = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let listed = try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?bcu=CE", token)
            #expect(listed.status == .ok)
            let coverage = try APIDashTests.decode(listed, Components.Schemas.DashCoveragePage.self)
            #expect(Set(coverage.items.map(\.crimeId)) == [Int64(crime), Int64(recent)])
            #expect(coverage.items.first { $0.crimeId == Int64(recent) }?.recordedAs == .incident)
            #expect(coverage.items.first { $0.crimeId == Int64(crime) }?.recordedAs == .crime)
        }
    }

    @Test func `the DASH and mental health indicators count incidents and leave out reports decided no crime`()
        async throws
    {
        try await withTestApp { app in
            let (crime, person) = try await Self.report(app, nil, daysAgo: 5, victim: "Adeyemi")
            _ = try await Self.report(app, .incident, daysAgo: 4, victim: "Brown", flags: [.domestic, .mentalHealth])
            _ = try await Self.report(app, .noCrime, daysAgo: 3, victim: "Davies", flags: [.domestic, .mentalHealth])
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let done = try await Flow.post(
                app, "/crimes/\(crime)/dash", as: officer,
                fields: DashFlowTests.answers(yes: 3) + [("person_id", "\(person)")])
            #expect(done.status == .seeOther)

            let now = Date()
            let period = DateInterval(start: now.addingTimeInterval(-30 * 86_400), end: now.addingTimeInterval(60))
            let values = try await DashIndicatorStore().computeAll(
                period: period, scopes: [nil, .centralEast], on: app.db)
            let ce = IndicatorStore.scopeCode(.centralEast)
            // The crime has its DASH, the incident has none: half; the no-crime report is not in the count.
            #expect(values[VulnerabilityIndicators.ID.dashCompleted]?[ce] == 50)
            // One mental health flag (the incident's) in a period of 30 days and a minute.
            let months = period.duration / (30.44 * 86_400)
            let flags = try #require(values[VulnerabilityIndicators.ID.mentalHealthFlags]?[ce])
            #expect(abs(flags - 1 / months) < 1e-9)
        }
    }

    @Test func `a refused DASH form links each problem to its field and shows it there; the title says Error`()
        async throws
    {
        try await withTestApp { app in
            let (incident, person) = try await Self.report(app, .incident)
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let path = "/crimes/\(incident)/dash"
            let partial = DashFlowTests.answers(yes: 2).filter { $0.0 != "q3" } + [("person_id", "\(person)")]
            let bad = try await Flow.post(app, path, as: officer, fields: partial)
            #expect(bad.status == .unprocessableEntity)
            let html = bad.body.string
            #expect(html.contains("<title>Error: DASH:"))
            #expect(html.contains(##"<a href="#q3">Question 3: choose yes, no or not known.</a>"##))
            #expect(html.contains(#"id="q3-error""#) && html.contains(#"aria-describedby="q3-error""#))
            #expect(html.contains(#"id="q3""#))  // the first radio, which the summary's link focuses
            // Only the question refused is marked.
            #expect(!html.contains(#"id="q4-error""#))

            // The supervisor's review form, one per assessment, links to its own field.
            let done = try await Flow.post(
                app, path, as: officer, fields: DashFlowTests.answers(yes: 2) + [("person_id", "\(person)")])
            #expect(done.status == .seeOther)
            let saved = try #require(try await DashStore.assessments(crimeID: incident, on: app.db).first)
            let review = try await Flow.post(
                app, Paths.dashReview(saved.id), as: supervisor,
                fields: [("decision", "changed"), ("level", "high"), ("comments", "")])
            #expect(review.status == .unprocessableEntity)
            #expect(review.body.string.contains(##"<a href="#review-\##(saved.id)-comments">"##))
            #expect(review.body.string.contains(#"id="review-\#(saved.id)-comments-error""#))
            #expect(
                review.body.string.contains(
                    #"aria-invalid="true" aria-describedby="review-\#(saved.id)-comments-hint review-\#(saved.id)-comments-error""#
                ))
        }
    }
}
