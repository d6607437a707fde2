import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// DASH → supervisor review → MARAC over HTTP (issue 17), with the audit entries, and what each role in and out of
/// scope may see.
@Suite struct DashFlowTests {
    typealias Flow = AllocationFlowTests

    /// A domestic abuse crime in CE with its victim.
    static func domesticCrime(_ app: Application) async throws -> (crime: Int, person: Int) {
        let crime = try await makeCrime(app, bcu: .centralEast, category: .violenceAndSexualOffences, victim: "Okafor")
        let record = try #require(try await CrimeRecord.find(crime, on: app.db))
        record.flags |= CrimeFlags.domestic.rawValue
        try await record.update(on: app.db)
        let person = try #require(try await VictimStore.victims(crimeID: crime, on: app.db).first?.personID)
        return (crime, person)
    }

    static func answers(yes: Int) -> [(String, String)] {
        (1...27).map { ("q\($0)", $0 <= yes ? "Y" : "N") }
    }

    static func audited(_ app: Application, _ type: AuditRecordType, person: Int) async throws -> [AuditEntry] {
        try await AuditLog.search(
            on: app.db, filter: .init(subjectPersonID: "person:\(person)", recordType: type.rawValue), limit: 50)
    }

    @Test func `a DASH is completed at the scene, reviewed by a supervisor and referred to MARAC, each step audited`()
        async throws
    {
        try await withTestApp { app in
            let (crime, person) = try await Self.domesticCrime(app)
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let unit = try await signedIn(app, as: .publicProtection, scope: .bcus([.centralEast]))
            let path = "/crimes/\(crime)/dash"

            // The form: 27 questions as radio groups.
            let form = try await app.testing().sendRequest(.GET, path, headers: officer.headers())
            #expect(form.status == .ok)
            #expect(form.body.string.contains(#"name="q27""#))
            #expect(form.body.string.contains("Complete the DASH"))

            // Unanswered questions and a lowering judgement are refused by field; nothing is written.
            var partial = Self.answers(yes: 14).filter { $0.0 != "q3" }
            partial += [("person_id", "\(person)"), ("judgement_level", "medium")]
            let bad = try await Flow.post(app, path, as: officer, fields: partial)
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Question 3: choose yes, no or not known."))
            #expect(try await DashStore.assessments(crimeID: crime, on: app.db).isEmpty)

            // 14 yes: high risk, MARAC required, review due in 24 hours.
            let done = try await Flow.post(
                app, path, as: officer, fields: Self.answers(yes: 14) + [("person_id", "\(person)")])
            #expect(done.status == .seeOther)
            let saved = try #require(try await DashStore.assessments(crimeID: crime, on: app.db).first)
            #expect(saved.yesCount == 14)
            #expect(saved.level == .high)
            #expect(saved.marac.status == .required)
            #expect(saved.marac.criteria == [.highRisk])
            #expect(abs(saved.supervisionDueAt.timeIntervalSince(saved.completedAt) - 86_400) < 1)
            #expect(try await Self.audited(app, .dashAssessment, person: person).contains { $0.action == .create })
            // A second DASH for the same victim on the same crime is refused.
            let again = try await Flow.post(
                app, path, as: officer, fields: Self.answers(yes: 2) + [("person_id", "\(person)")])
            #expect(again.status == .unprocessableEntity)

            // The unit's page lists the referral due and the review due.
            let work = try await app.testing().sendRequest(.GET, "/safeguarding", headers: unit.headers())
            #expect(work.status == .ok)
            #expect(work.body.string.contains("MARAC referrals required but not made (1)"))
            #expect(work.body.string.contains("Open high-risk cases (1)"))

            // The officer may not review; the supervisor agrees.
            let review = "/dash/\(saved.id)/review"
            #expect(
                try await Flow.post(app, review, as: officer, fields: [("decision", "agreed")]).status == .forbidden)
            let noReason = try await Flow.post(
                app, review, as: supervisor, fields: [("decision", "changed"), ("level", "high"), ("comments", "")])
            #expect(noReason.status == .unprocessableEntity)
            #expect(
                try await Flow.post(app, review, as: supervisor, fields: [("decision", "agreed")]).status == .seeOther)
            #expect(try await DashStore.assessment(id: saved.id, on: app.db)?.firstReview?.decision == .agreed)
            #expect(try await Self.audited(app, .dashReview, person: person).count == 1)

            // The unit refers it and records the meeting; "not required" is refused while high risk.
            let marac = "/dash/\(saved.id)/marac"
            #expect(
                try await Flow.post(app, marac, as: supervisor, fields: [("status", "not_required")]).status
                    == .unprocessableEntity)
            let today = CalendarDay(containing: Date(), in: .london).text
            let referred = try await Flow.post(
                app, marac, as: unit, fields: [("status", "referred"), ("referred_on", today)])
            #expect(referred.status == .seeOther)
            #expect(try await DashStore.assessment(id: saved.id, on: app.db)?.marac.status == .referred)
            #expect(try await Self.audited(app, .maracReferral, person: person).count == 1)
            let after = try await app.testing().sendRequest(.GET, "/safeguarding", headers: unit.headers())
            #expect(after.body.string.contains("MARAC referrals required but not made (0)"))

            // The person's history shows it, and the read is audited with the person as subject.
            let history = try await app.testing().sendRequest(
                .GET, "/people/\(person)/safeguarding", headers: unit.headers())
            #expect(history.status == .ok)
            #expect(history.body.string.contains("Referred"))
            let reads = try await Self.audited(app, .person, person: person)
            #expect(reads.contains { $0.reason == "safeguarding history" })
        }
    }

    @Test func `out of scope the DASH and the history are refused; inspectors see none of it`() async throws {
        try await withTestApp { app in
            let (crime, person) = try await Self.domesticCrime(app)
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            _ = try await Flow.post(
                app, "/crimes/\(crime)/dash", as: officer, fields: Self.answers(yes: 3) + [("person_id", "\(person)")])
            let reference = try #require(try await CrimeRecord.find(crime, on: app.db)?.reference)

            let outside = try await signedIn(app, as: .publicProtection, scope: .bcus([.southEast]))
            let refused = try await app.testing().sendRequest(.GET, "/crimes/\(crime)/dash", headers: outside.headers())
            #expect(refused.status == .notFound)
            let history = try await app.testing().sendRequest(
                .GET, "/people/\(person)/safeguarding", headers: outside.headers())
            #expect(history.status == .notFound)
            #expect(!history.body.string.contains("Okafor"))
            let outsideWork = try await app.testing().sendRequest(.GET, "/safeguarding", headers: outside.headers())
            #expect(!outsideWork.body.string.contains(reference))

            let inside = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let insideHistory = try await app.testing().sendRequest(
                .GET, "/people/\(person)/safeguarding", headers: inside.headers())
            #expect(insideHistory.body.string.contains(reference))

            for role in [Role.inspector, .performanceLead] {
                let browser = try await signedIn(app, as: role)
                for path in ["/safeguarding", "/crimes/\(crime)/dash", "/people/\(person)/safeguarding"] {
                    let response = try await app.testing().sendRequest(.GET, path, headers: browser.headers())
                    #expect(response.status == .forbidden, "\(role) \(path)")
                }
            }
        }
    }

    @Test func `three domestic abuse crimes in 12 months make a referral required at standard risk`() async throws {
        try await withTestApp { app in
            let (crime, person) = try await Self.domesticCrime(app)
            // Two more domestic abuse crimes with the same victim in the last year.
            for days in [40.0, 300.0] {
                let other = try await makeCrime(app, bcu: .centralEast, victim: "Other")
                let record = try #require(try await CrimeRecord.find(other, on: app.db))
                record.flags |= CrimeFlags.domestic.rawValue
                record.reportedAt = Date().addingTimeInterval(-days * 86_400)
                try await record.update(on: app.db)
                let link = try #require(
                    try await CrimePersonLink.query(on: app.db).filter(\.$crime.$id == other)
                        .filter(\.$role == PersonRole.victim.rawValue).first())
                link.$person.id = person
                try await link.update(on: app.db)
            }
            let officer = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let done = try await Flow.post(
                app, "/crimes/\(crime)/dash", as: officer,
                fields: Self.answers(yes: 2) + [("person_id", "\(person)")])
            #expect(done.status == .seeOther)
            let saved = try #require(try await DashStore.assessments(crimeID: crime, on: app.db).first)
            #expect(saved.level == .standard)
            #expect(saved.marac.criteria == [.potentialEscalation])
            #expect(saved.marac.status == .required)
        }
    }

    @Test func `an administrator changes the DASH policy on its page; a bad version is refused; the change is audited`()
        async throws
    {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .administrator)
            let path = Paths.dashPolicy()
            let page = try await app.testing().sendRequest(.GET, path, headers: admin.headers())
            #expect(page.status == .ok)
            #expect(
                page.body.string.contains("14 or more &quot;yes&quot; answers")
                    || page.body.string.contains("14 or more"))
            #expect(page.body.string.contains(#"name="medium_from""#))

            let fields = [
                ("medium_from", "14"), ("high_from", "10"), ("supervision_hours", "24"), ("escalation_count", "3"),
                ("escalation_months", "12"), ("reason", "Force review of DASH bands"),
            ]
            let bad = try await Flow.post(app, path, as: admin, fields: fields)
            #expect(bad.status == .unprocessableEntity)
            #expect(try await DashStore.policy(on: app.db).version == 0)

            var good = fields
            good[0] = ("medium_from", "9")
            good[1] = ("high_from", "13")
            let done = try await Flow.post(app, path, as: admin, fields: good)
            #expect(done.status == .seeOther)
            #expect(done.headers.first(name: .location) == Paths.dashPolicy(notice: "changed"))
            let now = try await DashStore.policy(on: app.db)
            #expect(now.version == 1 && now.policy.mediumFrom == 9 && now.policy.highFrom == 13)
            #expect(try await auditEntries(app, recordType: "dash_policy").count == 1)

            let supervisor = try await signedIn(app, as: .supervisor)
            #expect(try await app.testing().sendRequest(.GET, path, headers: supervisor.headers()).status == .forbidden)
        }
    }
}
