import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The whole investigation over HTTP (issue 16): allocate → plan → log → review → outcome → close, with the audit
/// entries it writes; and who may see and do what.
@Suite struct InvestigationFlowTests {
    typealias Flow = AllocationFlowTests

    /// An investigator (signed in, linked to their officer record) and a supervisor, both in CE; the crime
    /// allocated to the investigator by the supervisor's override.
    struct Setup {
        var crime: Int
        var officer: Int
        var investigator: Browser
        var supervisor: Browser
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let team = try await Flow.team(app, .centralEast)
        let officer = try await Flow.officer(app, team: team, bcu: .centralEast, warrant: "CE3001", level: .pip1)
        try await makeUser(
            app, "dc-flow", grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))], officerID: officer)
        let investigator = try #require(try await signIn(app, "dc-flow"))
        let supervisor = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-flow")
        let crime = try await makeCrime(app, bcu: .centralEast, victim: "Flowers")
        let allocated = try await Flow.post(
            app, "/allocation/crimes/\(crime)/override", as: supervisor,
            fields: [("officer", "\(officer)"), ("reason", "continuity"), ("detail", "Knows the victim's street.")])
        #expect(allocated.status == .seeOther)
        return Setup(crime: crime, officer: officer, investigator: investigator, supervisor: supervisor)
    }

    static func audited(_ app: Application, _ type: AuditRecordType, action: AuditAction? = nil) async throws
        -> [AuditEntry]
    {
        try await AuditLog.search(on: app.db, filter: .init(recordType: type.rawValue, action: action), limit: 50)
    }

    @Test func `a supervisor in a team sees their team first, and can choose another team or the whole BCU`()
        async throws
    {
        try await withTestApp { app in
            let s = try await Self.setUp(app)  // the investigator's team holds the allocated crime
            // A detective sergeant in another CE team, signed in as a supervisor linked to their officer record.
            let other = Team(name: "CE Burglary Team", kind: TeamKind.investigation.rawValue, bcuCode: "CE")
            try await other.create(on: app.db)
            let otherTeam = try other.requireID()
            let sergeant = try await Flow.officer(
                app, team: otherTeam, bcu: .centralEast, warrant: "CE3999", level: .pip2)
            try await makeUser(
                app, "ds-team", grants: [RoleGrant(role: .supervisor, scope: .bcus([.centralEast]))],
                officerID: sergeant)
            let supervisor = try #require(try await signIn(app, "ds-team"))
            let teamOf = try #require(try await Officer.find(s.officer, on: app.db)?.$team.id)

            // Their own team first: it holds no open investigation.
            let own = try await app.testing().sendRequest(
                .GET, "/investigations/supervision", headers: supervisor.headers())
            #expect(own.status == .ok)
            #expect(own.body.string.contains(#"<strong id="open-count">0</strong>"#))
            #expect(own.body.string.contains(#"<select name="team" id="team">"#))
            // The investigator's team, then every investigator in CE.
            let theirs = try await app.testing().sendRequest(
                .GET, "/investigations/supervision?team=\(teamOf)", headers: supervisor.headers())
            #expect(theirs.body.string.contains(#"<strong id="open-count">1</strong>"#))
            let all = try await app.testing().sendRequest(
                .GET, "/investigations/supervision?team=all", headers: supervisor.headers())
            #expect(all.body.string.contains(#"<strong id="open-count">1</strong>"#))
            #expect(all.body.string.contains(#"<option value="all" selected>"#))
            // Nonsense is refused; a supervisor outside any team still sees every BCU they supervise.
            let bad = try await app.testing().sendRequest(
                .GET, "/investigations/supervision?team=x", headers: supervisor.headers())
            #expect(bad.status == .badRequest)
            let unteamed = try await app.testing().sendRequest(
                .GET, "/investigations/supervision", headers: s.supervisor.headers())
            #expect(unteamed.body.string.contains(#"<strong id="open-count">1</strong>"#))
        }
    }

    @Test func `an investigation runs from allocation to closing, each step audited`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            let base = "/crimes/\(s.crime)/investigation"

            // The investigator's work lists it, without a line of enquiry, its first review due in 7 days.
            let work = try await app.testing().sendRequest(.GET, "/investigations", headers: s.investigator.headers())
            #expect(work.status == .ok)
            #expect(work.body.string.contains(#"<strong id="investigation-count">1</strong>"#))
            #expect(work.body.string.contains("None recorded"))

            // Plan: a line of enquiry (a bad one first), an action, a note with victim-blaming language.
            let bad = try await Flow.post(app, "\(base)/lines", as: s.investigator, fields: [("kind", "cctv")])
            #expect(bad.status == .unprocessableEntity)
            #expect(bad.body.string.contains("Description: say what is to be done and why."))
            #expect(try await InvestigationStore.lines(crimeID: s.crime, on: app.db).isEmpty)
            let line = try await Flow.post(
                app, "\(base)/lines", as: s.investigator,
                fields: [("kind", "cctv"), ("description", "Camera at the corner shop")])
            #expect(line.status == .seeOther)
            #expect(line.headers.first(name: .location) == "\(base)?notice=line#lines")
            _ = try await Flow.post(
                app, "\(base)/lines", as: s.investigator,
                fields: [("kind", "house_to_house"), ("description", "Both sides of Elm Road")])
            let lines = try await InvestigationStore.lines(crimeID: s.crime, on: app.db)
            #expect(lines.count == 2)
            let done = try await Flow.post(
                app, "\(base)/lines/\(lines[0].id)", as: s.investigator,
                fields: [("status-\(lines[0].id)", "done"), ("result-\(lines[0].id)", "No footage kept")])
            #expect(done.status == .seeOther)
            let due = CalendarDay(containing: Date().addingTimeInterval(3 * 86_400), in: .london).text
            let action = try await Flow.post(
                app, "\(base)/actions", as: s.investigator,
                fields: [
                    ("action_description", "Call the victim back"), ("owner_officer_id", "\(s.officer)"),
                    ("due_on", due),
                ])
            #expect(action.status == .seeOther)
            let note = try await Flow.post(
                app, "\(base)/notes", as: s.investigator,
                fields: [("text", "Victim was drunk at the time. Spoke to her at home.")])
            #expect(note.headers.first(name: .location) == "\(base)?notice=note-flagged#log")

            // The page shows the plan, the action and the flagged phrase highlighted.
            let page = try await app.testing().sendRequest(.GET, base, headers: s.investigator.headers())
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("Camera at the corner shop"))
            #expect(html.contains("No footage kept"))
            #expect(html.contains("Call the victim back"))
            #expect(html.contains("<mark>was drunk at the time</mark>"))
            #expect(
                html.contains("Awaiting the supervisor&#8217;s review.") || html.contains("Awaiting the supervisor"))
            #expect(html.contains("2 recorded, 1 still open"))

            // The supervisor sees the flagged note and the investigation; reviews it and marks the flag reviewed.
            let supervision = try await app.testing().sendRequest(
                .GET, "/investigations/supervision", headers: s.supervisor.headers())
            #expect(supervision.status == .ok)
            #expect(supervision.body.string.contains("“was drunk at the time”"))
            #expect(supervision.body.string.contains(#"<strong id="overdue-count">0</strong>"#))
            let review = try await Flow.post(
                app, "\(base)/reviews", as: s.supervisor,
                fields: [("direction", "Trace the van seen by the neighbour"), ("next_review_on", "")])
            #expect(review.status == .seeOther)
            let flagged = try #require(try await InvestigationStore.notes(crimeID: s.crime, on: app.db).first)
            let reviewed = try await Flow.post(app, "\(base)/notes/\(flagged.id)/flag-reviewed", as: s.supervisor)
            #expect(reviewed.status == .seeOther)
            // An investigator may not review: refused, the flag unchanged.
            let investigatorReview = try await Flow.post(
                app, "\(base)/reviews", as: s.investigator, fields: [("direction", "Self-review")])
            #expect(investigatorReview.status == .forbidden)

            // Outcome, then closing: refused while a line is open without a write-off; closed with one.
            let outcome = try await Flow.post(
                app, "/crimes/\(s.crime)/outcome", as: s.investigator,
                fields: [("outcome", "18"), ("date", CrimeParts.inputDate(Date()))])
            #expect(outcome.status == .seeOther)
            let refused = try await Flow.post(app, "\(base)/close", as: s.supervisor, fields: [("note", "No suspect")])
            #expect(refused.status == .unprocessableEntity)
            #expect(refused.body.string.contains("1 line of enquiry is still open"))
            #expect(try await Flow.status(app, s.crime) == .awaitingSupervisor)
            let closed = try await Flow.post(
                app, "\(base)/close", as: s.supervisor,
                fields: [("note", "No suspect"), ("write_off_reason", "Elm Road has no houses facing the scene")])
            #expect(closed.status == .seeOther)
            #expect(try await Flow.status(app, s.crime) == .closed)
            let after = try await InvestigationStore.lines(crimeID: s.crime, on: app.db)
            #expect(after.map(\.status) == [.done, .notViable])
            #expect(after[1].writtenOffReason == "Elm Road has no houses facing the scene")
            // Nothing more can be added once closed.
            let late = try await Flow.post(app, "\(base)/notes", as: s.investigator, fields: [("text", "Late note")])
            #expect(late.status == .unprocessableEntity)
            #expect(late.body.string.contains("nothing can be added"))

            // Every step is in the audit log.
            #expect(try await Self.audited(app, .lineOfEnquiry).count == 3)
            // The first line started the investigation: the crime moved on, audited once.
            let started = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime", recordID: String(s.crime), action: .update), limit: 20)
            #expect(started.filter { $0.reason == "investigation started" }.count == 1)
            #expect(try await Self.audited(app, .investigationAction).count == 1)
            let notes = try await Self.audited(app, .investigationNote)
            #expect(notes.map(\.outcome).sorted() == ["flag reviewed", "flagged: 1 phrase"])
            #expect(try await Self.audited(app, .supervisoryReview).first?.outcome == "on time")
            let closing = try await Self.audited(app, .investigation, action: .update)
            #expect(closing.first?.outcome == "closed")
            #expect(try await Self.audited(app, .investigation, action: .read).count >= 1)
            // The log holds the closing note with the write-off.
            let log = try await InvestigationStore.notes(crimeID: s.crime, on: app.db)
            #expect(log.last?.text.contains("Lines of enquiry written off (1)") == true)
        }
    }

    @Test func `an investigation outside the BCUs a role covers is refused and the refusal audited`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            let outside = try await signedIn(app, as: .investigator, scope: .bcus([.southEast]))
            let read = try await app.testing().sendRequest(
                .GET, "/crimes/\(s.crime)/investigation", headers: outside.headers())
            #expect(read.status == .notFound)
            let write = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/notes", as: outside, fields: [("text", "Should not land")])
            #expect(write.status == .notFound)
            #expect(try await InvestigationStore.notes(crimeID: s.crime, on: app.db).isEmpty)
            let inspector = try await signedIn(app, as: .inspector, scope: .force)
            let inspectorRead = try await app.testing().sendRequest(
                .GET, "/crimes/\(s.crime)/investigation", headers: inspector.headers())
            #expect(inspectorRead.status == .forbidden)
            #expect(try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 10).count >= 2)
        }
    }

    @Test func `a crime not yet allocated has no investigation to add to`() async throws {
        try await withTestApp { app in
            let crime = try await makeCrime(app, bcu: .centralEast)
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await Flow.post(
                app, "/crimes/\(crime)/investigation/lines", as: investigator,
                fields: [("kind", "cctv"), ("description", "x")])
            #expect(response.status == .unprocessableEntity)
            #expect(response.body.string.contains("has not been allocated"))
        }
    }

    @Test func `a review is late once the policy's days have passed, and an administrator's policy moves the clock`()
        async throws
    {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            // Nine days later the first review (7 days) is overdue.
            app.clock = { Date().addingTimeInterval(9 * 86_400) }
            let supervisor = try #require(try await signIn(app, "ds-flow"))
            let supervision = try await app.testing().sendRequest(
                .GET, "/investigations/supervision", headers: supervisor.headers())
            #expect(supervision.body.string.contains(#"<strong id="overdue-count" class="red">1</strong>"#))
            let review = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/reviews", as: supervisor, fields: [("direction", "Catch up")])
            #expect(review.status == .seeOther)
            #expect(try await Self.audited(app, .supervisoryReview).first?.outcome == "late")

            // An administrator moves the first review to 10 days: audited, and in force.
            let admin = try await signedIn(app, as: .administrator, scope: .force)
            let bad = try await Flow.post(
                app, "/investigations/policy", as: admin,
                fields: [("first_review_days", "0"), ("review_interval_days", "28"), ("reason", "")])
            #expect(bad.status == .unprocessableEntity)
            let changed = try await Flow.post(
                app, "/investigations/policy", as: admin,
                fields: [("first_review_days", "10"), ("review_interval_days", "28"), ("reason", "Force review")])
            #expect(changed.status == .seeOther)
            #expect(try await InvestigationStore.policy(on: app.db).policy.firstReviewDays == 10)
            #expect(try await Self.audited(app, .supervisionPolicy).count == 1)
            // And the lexicon: a phrase added is flagged from then on.
            _ = try await Flow.post(
                app, "/investigations/policy/lexicon", as: admin, fields: [("phrase", "Wasted time")])
            #expect(try await InvestigationStore.lexicon(on: app.db).map(\.phrase).contains("wasted time"))
            let investigator = try #require(try await signIn(app, "dc-flow"))
            let note = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/notes", as: investigator,
                fields: [("text", "She wasted time calling us")])
            #expect(note.status == .seeOther)
            let withdrawn = try await Flow.post(
                app, "/investigations/policy/lexicon/withdraw", as: admin, fields: [("withdraw_phrase", "wasted time")])
            #expect(withdrawn.status == .seeOther)
            #expect(try await !InvestigationStore.lexicon(on: app.db).map(\.phrase).contains("wasted time"))
            #expect(try await Self.audited(app, .victimBlamingLexicon).count == 2)
        }
    }
}
