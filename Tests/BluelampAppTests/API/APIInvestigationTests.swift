import BluelampAPI
import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// Investigations through the API (issue 16): the same use cases as the investigation pages, with their scope rules,
/// refusals (each problem at its field) and audit entries.
@Suite struct APIInvestigationTests {
    typealias Flow = AllocationFlowTests

    struct LineBody: Decodable {
        var id: Int
        var crime_id: Int
        var kind: String
        var description: String
        var status: String
        var result: String?
        var written_off_reason: String?
    }

    struct ActionBody: Decodable {
        var id: Int
        var crime_id: Int
        var crime_reference: String?
        var description: String
        var owner_officer_id: Int
        var due_on: String
        var done_at: Date?
    }

    struct NoteBody: Decodable {
        var id: Int
        var crime_id: Int
        var crime_reference: String?
        var text: String
        var flagged_phrases: [String]
        var flag_reviewed_at: Date?
        var flag_reviewed_by: String?
    }

    struct ReviewBody: Decodable {
        var id: Int
        var reviewer: String
        var direction: String
        var next_review_on: String?
        var due_at: Date
        var on_time: Bool
    }

    struct InvestigationBody: Decodable {
        var crime_id: Int
        var reference: String
        var status: String
        var open: Bool
        var bcu: String?
        var holder_officer_id: Int?
        var first_allocated_at: Date?
        var review_due_at: Date?
        var lines_of_enquiry: [LineBody]
        var actions: [ActionBody]
        var notes: [NoteBody]
        var reviews: [ReviewBody]
    }

    struct SummaryBody: Decodable {
        var crime_id: Int
        var review_overdue: Bool
        var lines_of_enquiry: Int
        var outstanding_lines: Int
        var open_actions: Int
        var flagged_notes: Int
    }

    struct MineBody: Decodable {
        var investigations: [SummaryBody]
        var actions: [ActionBody]
    }

    struct SupervisionBody: Decodable {
        var team_id: Int?
        var investigations: [SummaryBody]
        var flagged_notes: [NoteBody]
    }

    /// An investigator linked to their officer record and a supervisor, both in CE, each with a token; the crime
    /// allocated to the investigator through the API's override.
    struct Setup {
        var crime: Int
        var officer: Int
        var team: Int
        var investigator: String
        var supervisor: String
        var base: String { "/api/v1/crimes/\(crime)/investigation" }
    }

    static func setUp(_ app: Application) async throws -> Setup {
        let team = try await Flow.team(app, .centralEast)
        let officer = try await Flow.officer(app, team: team, bcu: .centralEast, warrant: "CE4001", level: .pip1)
        try await makeUser(
            app, "dc-api", grants: [RoleGrant(role: .investigator, scope: .bcus([.centralEast]))], officerID: officer)
        let investigator = try await apiToken(app, as: .investigator, username: "dc-api")
        let supervisor = try await apiToken(app, as: .supervisor, scope: .bcus([.centralEast]), username: "ds-api")
        let crime = try await makeCrime(app, bcu: .centralEast, victim: "Fletcher")
        let allocated = try await send(
            app, .POST, "/api/v1/allocation/crimes/\(crime)/override", supervisor,
            ["officer_id": officer, "reason": "continuity", "detail": "Knows the victim's street."])
        #expect(allocated.status == .ok, "override: \(allocated.body.string)")
        return Setup(crime: crime, officer: officer, team: team, investigator: investigator, supervisor: supervisor)
    }

    static func send(
        _ app: Application, _ method: HTTPMethod, _ path: String, _ token: String?, _ body: [String: Any]? = nil,
        headers: HTTPHeaders = [:]
    ) async throws -> TestingHTTPResponse {
        var all = headers
        if body != nil { all.replaceOrAdd(name: .contentType, value: "application/json") }
        if let token { all = bearer(token, all) }
        return try await app.testing().sendRequest(method, path, headers: all) { req in
            if let body { req.body = try jsonBody(body) }
        }
    }

    static func today(plus days: Double = 0) -> String {
        CalendarDay(containing: Date().addingTimeInterval(days * 86_400), in: .london).text
    }

    // MARK: - The whole flow

    @Test func `an investigation runs over the API from allocation to closing, each step audited`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)

            // Read: allocated, its first review due, nothing planned yet; with an ETag.
            let first = try await Self.send(app, .GET, s.base, s.investigator)
            #expect(first.status == .ok)
            let started = try first.json(InvestigationBody.self)
            #expect(started.status == "allocated" && started.open && started.bcu == "CE")
            #expect(started.holder_officer_id == s.officer)
            #expect(started.first_allocated_at != nil && started.review_due_at != nil)
            #expect(started.lines_of_enquiry.isEmpty && started.notes.isEmpty && started.reviews.isEmpty)
            #expect(first.headers.first(name: .eTag) != nil)

            // Plan: a line of enquiry (a bad one first), a second line.
            let blank = try await Self.send(
                app, .POST, "\(s.base)/lines", s.investigator, ["kind": "cctv", "description": "   "])
            #expect(blank.status == .unprocessableEntity)
            #expect(try blank.problem().fields == ["description"])
            let unknownKind = try await Self.send(
                app, .POST, "\(s.base)/lines", s.investigator, ["kind": "drone", "description": "Overflight"])
            #expect(unknownKind.status == .unprocessableEntity)
            #expect(try unknownKind.problem().fields == ["kind"])
            let added = try await Self.send(
                app, .POST, "\(s.base)/lines", s.investigator,
                ["kind": "cctv", "description": "Camera at the corner shop"], headers: ["Idempotency-Key": "line-1"])
            #expect(added.status == .created)
            let line = try added.json(LineBody.self)
            #expect(line.kind == "cctv" && line.status == "open" && line.crime_id == s.crime)
            let second = try await Self.send(
                app, .POST, "\(s.base)/lines", s.investigator,
                ["kind": "house_to_house", "description": "Both sides of Elm Road"])
            let openLine = try second.json(LineBody.self)
            #expect(try await Flow.status(app, s.crime) == .underInvestigation)

            // A line moves on with If-Match naming the investigation as read: 428 without, 412 when stale.
            let change: [String: Any] = ["status": "done", "result": "No footage kept"]
            let noMatch = try await Self.send(app, .PATCH, "\(s.base)/lines/\(line.id)", s.investigator, change)
            #expect(noMatch.status == .preconditionRequired)
            let stale = try await Self.send(
                app, .PATCH, "\(s.base)/lines/\(line.id)", s.investigator, change,
                headers: ["If-Match": first.headers.first(name: .eTag) ?? ""])
            #expect(stale.status == .preconditionFailed)
            let etag = try await Self.send(app, .GET, s.base, s.investigator).headers.first(name: .eTag) ?? ""
            let noResult = try await Self.send(
                app, .PATCH, "\(s.base)/lines/\(line.id)", s.investigator, ["status": "done"],
                headers: ["If-Match": etag])
            #expect(noResult.status == .unprocessableEntity)
            #expect(try noResult.problem().fields == ["result"])
            let done = try await Self.send(
                app, .PATCH, "\(s.base)/lines/\(line.id)", s.investigator, change, headers: ["If-Match": etag])
            #expect(done.status == .ok)
            #expect(try done.json(LineBody.self).status == "done")

            // An action: refused for a day passed and an unknown owner, each at its field; then set.
            let past = try await Self.send(
                app, .POST, "\(s.base)/actions", s.investigator,
                ["description": "Call the victim back", "owner_officer_id": s.officer, "due_on": "2020-01-01"])
            #expect(past.status == .unprocessableEntity)
            #expect(try past.problem().fields == ["due_on"])
            let nobody = try await Self.send(
                app, .POST, "\(s.base)/actions", s.investigator,
                ["description": "Call the victim back", "owner_officer_id": 999_999, "due_on": Self.today(plus: 3)])
            #expect(try nobody.problem().fields == ["owner_officer_id"])
            let set = try await Self.send(
                app, .POST, "\(s.base)/actions", s.investigator,
                ["description": "Call the victim back", "owner_officer_id": s.officer, "due_on": Self.today(plus: 3)])
            #expect(set.status == .created)
            let action = try set.json(ActionBody.self)
            #expect(action.due_on == Self.today(plus: 3) && action.done_at == nil)

            // A note with a victim-blaming phrasing: kept as written, the phrase flagged; a replay is the same note.
            let text = "Neighbour said she asked for it. Spoke to the victim at home."
            let written = try await Self.send(
                app, .POST, "\(s.base)/notes", s.investigator, ["text": text], headers: ["Idempotency-Key": "note-1"])
            #expect(written.status == .created)
            let note = try written.json(NoteBody.self)
            #expect(note.text == text && note.flagged_phrases == ["asked for it"])
            let replay = try await Self.send(
                app, .POST, "\(s.base)/notes", s.investigator, ["text": text], headers: ["Idempotency-Key": "note-1"])
            #expect(try replay.json(NoteBody.self).id == note.id)
            #expect(try await InvestigationStore.notes(crimeID: s.crime, on: app.db).count == 1)

            // The investigator's own work: the investigation and the open action, with its crime's reference.
            let mine = try await Self.send(app, .GET, "/api/v1/investigations/mine", s.investigator)
            #expect(mine.status == .ok)
            let work = try mine.json(MineBody.self)
            #expect(work.investigations.map(\.crime_id) == [s.crime])
            #expect(work.investigations.first?.outstanding_lines == 1)
            #expect(work.actions.map(\.id) == [action.id])
            #expect(work.actions.first?.crime_reference == started.reference)
            let completed = try await Self.send(app, .POST, "\(s.base)/actions/\(action.id)/done", s.investigator)
            #expect(completed.status == .ok)
            #expect(try completed.json(ActionBody.self).done_at != nil)
            let again = try await Self.send(app, .POST, "\(s.base)/actions/\(action.id)/done", s.investigator)
            #expect(again.status == .conflict)

            // The supervisor: the team's investigations and the flagged note; marks it reviewed; reviews.
            let supervision = try await Self.send(
                app, .GET, "/api/v1/investigations/supervision?team=\(s.team)", s.supervisor)
            #expect(supervision.status == .ok)
            let view = try supervision.json(SupervisionBody.self)
            #expect(view.team_id == s.team)
            #expect(view.investigations.map(\.crime_id) == [s.crime])
            #expect(view.investigations.first?.flagged_notes == 1)
            #expect(view.flagged_notes.map(\.id) == [note.id])
            #expect(view.flagged_notes.first?.crime_reference == started.reference)
            let investigatorFlag = try await Self.send(
                app, .POST, "\(s.base)/notes/\(note.id)/flag-review", s.investigator)
            #expect(investigatorFlag.status == .forbidden)
            let flagged = try await Self.send(app, .POST, "\(s.base)/notes/\(note.id)/flag-review", s.supervisor)
            #expect(flagged.status == .ok)
            let reviewedNote = try flagged.json(NoteBody.self)
            #expect(reviewedNote.flag_reviewed_at != nil && reviewedNote.flag_reviewed_by != nil)
            #expect(reviewedNote.text == text)
            let investigatorReview = try await Self.send(
                app, .POST, "\(s.base)/reviews", s.investigator, ["direction": "Self-review"])
            #expect(investigatorReview.status == .forbidden)
            let tooLate = try await Self.send(
                app, .POST, "\(s.base)/reviews", s.supervisor,
                ["direction": "Trace the van", "next_review_on": Self.today(plus: 60)])
            #expect(try tooLate.problem().fields == ["next_review_on"])
            let reviewed = try await Self.send(
                app, .POST, "\(s.base)/reviews", s.supervisor, ["direction": "Trace the van seen by the neighbour"],
                headers: ["Idempotency-Key": "review-1"])
            #expect(reviewed.status == .created)
            let review = try reviewed.json(ReviewBody.self)
            #expect(review.on_time && review.next_review_on != nil)

            // Closing before the outcome is a conflict; the outcome through the crimes API; then the write-off rule.
            let early = try await Self.send(app, .POST, "\(s.base)/close", s.supervisor, ["note": "No suspect"])
            #expect(early.status == .conflict)
            let crimeETag =
                try await Self.send(app, .GET, "/api/v1/crimes/\(s.crime)", s.investigator).headers.first(
                    name: .eTag) ?? ""
            let outcome = try await Self.send(
                app, .POST, "/api/v1/crimes/\(s.crime)/outcome", s.investigator,
                ["outcome_type": 18, "date": Self.today()], headers: ["If-Match": crimeETag])
            #expect(outcome.status == .ok, "outcome: \(outcome.body.string)")
            #expect(try await Flow.status(app, s.crime) == .awaitingSupervisor)
            let refused = try await Self.send(app, .POST, "\(s.base)/close", s.supervisor, ["note": "No suspect"])
            #expect(refused.status == .unprocessableEntity)
            let problem = try refused.problem()
            #expect(problem.fields == ["write_off_reason"])
            #expect(problem.detail.contains("1 line of enquiry is still open"))
            #expect(try await Flow.status(app, s.crime) == .awaitingSupervisor)
            let closing = try await Self.send(
                app, .POST, "\(s.base)/close", s.supervisor,
                ["note": "No suspect", "write_off_reason": "Elm Road has no houses facing the scene"])
            #expect(closing.status == .ok)
            let closed = try closing.json(InvestigationBody.self)
            #expect(closed.status == "closed" && !closed.open && closed.review_due_at == nil)

            // The investigation as read now: everything, the open line written off; the same ETag as the close gave.
            let final = try await Self.send(app, .GET, s.base, s.supervisor)
            #expect(final.headers.first(name: .eTag) == closing.headers.first(name: .eTag))
            let all = try final.json(InvestigationBody.self)
            #expect(all.lines_of_enquiry.map(\.status) == ["done", "not_viable"])
            #expect(all.lines_of_enquiry.map(\.id) == [line.id, openLine.id])
            #expect(all.lines_of_enquiry[1].written_off_reason == "Elm Road has no houses facing the scene")
            #expect(all.actions.map(\.id) == [action.id] && all.actions[0].done_at != nil)
            #expect(all.notes.count == 2)
            #expect(all.notes.first?.flagged_phrases == ["asked for it"])
            #expect(all.notes.last?.text.contains("Lines of enquiry written off (1)") == true)
            #expect(all.reviews.map(\.id) == [review.id])
            // Nothing more once closed.
            let late = try await Self.send(app, .POST, "\(s.base)/notes", s.investigator, ["text": "Late note"])
            #expect(late.status == .conflict)

            // Audited as the pages audit: each change, and the reads.
            typealias F = InvestigationFlowTests
            #expect(try await F.audited(app, .lineOfEnquiry, action: .create).count == 2)
            #expect(try await F.audited(app, .lineOfEnquiry, action: .update).count == 1)
            #expect(try await F.audited(app, .investigationAction).count == 2)
            #expect(try await F.audited(app, .investigationNote, action: .create).count == 1)
            #expect(try await F.audited(app, .investigationNote, action: .update).count == 1)
            #expect(try await F.audited(app, .supervisoryReview, action: .create).count == 1)
            let closes = try await F.audited(app, .investigation, action: .update)
            #expect(closes.count == 1 && closes.first?.outcome == "closed")
            #expect(try await F.audited(app, .investigation, action: .read).count >= 3)
        }
    }

    @Test func `every line of enquiry kind and status has its counterpart in the document`() throws {
        for kind in LineOfEnquiryKind.allCases {
            _ = try APIValues.convert(kind, to: Components.Schemas.LineOfEnquiryKind.self)
        }
        for status in LineOfEnquiryStatus.allCases {
            _ = try APIValues.convert(status, to: Components.Schemas.LineOfEnquiryStatus.self)
        }
        #expect(LineOfEnquiryKind.allCases.count == Components.Schemas.LineOfEnquiryKind.allCases.count)
        #expect(LineOfEnquiryStatus.allCases.count == Components.Schemas.LineOfEnquiryStatus.allCases.count)
    }

    // MARK: - Scope, roles and refusals

    @Test func `outside the crime's BCU a token is refused and the refusal audited`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            let investigatorSE = try await apiToken(app, as: .investigator, scope: .bcus([.southEast]))
            let supervisorSE = try await apiToken(app, as: .supervisor, scope: .bcus([.southEast]))
            let read = try await Self.send(app, .GET, s.base, investigatorSE)
            #expect(read.status == .notFound)
            #expect(try read.problem().kind == "not-found")
            let add = try await Self.send(
                app, .POST, "\(s.base)/lines", investigatorSE, ["kind": "cctv", "description": "Camera"])
            #expect(add.status == .notFound)
            let note = try await Self.send(app, .POST, "\(s.base)/notes", supervisorSE, ["text": "A note"])
            #expect(note.status == .notFound)
            let review = try await Self.send(app, .POST, "\(s.base)/reviews", supervisorSE, ["direction": "Go on"])
            #expect(review.status == .notFound)
            let close = try await Self.send(app, .POST, "\(s.base)/close", supervisorSE, ["note": "No suspect"])
            #expect(close.status == .notFound)
            let team = try await Self.send(
                app, .GET, "/api/v1/investigations/supervision?team=\(s.team)", supervisorSE)
            #expect(team.status == .notFound)
            // The supervisor's own list leaves out what is outside their BCUs.
            let own = try await Self.send(app, .GET, "/api/v1/investigations/supervision", supervisorSE)
            #expect(try own.json(SupervisionBody.self).investigations.isEmpty)
            #expect(try await InvestigationStore.lines(crimeID: s.crime, on: app.db).isEmpty)
            let denials = try await AuditLog.search(on: app.db, filter: .init(action: .denied), limit: 20)
            #expect(denials.count >= 5)
        }
    }

    @Test func `an inspector and a performance lead are refused the investigation operations`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            let inspector = try await apiToken(app, as: .inspector)
            let performance = try await apiToken(app, as: .performanceLead)
            let writes: [(HTTPMethod, String, [String: Any])] = [
                (.POST, "\(s.base)/lines", ["kind": "cctv", "description": "Camera"]),
                (.PATCH, "\(s.base)/lines/1", ["status": "done", "result": "Nothing"]),
                (
                    .POST, "\(s.base)/actions",
                    ["description": "Call", "owner_officer_id": s.officer, "due_on": "2030-01-01"]
                ),
                (.POST, "\(s.base)/actions/1/done", [:]),
                (.POST, "\(s.base)/notes", ["text": "A note"]),
                (.POST, "\(s.base)/notes/1/flag-review", [:]),
                (.POST, "\(s.base)/reviews", ["direction": "Go on"]),
                (.POST, "\(s.base)/close", ["note": "No suspect"]),
                (.GET, "/api/v1/investigations/mine", [:]),
                (.GET, "/api/v1/investigations/supervision", [:]),
            ]
            for token in [inspector, performance] {
                for (method, path, body) in writes {
                    let response = try await Self.send(app, method, path, token, method == .GET ? nil : body)
                    #expect(response.status == .forbidden, "\(method) \(path)")
                    #expect(try response.problem().kind == "forbidden")
                }
            }
            // Reading a crime's investigation needs what reading the crime needs, as on the page: an inspector never
            // sees a person's record; a performance lead reads crimes.
            #expect(try await Self.send(app, .GET, s.base, inspector).status == .forbidden)
            #expect(try await Self.send(app, .GET, s.base, performance).status == .ok)
            #expect(try await InvestigationStore.lines(crimeID: s.crime, on: app.db).isEmpty)
        }
    }

    @Test func `every investigation operation needs a token`() async throws {
        try await withTestApp { app in
            let paths: [(HTTPMethod, String)] = [
                (.GET, "/api/v1/crimes/1/investigation"), (.POST, "/api/v1/crimes/1/investigation/lines"),
                (.PATCH, "/api/v1/crimes/1/investigation/lines/1"), (.POST, "/api/v1/crimes/1/investigation/actions"),
                (.POST, "/api/v1/crimes/1/investigation/actions/1/done"),
                (.POST, "/api/v1/crimes/1/investigation/notes"),
                (.POST, "/api/v1/crimes/1/investigation/notes/1/flag-review"),
                (.POST, "/api/v1/crimes/1/investigation/reviews"), (.POST, "/api/v1/crimes/1/investigation/close"),
                (.GET, "/api/v1/investigations/mine"), (.GET, "/api/v1/investigations/supervision"),
            ]
            for (method, path) in paths {
                let response = try await Self.send(app, method, path, nil)
                #expect(response.status == .unauthorized, "\(method) \(path)")
                #expect(try response.problem().kind == "unauthenticated")
            }
        }
    }

    @Test func `unknown records are not found, and a line of another crime is not changed`() async throws {
        try await withTestApp { app in
            let s = try await Self.setUp(app)
            let added = try await Self.send(
                app, .POST, "\(s.base)/lines", s.investigator, ["kind": "cctv", "description": "Camera"])
            let line = try added.json(LineBody.self)
            let etag = try await Self.send(app, .GET, s.base, s.investigator).headers.first(name: .eTag) ?? ""
            let change: [String: Any] = ["status": "not_viable", "result": "No camera there"]
            let unknown = try await Self.send(
                app, .PATCH, "\(s.base)/lines/999999", s.investigator, change, headers: ["If-Match": etag])
            #expect(unknown.status == .notFound)
            #expect(try unknown.problem().kind == "not-found")

            // The line addressed under another crime in the same BCU: not found, and the line unchanged.
            let other = try await makeCrime(app, bcu: .centralEast, victim: "Other")
            let otherBase = "/api/v1/crimes/\(other)/investigation"
            let otherETag = try await Self.send(app, .GET, otherBase, s.investigator).headers.first(name: .eTag) ?? ""
            let wrongCrime = try await Self.send(
                app, .PATCH, "\(otherBase)/lines/\(line.id)", s.investigator, change, headers: ["If-Match": otherETag])
            #expect(wrongCrime.status == .notFound)
            #expect(try await InvestigationStore.line(id: line.id, on: app.db)?.status == .open)

            #expect(
                try await Self.send(app, .GET, "/api/v1/crimes/999999/investigation", s.investigator).status
                    == .notFound)
            let action = try await Self.send(app, .POST, "\(s.base)/actions/999999/done", s.investigator)
            #expect(action.status == .notFound)
            let note = try await Self.send(app, .POST, "\(s.base)/notes/999999/flag-review", s.supervisor)
            #expect(note.status == .notFound)
            // An unallocated crime's investigation has not started: nothing can be added to it.
            let unallocated = try await Self.send(
                app, .POST, "\(otherBase)/notes", s.investigator, ["text": "Too early"])
            #expect(unallocated.status == .conflict)
            // A body that is not the document's: each problem at its field.
            let extra = try await Self.send(
                app, .POST, "\(s.base)/notes", s.investigator, ["text": "A note", "author": "Someone else"])
            #expect(extra.status == .unprocessableEntity)
            #expect(try extra.problem().detail.contains("is not a field this request takes"))
            let missing = try await Self.send(app, .POST, "\(s.base)/close", s.supervisor, [:])
            #expect(missing.status == .unprocessableEntity)
            #expect(try missing.problem().fields == ["note"])
        }
    }

    @Test func `a token whose user has no officer record holds no investigations`() async throws {
        try await withTestApp { app in
            let token = try await apiToken(app, as: .investigator, scope: .bcus([.centralEast]))
            let response = try await Self.send(app, .GET, "/api/v1/investigations/mine", token)
            #expect(response.status == .conflict)
            #expect(try response.problem().detail.contains("not linked to an officer record"))
        }
    }
}
