import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The readiness dashboard, the monitoring page and the report.
@Suite struct InspectionDashboardTests {
    @Test(arguments: [Role.performanceLead, .inspector])
    func `the dashboard, monitoring page and report render`(role: Role) async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let browser = try await signedIn(app, as: role)

            let dashboard = try await InspectionTesting.get(app, "/inspection", as: browser)
            #expect(dashboard.status == .ok)
            let html = dashboard.body.string
            for text in [
                "Protecting vulnerable people", "Investigating crime", "Self-assessment", "not an HMICFRS grade",
                "Grade history", "Public protection accreditations expired", "<svg", "Engage early warning",
                "Scan", "Inadequate",
            ] {
                #expect(html.contains(text), "dashboard lacks \(text)")
            }
            #expect(!html.contains("style="), "no inline styles")
            // The 2017 and 2018/19 pillar grades, which no current area continues, are listed too.
            #expect(html.contains("Earlier grades"))
            #expect(html.contains("PEEL 2017 – Metropolitan Police Service"))
            #expect(html.contains("PEEL 2018/19 – Metropolitan Police Service"))
            // Drill-down links only for those who may open officers' records.
            #expect(html.contains("/officers?status=leave") == (role == .performanceLead))

            let monitoring = try await InspectionTesting.get(app, "/inspection/monitoring", as: browser)
            #expect(monitoring.status == .ok)
            for text in [
                "Engage", "28 June 2022 – 23 January 2025", "Milestone plan", "No figure against",
                "Open causes of concern (1)",
            ] {
                #expect(monitoring.body.string.contains(text), "monitoring lacks \(text)")
            }
            // No status set by hand and no figure nobody measured.
            #expect(!monitoring.body.string.contains(", set by "))
            #expect(!monitoring.body.string.contains("87%"))

            // A note on every finding: the report shows each listed finding's own (read for all of them at once).
            let inspections = try await InspectionStore.inspections(on: app.db)
            let findingIDs = inspections.flatMap(\.findingIDs.values)
            for id in findingIDs {
                try await FindingStore.addEvidence(
                    findingID: id, .note("A note on finding \(id)."), byUserID: nil, byName: "test",
                    at: InspectionTesting.now, on: app.db)
            }
            let report = try await InspectionTesting.get(app, "/inspection/report", as: browser)
            #expect(report.status == .ok)
            for text in [
                "Inspection readiness report", "Cause of concern COC1", "The inspectorate's latest judgement",
                "Self-assessment",
            ] {
                #expect(report.body.string.contains(text), "report lacks \(text)")
            }
            // Each finding shown holds one note, its own: the note's finding has the reference and inspection shown.
            let named = Dictionary(
                uniqueKeysWithValues: inspections.flatMap { stored in
                    stored.findingIDs.map { ($0.value, (title: stored.inspection.title, reference: $0.key)) }
                })
            let shown = report.body.string.components(separatedBy: #"class="report-finding""#).dropFirst()
            #expect(shown.count > 1)
            for part in shown {
                let notes = findingIDs.filter { part.contains("A note on finding \($0).") }
                #expect(notes.count == 1, "a finding in the report shows \(notes.count) notes")
                guard let id = notes.first, let finding = named[id] else { continue }
                #expect(
                    part.contains(" \(finding.reference) ") && part.contains(HTMLText.escape(finding.title)),
                    "the note of finding \(id) is shown under another")
            }
        }
    }

    @Test func `a kept card is the same bytes as one rendered again, and a changed card is rendered anew`()
        async throws
    {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app, trendMonths: 1)
            let lead = try await servicePrincipal(app, .performanceLead, .force)
            let service = InspectionService(database: app.db, now: InspectionTesting.now)
            let kept = RenderedFragments<InspectionDashboardPage.CardSlot, InspectionDashboardPage.CardKey>(
                budget: 32 << 20)
            for bcu in [nil, BCU.centralEast] {
                let model = try await InspectionPageModels.dashboard(service, principal: lead, bcu: bcu)
                #expect(model.cards.contains { $0.indicators.contains { !$0.trend.isEmpty } }, "cards with trends")
                let fresh = InspectionDashboardPage(model: model, kept: nil).render().render()
                let first = InspectionDashboardPage(model: model, kept: kept).render().render()
                let again = InspectionDashboardPage(model: model, kept: kept).render().render()
                #expect(first == fresh)
                #expect(again == fresh)
            }
            let cards = 2 * InspectionService.current(try await service.frameworks())!.topLevelAreas.count
            #expect(kept.usage.count == cards)

            // A card whose figure changed is a different key: rendered anew, never the kept one.
            var model = try await InspectionPageModels.dashboard(service, principal: lead, bcu: nil)
            let at = try #require(model.cards.firstIndex { $0.indicators.contains { $0.reading.value != nil } })
            let index = try #require(model.cards[at].indicators.firstIndex { $0.reading.value != nil })
            var row = model.cards[at].indicators[index]
            row.reading.value = (row.reading.value ?? 0) + 1_234
            model.cards[at].indicators[index] = row
            let changed = InspectionDashboardPage(model: model, kept: kept).render().render()
            #expect(changed == InspectionDashboardPage(model: model, kept: nil).render().render())
            #expect(changed.contains(InspectionPart.value(row.reading)))
            // It took the place of the card it changed: the figures refreshed all day do not pile up.
            #expect(kept.usage.count == cards)

            // The next day is a different key too (the trend's axis ends on it).
            model.today = model.today.addingTimeInterval(86_400)
            #expect(
                InspectionDashboardPage(model: model, kept: kept).render().render()
                    == InspectionDashboardPage(model: model, kept: nil).render().render())
        }
    }

    @Test func `a slot keeps its newest rendering, and a spent budget lets go of everything and fills again`() {
        let kept = RenderedFragments<String, Int>(budget: 100)
        var renders = 0
        func html(_ slot: String, _ key: Int) -> String {
            kept.html(slot: slot, key: key, keyBytes: 10) {
                renders += 1
                return String(repeating: "x", count: 30) + "\(key)"
            }
        }
        #expect(html("a", 1) == html("a", 1))
        #expect(renders == 1)
        // A newer key in the same slot is rendered and takes the older one's place.
        #expect(html("a", 2).hasSuffix("2"))
        #expect(renders == 2)
        #expect(kept.usage.count == 1)
        #expect(kept.usage.bytes == 41)
        _ = html("b", 1)
        #expect(kept.usage.count == 2)
        _ = html("c", 1)  // 3 × 41 bytes is over 100: the first two are let go
        #expect(kept.usage.count == 1)
        #expect(kept.usage.bytes == 41)
        _ = html("a", 2)
        #expect(renders == 5)
        // A rendering larger than the whole budget is returned, not kept.
        #expect(kept.html(slot: "d", key: 9, keyBytes: 200) { "big" } == "big")
        #expect(kept.usage.count == 2)
    }

    @Test func `changing live data moves an indicator and its card`() async throws {
        try await withTestApp { app in
            var officers: [Int] = []
            for n in 1...4 { officers.append(try await makeOfficer(app, bcu: .centralEast, warrant: "80000\(n)")) }
            let lead = try await signedIn(app, as: .performanceLead)

            func card() async throws -> String {
                let html = try await InspectionTesting.get(app, "/inspection?bcu=CE", as: lead).body.string
                let start = try #require(html.range(of: "id=\"area-building-supporting-and-protecting-the-workforce\""))
                return String(html[start.lowerBound...].prefix(4000))
            }
            let before = try await card()
            #expect(before.contains("0.0%"))
            #expect(before.contains("badge band-good"))

            let officer = try #require(try await Officer.find(officers[0], on: app.db))
            officer.status = OfficerStatus.leave.rawValue
            try await officer.update(on: app.db)

            let after = try await card()
            #expect(after.contains("25.0%"))
            #expect(after.contains("badge band-inadequate"))
            #expect(after.contains("Suggested grade"))
        }
    }

    @Test func `recording an outcome moves the charge rate and its card`() async throws {
        try await withTestApp { app in
            let first = try await makeCrime(app, bcu: .centralEast)
            try await makeCrime(app, bcu: .centralEast, victim: "Okoro")
            let lead = try await signedIn(app, as: .performanceLead)
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))

            func chargeRow() async throws -> String {
                let html = try await InspectionTesting.get(app, "/inspection?bcu=CE", as: lead).body.string
                let area = try #require(html.range(of: "id=\"area-investigating-crime\""))
                // The card's table of indicators (its evidence table, before it, names the same indicators).
                let card = try #require(html[area.lowerBound...].range(of: "class=\"responsive indicators\""))
                let row = try #require(html[card.lowerBound...].range(of: ">Charge or summons rate</a>"))
                let end = html[row.lowerBound...].range(of: "</tr>")?.lowerBound ?? html.endIndex
                return String(html[row.lowerBound..<end])
            }
            // Neither crime has an outcome yet: no figure (not 0%, inadequate), and the card says why.
            let before = try await chargeRow()
            #expect(before.contains("No figure"))
            #expect(!before.contains("badge band-inadequate"))
            #expect(before.contains(CrimeIndicatorStore.awaitingOutcomeNote(2)))

            let outcome = try await app.testing().sendRequest(
                .POST, "/crimes/\(first)/outcome", headers: investigator.headers()
            ) { req in
                try req.content.encode(
                    ["csrf": investigator.csrf, "outcome": "1", "date": CrimeParts.inputDate(Date())],
                    as: .urlEncodedForm)
            }
            #expect(outcome.status == .seeOther)

            // Charged, of the one crime whose outcome is known; the other is counted apart.
            let after = try await chargeRow()
            #expect(after.contains("100.0%"))
            #expect(after.contains("badge band-good"))
            #expect(after.contains(CrimeIndicatorStore.awaitingOutcomeNote(1)))
        }
    }

    @Test func `without Chromium the PDF is a 503 page that says so`() async throws {
        try await withTestApp { app in
            app.reportPDFPrinter = ReportPDFPrinter(executable: nil)
            let lead = try await signedIn(app, as: .performanceLead)
            let response = try await InspectionTesting.get(app, "/inspection/report.pdf", as: lead)
            #expect(response.status == .serviceUnavailable)
            #expect(response.body.string.contains("Chromium"))
            #expect(response.body.string.contains("/inspection/report"))
        }
    }

    @Test(.enabled(if: ReportPDFPrinter.detect().executable != nil, "Chromium is not installed (CI installs it)"))
    func `with Chromium installed the report prints to PDF`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let inspector = try await signedIn(app, as: .inspector)
            let response = try await InspectionTesting.get(app, "/inspection/report.pdf", as: inspector)
            #expect(response.status == .ok)
            #expect(response.headers.contentType?.description == "application/pdf")
            #expect(Data(buffer: response.body).starts(with: Data("%PDF".utf8)))
        }
    }

    @Test func `a milestone's status set by hand needs a reason`() async throws {
        try await withTestApp { app in
            try await InspectionTesting.loadHistory(app)
            let lead = try await signedIn(app, as: .performanceLead)
            let id = try #require(
                try await MilestoneRecord.query(on: app.db).filter(\.$overrideStatus == nil).sort(\.$due).first()?.id)
            let refused = try await InspectionTesting.post(
                app, "/inspection/milestones/\(id)/override", as: lead, ["status\(id)": "green", "reason\(id)": " "])
            #expect(refused.status == .unprocessableEntity)
            #expect(try await MilestoneRecord.find(id, on: app.db)?.overrideStatus == nil)

            let saved = try await InspectionTesting.post(
                app, "/inspection/milestones/\(id)/override", as: lead,
                ["status\(id)": "green", "reason\(id)": "Inspectors accepted the plan at the last meeting"])
            #expect(saved.status == .seeOther)
            let row = try #require(try await MilestoneRecord.find(id, on: app.db))
            #expect(row.overrideStatus == "green")
            #expect(row.overrideReason == "Inspectors accepted the plan at the last meeting")

            let created = try await InspectionTesting.post(
                app, "/inspection/milestones", as: lead, ["title": "Supervision ratio at 1:6", "due": "2025-09-30"])
            #expect(created.status == .seeOther)
            #expect(try await MilestoneRecord.query(on: app.db).count() == 9)
        }
    }
}
