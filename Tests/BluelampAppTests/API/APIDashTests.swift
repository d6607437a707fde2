import BluelampAPI
import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// DASH, supervisors' reviews, MARAC referrals, the BCU's work lists and the DASH policy through the API (issue 17):
/// the same use cases as the safeguarding pages, with their scope rules, refusals at their fields, an idempotent create
/// and the pages' audit entries.
@Suite struct APIDashTests {
    typealias API = APIInvestigationTests
    typealias Flow = DashFlowTests
    typealias Assessment = Components.Schemas.DashAssessment

    static func answers(yes: Int) -> [String: String] {
        Dictionary(uniqueKeysWithValues: (1...27).map { ("q\($0)", $0 <= yes ? "yes" : "no") })
    }

    static func body(person: Int, yes: Int) -> [String: Any] {
        ["person_id": person, "answers": answers(yes: yes)]
    }

    static func complete(
        _ app: Application, crime: Int, _ token: String, _ body: [String: Any], key: String
    ) async throws -> TestingHTTPResponse {
        try await APIProtectionTests.create(app, "/api/v1/crimes/\(crime)/dash", token, body, key: key)
    }

    static func decode<T: Decodable>(_ response: TestingHTTPResponse, _ type: T.Type) throws -> T {
        try APIProtectionTests.decode(response, type)
    }

    // MARK: - The flow

    @Test func `a DASH is completed, reviewed and referred to MARAC over the API, each step audited`() async throws {
        try await withTestApp { app in
            let (crime, person) = try await Flow.domesticCrime(app)
            let officer = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            let unit = try await apiToken(app, as: .publicProtection, scope: .bcus([.centralEast]))

            // The crime has a victim and no DASH: it is on the coverage list, with its age.
            let uncovered = try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?bcu=CE", unit)
            #expect(uncovered.status == .ok)
            let coverage = try Self.decode(uncovered, Components.Schemas.DashCoveragePage.self)
            #expect(coverage.items.map(\.crimeId) == [Int64(crime)])
            #expect(coverage.items.first?.ageDays == 0 && coverage.total == 1)

            // 14 yes: high risk, MARAC required; a repeat with the same key creates nothing more.
            let done = try await Self.complete(
                app, crime: crime, officer, Self.body(person: person, yes: 14), key: "d1")
            #expect(done.status == .created)
            let saved = try Self.decode(done, Assessment.self)
            #expect(saved.yesCount == 14 && saved.level == .high && saved.scoredLevel == .high)
            #expect(saved.marac.status == .required && saved.marac.criteria == [.highRisk])
            #expect(saved.answers.count == 27 && saved.personId == Int64(person))
            #expect(abs(saved.supervisionDueAt.timeIntervalSince(saved.completedAt) - 86_400) < 1)
            #expect(done.headers.first(name: .location) == "/api/v1/safeguarding/dash-assessments/\(saved.id)")
            let replay = try await Self.complete(
                app, crime: crime, officer, Self.body(person: person, yes: 14), key: "d1")
            #expect(replay.status == .created && replay.headers.first(name: "Idempotent-Replayed") == "true")
            #expect(try Self.decode(replay, Assessment.self).id == saved.id)
            #expect(try await DashStore.assessments(crimeID: crime, on: app.db).count == 1)
            // A second DASH for the same victim on the crime is a conflict.
            let second = try await Self.complete(
                app, crime: crime, officer, Self.body(person: person, yes: 2), key: "d2")
            #expect(second.status == .conflict)
            #expect(try await Flow.audited(app, .dashAssessment, person: person).contains { $0.action == .create })

            // The crime's DASH and the assessment read back; each read is audited.
            let dash = try await API.send(app, .GET, "/api/v1/crimes/\(crime)/dash", unit)
            #expect(dash.status == .ok)
            let crimeDash = try Self.decode(dash, Components.Schemas.CrimeDash.self)
            #expect(crimeDash.domesticAbuse && crimeDash.bcu?.rawValue == "CE")
            #expect(crimeDash.victims.map(\.id) == [Int64(person)] && crimeDash.assessments.map(\.id) == [saved.id])
            let one = try await API.send(app, .GET, "/api/v1/safeguarding/dash-assessments/\(saved.id)", unit)
            #expect(one.status == .ok)
            #expect(try Self.decode(one, Assessment.self).crimeReference == crimeDash.reference)
            let reads = try await Flow.audited(app, .dashAssessment, person: person).filter { $0.action == .read }
            #expect(reads.count >= 2)

            // The unit's lists: open high risk and MARAC due; no longer on the coverage list.
            for list in ["high_risk", "marac_due"] {
                let work = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?bcu=CE&list=\(list)", unit)
                #expect(work.status == .ok)
                let page = try Self.decode(work, Components.Schemas.DashCasePage.self)
                #expect(page.items.map(\.assessment.id) == [saved.id], "\(list)")
                #expect(page.items.first?.victim.name.contains("Okafor") == true)
            }
            let covered = try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?bcu=CE", unit)
            #expect(try Self.decode(covered, Components.Schemas.DashCoveragePage.self).items.isEmpty)

            // The officer may not review; a change without a reason, or below the answers, is refused; the
            // supervisor agrees.
            let review = "/api/v1/safeguarding/dash-assessments/\(saved.id)/review"
            #expect(try await API.send(app, .POST, review, officer, ["decision": "agreed"]).status == .forbidden)
            let lowered = try await API.send(
                app, .POST, review, supervisor, ["decision": "changed", "level": "medium", "comments": ""])
            #expect(lowered.status == .unprocessableEntity)
            #expect(try lowered.problem().fields == ["level", "comments"])
            let agreed = try await API.send(app, .POST, review, supervisor, ["decision": "agreed", "comments": "Fine"])
            #expect(agreed.status == .ok)
            let reviewed = try Self.decode(agreed, Assessment.self)
            #expect(reviewed.reviews.map(\.decision) == [.agreed] && reviewed.firstReviewedAt != nil)
            #expect(!reviewed.supervisionOverdue)
            #expect(try await Flow.audited(app, .dashReview, person: person).count == 1)

            // MARAC: "not required" is refused while high risk; a referral needs its date; then referred and heard.
            let marac = "/api/v1/safeguarding/dash-assessments/\(saved.id)/marac"
            let closed = try await API.send(app, .POST, marac, unit, ["status": "not_required"])
            #expect(closed.status == .unprocessableEntity)
            #expect(try closed.problem().fields == ["status"])
            let undated = try await API.send(app, .POST, marac, unit, ["status": "referred"])
            #expect(try undated.problem().fields == ["referred_on"])
            let today = API.today()
            let referred = try await API.send(app, .POST, marac, unit, ["status": "referred", "referred_on": today])
            #expect(referred.status == .ok)
            #expect(try Self.decode(referred, Assessment.self).marac.status == .referred)
            let heard = try await API.send(
                app, .POST, marac, unit,
                ["status": "heard", "referred_on": today, "meeting_on": today, "notes": "Safety plan agreed"])
            #expect(heard.status == .ok)
            let after = try Self.decode(heard, Assessment.self).marac
            #expect(after.status == .heard && after.meetingOn == today && after.referredOn == today)
            #expect(try await Flow.audited(app, .maracReferral, person: person).count == 2)
            let due = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?bcu=CE&list=marac_due", unit)
            #expect(try Self.decode(due, Components.Schemas.DashCasePage.self).items.isEmpty)
            #expect(!(try await auditEntries(app, recordType: AuditRecordType.safeguardingList.rawValue)).isEmpty)
        }
    }

    // MARK: - Refusals

    @Test func `a bad DASH is refused at its fields and nothing is written`() async throws {
        try await withTestApp { app in
            let (crime, person) = try await Flow.domesticCrime(app)
            let officer = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            func refused(_ body: [String: Any], key: String) async throws -> [String] {
                let response = try await Self.complete(app, crime: crime, officer, body, key: key)
                #expect(response.status == .unprocessableEntity, "\(key): \(response.body.string)")
                return try response.problem().fields
            }

            var unanswered = Self.answers(yes: 14)
            unanswered["q3"] = nil
            #expect(try await refused(["person_id": person, "answers": unanswered], key: "b1") == ["answers.q3"])
            var unknown = Self.answers(yes: 1)
            unknown["q1"] = "maybe"
            #expect(try await refused(["person_id": person, "answers": unknown], key: "b2") == ["answers.q1"])
            var lowered = Self.body(person: person, yes: 14)
            lowered["judgement_level"] = "medium"
            #expect(try await refused(lowered, key: "b3") == ["judgement_level"])
            var unexplained = Self.body(person: person, yes: 2)
            unexplained["judgement_level"] = "high"
            #expect(try await refused(unexplained, key: "b4") == ["judgement_reason"])
            var longNotes = Self.body(person: person, yes: 2)
            longNotes["notes"] = ["q2": String(repeating: "x", count: 2_001)]
            #expect(try await refused(longNotes, key: "b5") == ["notes.q2"])
            #expect(try await refused(Self.body(person: 999_999, yes: 2), key: "b6") == ["person_id"])
            var extra = Self.body(person: person, yes: 2)
            extra["score"] = 27
            _ = try await refused(extra, key: "b7")
            #expect(try await DashStore.assessments(crimeID: crime, on: app.db).isEmpty)

            // A crime not flagged domestic abuse takes no DASH.
            let other = try await makeCrime(app, bcu: .centralEast, victim: "Burgled")
            let victim = try #require(try await VictimStore.victims(crimeID: other, on: app.db).first?.personID)
            let unflagged = try await Self.complete(
                app, crime: other, officer, Self.body(person: victim, yes: 2), key: "b8")
            #expect(unflagged.status == .conflict)
        }
    }

    @Test func `unknown records are not found; other roles, other BCUs and inspectors are refused`() async throws {
        try await withTestApp { app in
            let (crime, person) = try await Flow.domesticCrime(app)
            let officer = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let investigator = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let done = try await Self.complete(app, crime: crime, officer, Self.body(person: person, yes: 3), key: "r1")
            let id = try Self.decode(done, Assessment.self).id
            let base = "/api/v1/safeguarding/dash-assessments"

            // Not found.
            #expect(try await API.send(app, .GET, "/api/v1/crimes/999999/dash", officer).status == .notFound)
            #expect(try await API.send(app, .GET, "\(base)/999999", officer).status == .notFound)
            let missing = try await Self.complete(
                app, crime: 999_999, officer, Self.body(person: person, yes: 1), key: "r2")
            #expect(missing.status == .notFound)
            let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]))
            #expect(
                try await API.send(app, .POST, "\(base)/999999/review", supervisor, ["decision": "agreed"]).status
                    == .notFound)

            // The wrong role: an investigator may record and read a DASH but not manage its MARAC referral.
            #expect(try await API.send(app, .GET, "\(base)/\(id)", investigator).status == .ok)
            let byInvestigator = try await API.send(
                app, .POST, "\(base)/\(id)/marac", investigator, ["status": "referred", "referred_on": API.today()])
            #expect(byInvestigator.status == .forbidden)
            #expect(try await API.send(app, .GET, "/api/v1/safeguarding/dash-policy", supervisor).status == .forbidden)

            // Another BCU's unit sees none of it, and its lists do not hold the case.
            let outside = try await apiToken(app, as: .publicProtection, scope: .bcus([.southEast]))
            #expect(try await API.send(app, .GET, "/api/v1/crimes/\(crime)/dash", outside).status == .notFound)
            #expect(try await API.send(app, .GET, "\(base)/\(id)", outside).status == .notFound)
            #expect(
                try await API.send(app, .POST, "\(base)/\(id)/review", outside, ["decision": "agreed"]).status
                    == .notFound)
            #expect(
                try await API.send(app, .POST, "\(base)/\(id)/marac", outside, ["status": "required"]).status
                    == .notFound)
            let outsideCreate = try await Self.complete(
                app, crime: crime, outside, Self.body(person: person, yes: 1), key: "r3")
            #expect(outsideCreate.status == .notFound)
            let workCE = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?bcu=CE", outside)
            #expect(workCE.status == .forbidden)
            #expect(try workCE.problem().kind == "forbidden")
            let own = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?list=overdue_reviews", outside)
            #expect(own.status == .ok)
            #expect(try Self.decode(own, Components.Schemas.DashCasePage.self).items.isEmpty)
            #expect(
                try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?bcu=CE", outside).status
                    == .forbidden)

            // Inspectors see aggregates, never a person's DASH.
            let inspector = try await apiToken(app, as: .inspector)
            for path in [
                "/api/v1/crimes/\(crime)/dash", "\(base)/\(id)", "/api/v1/safeguarding/dash-work",
                "/api/v1/safeguarding/dash-coverage", "/api/v1/safeguarding/dash-policy",
            ] {
                #expect(try await API.send(app, .GET, path, inspector).status == .forbidden, "\(path)")
            }
        }
    }

    // MARK: - Lists and the policy

    @Test func `the work lists page with cursors and refuse bad parameters`() async throws {
        try await withTestApp { app in
            let officer = try await apiToken(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            var ids: [Int64] = []
            for key in ["p1", "p2"] {
                let (crime, person) = try await Flow.domesticCrime(app)
                let done = try await Self.complete(
                    app, crime: crime, officer, Self.body(person: person, yes: 20), key: key)
                ids.append(try Self.decode(done, Assessment.self).id)
            }
            let list = "/api/v1/safeguarding/dash-work?bcu=CE&list=high_risk&limit=1"
            let first = try Self.decode(
                try await API.send(app, .GET, list, officer), Components.Schemas.DashCasePage.self)
            #expect(first.items.count == 1 && first.total == 2)
            let cursor = try #require(first.nextCursor)
            let second = try Self.decode(
                try await API.send(app, .GET, "\(list)&cursor=\(cursor)", officer), Components.Schemas.DashCasePage.self
            )
            #expect(Set((first.items + second.items).map(\.assessment.id)) == Set(ids))
            #expect(second.nextCursor == nil)

            let foreign = try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?cursor=\(cursor)", officer)
            #expect(foreign.status == .badRequest)
            #expect(try foreign.problem().fields == ["cursor"])
            let tooMany = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?limit=0", officer)
            #expect(tooMany.status == .unprocessableEntity)
            #expect(try tooMany.problem().fields == ["limit"])
            let badList = try await API.send(app, .GET, "/api/v1/safeguarding/dash-work?list=everything", officer)
            #expect(try badList.problem().fields == ["list"])
            let badBCU = try await API.send(app, .GET, "/api/v1/safeguarding/dash-coverage?bcu=XX", officer)
            #expect(try badBCU.problem().fields == ["bcu"])
        }
    }

    @Test func `administrators read the DASH policy and put a new version in force with If-Match`() async throws {
        try await withTestApp { app in
            let admin = try await apiToken(app, as: .administrator)
            let path = "/api/v1/safeguarding/dash-policy"
            let read = try await API.send(app, .GET, path, admin)
            #expect(read.status == .ok)
            let standard = try Self.decode(read, Components.Schemas.DashPolicyRevision.self)
            #expect(standard.version == 0 && standard.mediumFrom == 10 && standard.highFrom == 14)
            let etag = try #require(read.headers.first(name: .eTag))

            var change: [String: Any] = [
                "medium_from": 9, "high_from": 9, "supervision_hours": 12, "escalation_count": 3,
                "escalation_months": 12, "reason": "Force review",
            ]
            #expect(try await API.send(app, .PUT, path, admin, change).status == .preconditionRequired)
            let bands = try await API.send(app, .PUT, path, admin, change, headers: ["If-Match": etag])
            #expect(bands.status == .unprocessableEntity)
            #expect(try bands.problem().fields == ["high_from"])
            change["high_from"] = 13
            let saved = try await API.send(app, .PUT, path, admin, change, headers: ["If-Match": etag])
            #expect(saved.status == .ok)
            let revision = try Self.decode(saved, Components.Schemas.DashPolicyRevision.self)
            #expect(revision.version == 1 && revision.highFrom == 13 && revision.supervisionHours == 12)
            #expect(saved.headers.first(name: .eTag) != etag)
            let stale = try await API.send(app, .PUT, path, admin, change, headers: ["If-Match": etag])
            #expect(stale.status == .preconditionFailed)
            #expect(try await DashStore.policy(on: app.db).version == 1)
            #expect(!(try await auditEntries(app, recordType: AuditRecordType.dashPolicy.rawValue)).isEmpty)
        }
    }
}
