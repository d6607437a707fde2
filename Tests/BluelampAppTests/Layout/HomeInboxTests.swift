import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import SQLKit
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The home page is a task inbox per role (issue 22): each count is the records' own, each links to where the work
/// is done, and a role with nothing to do is told so.
@Suite struct HomeInboxTests {
    typealias Flow = AllocationFlowTests

    /// The figure shown beside `label` in the inbox's summary list, or nil when there is no such row.
    static func count(_ html: String, _ label: String) -> Int? {
        let escaped = NSRegularExpression.escapedPattern(for: label)
        let pattern = "<dt>\(escaped)</dt><dd><(?:a|span)[^>]*>([0-9,]+)</"
        guard let regex = try? NSRegularExpression(pattern: pattern),
            let match = regex.firstMatch(in: html, range: NSRange(html.startIndex..., in: html)),
            let range = Range(match.range(at: 1), in: html)
        else { return nil }
        return Int(html[range].replacingOccurrences(of: ",", with: ""))
    }

    static func home(_ app: Application, _ browser: Browser) async throws -> String {
        let response = try await app.testing().sendRequest(.GET, "/", headers: browser.headers())
        #expect(response.status == .ok)
        return response.body.string
    }

    @Test func `an investigator's home lists their open investigations and the actions overdue and due today`()
        async throws
    {
        try await withTestApp { app in
            let s = try await InvestigationFlowTests.setUp(app)
            let base = "/crimes/\(s.crime)/investigation"
            let today = CalendarDay(containing: Date(), in: .london)
            for (description, due) in [("Call the victim back", today), ("Seize the doorbell footage", today)] {
                let added = try await Flow.post(
                    app, "\(base)/actions", as: s.investigator,
                    fields: [
                        ("action_description", description), ("owner_officer_id", "\(s.officer)"),
                        ("due_on", due.text),
                    ])
                #expect(added.status == .seeOther)
            }
            // One of them is now two days late.
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw(
                "UPDATE investigation_actions SET due_on = \(bind: today.adding(days: -2).text) WHERE description = \(bind: "Seize the doorbell footage")"
            ).run()

            let html = try await Self.home(app, s.investigator)
            #expect(html.contains(#"id="inbox-investigations""#))
            #expect(Self.count(html, "Open investigations") == 1)
            #expect(Self.count(html, "Actions overdue") == 1)
            #expect(Self.count(html, "Actions due today") == 1)
            #expect(Self.count(html, "Reviews overdue") == 0)
            // The late one first, tagged in words as well as colour, linking to its investigation.
            let late = try #require(html.range(of: "Seize the doorbell footage"))
            let due = try #require(html.range(of: "Call the victim back"))
            #expect(late.lowerBound < due.lowerBound)
            #expect(html.contains(#"<strong class="tag red">Overdue</strong> <a href="\#(base)">"#))
            #expect(html.contains(#"<strong class="tag">Due today</strong>"#))
            // The investigator supervises nothing, allocates nothing and manages no offenders.
            #expect(!html.contains(#"id="inbox-supervision""#))
            #expect(!html.contains(#"id="inbox-allocation""#))
            #expect(!html.contains(#"id="inbox-offenders""#))
        }
    }

    @Test func `a supervisor's home shows what awaits their decision and who is over their caseload cap`()
        async throws
    {
        try await withTestApp { app in
            let s = try await InvestigationFlowTests.setUp(app)
            let clear = try await Self.home(app, s.supervisor)
            #expect(clear.contains(#"id="inbox-supervision""#))
            #expect(Self.count(clear, "Awaiting your decision") == 0)
            #expect(Self.count(clear, "Open investigations") == 1)
            #expect(clear.contains("Nothing awaits your decision"))

            // A note with possible victim-blaming language awaits the supervisor; the investigator's cap is lowered
            // below the one crime they hold.
            _ = try await Flow.post(
                app, "/crimes/\(s.crime)/investigation/notes", as: s.investigator,
                fields: [("text", "Victim was drunk at the time. Spoke to her at home.")])
            let sql = try #require(app.db as? any SQLDatabase)
            try await sql.raw("UPDATE officers SET caseload_cap_override = 0 WHERE id = \(bind: s.officer)").run()
            let html = try await Self.home(app, s.supervisor)
            #expect(Self.count(html, "Awaiting your decision") == 1)
            #expect(Self.count(html, "Investigators over their caseload cap") == 1)
            #expect(html.contains("1 open crimes against a cap of 0"))
            #expect(html.contains(#"<strong class="tag red">Awaiting you</strong>"#))
            #expect(!html.contains("Nothing awaits your decision"))
        }
    }

    @Test func `an allocator's home counts the queue, and a registered offender manager's counts overdue visits`()
        async throws
    {
        try await withTestApp { app in
            _ = try await makeCrime(app, bcu: .centralEast, victim: "Queue")
            let allocator = try await signedIn(app, as: .allocator, scope: .bcus([.centralEast]))
            let queue = try await Self.home(app, allocator)
            #expect(Self.count(queue, "Awaiting allocation") == 1)
            #expect(Self.count(queue, "Past their allocation deadline") == 0)
            #expect(queue.contains("No crime is past its allocation deadline."))

            let manager = try await makeOffenderOfficer(app, bcu: .centralEast, warrant: "CE7001")
            _ = try await makeRSO(app, manager: manager)
            let officer = try await signedInOfficer(
                app, "om-home", role: .offenderManager, scope: .bcus([.centralEast]), officerID: manager)
            let html = try await Self.home(app, officer)
            #expect(Self.count(html, "Registered offenders you manage") == 1)
            #expect(Self.count(html, "Visits overdue") == 1)
            #expect(html.contains("Ryan Testcase"))
            // Naming an offender on the home page is a read of their record, audited as on the caseload page.
            let reads = try await auditEntries(
                app, recordType: AuditRecordType.registeredOffender.rawValue, action: .read)
            #expect(!reads.isEmpty)
        }
    }

    @Test func `a performance lead's home counts the indicators in the inadequate band as the indicators page does`()
        async throws
    {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app, now: Date())
            let lead = try await signedIn(app, as: .performanceLead)
            let html = try await Self.home(app, lead)
            #expect(html.contains(#"id="inbox-inspection""#))
            let readings = try await InspectionService(database: app.db, now: Date()).readings(bcu: nil)
            let inadequate = readings.filter { $0.band == .inadequate && InspectionPart.isBanded($0.definition) }
            #expect(Self.count(html, "Indicators in the inadequate band") == inadequate.count)
            for reading in inadequate.prefix(HomeService.itemsShown) {
                #expect(html.contains(reading.definition.name))
            }
            // The latest inspection's areas graded requires improvement or inadequate.
            let latest = try #require(
                try await InspectionStore.inspections(on: app.db).max {
                    ($0.inspection.published ?? .distantPast) < ($1.inspection.published ?? .distantPast)
                })
            let poor = latest.inspection.judgements.count {
                $0.grade == .inadequate || $0.grade == .requiresImprovement
            }
            let title = latest.inspection.title.replacingOccurrences(of: "&", with: "&amp;")
            #expect(Self.count(html, "Areas graded requires improvement or inadequate (\(title))") == poor)
        }
    }

    @Test func `a response officer has no inbox, and is offered where to start`() async throws {
        try await withTestApp { app in
            let admin = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let html = try await Self.home(app, admin)
            #expect(!html.contains("inbox-grid"))
            #expect(html.contains("Start here"))
        }
    }
}
