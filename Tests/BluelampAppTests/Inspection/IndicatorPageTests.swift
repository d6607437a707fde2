import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// One indicator's page (issue 22): its trend against the bands and a milestone's target, the BCUs compared as bars
/// and on London's map, each with its figures as a table, within the viewer's scope.
@Suite struct IndicatorPageTests {
    /// An indicator a demo milestone sets a target on.
    static func targeted(_ app: Application) async throws -> (id: String, value: Double) {
        let target = try #require(
            try await MonitoringStore.milestones(on: app.db).flatMap(\.milestone.targets).first)
        return (target.indicatorID, target.value)
    }

    @Test func `a force-wide performance lead sees the trend, the target, all 12 BCUs compared and the map`()
        async throws
    {
        try await withTestApp { app in
            let now = Date()
            app.clock = { now }
            _ = try await makeCrime(app, bcu: .centralEast)
            _ = try await makeCrime(app, bcu: .centralEast, victim: "Okoro")
            _ = try await makeCrime(app, bcu: .northWest, victim: "Adeyemi")
            let service = InspectionService(database: app.db, now: now)
            // An indicator with bands, a figure in Central East and a trend the records' dates can give.
            let reading = try #require(
                try await service.readings(bcu: .centralEast).first {
                    $0.value != nil && InspectionPart.isBanded($0.definition)
                        && service.history(of: $0.indicatorID) == .anyPeriod
                })
            let id = reading.indicatorID
            let unit = reading.definition.unit
            try await IndicatorStore.backfillSnapshots(
                on: app.db, days: (1...5).map { now.addingTimeInterval(-Double($0) * 86_400) }, computedAt: now)
            let target = reading.definition.thresholds.good
            _ = try await MonitoringStore.createMilestone(
                title: "Reach good", due: now.addingTimeInterval(30 * 86_400), periodID: nil, findingIDs: [],
                targets: [IndicatorTarget(indicatorID: id, value: target)], on: app.db)
            let lead = try await signedIn(app, as: .performanceLead)

            let response = try await InspectionTesting.get(app, Paths.indicator(id, bcu: .centralEast), as: lead)
            #expect(response.status == .ok)
            let html = response.body.string
            // The figure now, as the indicators page computes it, with its band in words.
            #expect(html.contains("<strong>\(InspectionPart.value(reading))</strong>"))
            #expect(html.contains(reading.band?.label ?? "No figure"))
            // The trend: a titled, described chart with the target line, its figures behind a disclosure.
            #expect(html.contains(#"id="trend-title""#))
            #expect(html.contains("Target \(InspectionPart.value(target, unit: unit))"))
            #expect(html.contains("Reach good"))
            #expect(html.contains("Data as a table"))
            // Every territorial BCU in the comparison and on the map, each leading to its dashboard.
            #expect(html.contains(#"id="by-bcu-title""#))
            for bcu in BCU.territorial {
                #expect(html.contains(bcu.name), "no \(bcu.name)")
                #expect(html.contains("href=\"\(Paths.dashboard(bcu: bcu))\""), "no map link to \(bcu.code)")
            }
            // Each BCU's figure is the one its own scope's computation gives.
            for bcu in [BCU.centralEast, .northWest] {
                let own = try #require(try await service.readings(bcu: bcu).first { $0.indicatorID == id })
                #expect(html.contains(">\(InspectionPart.value(own))<"), "\(bcu.code): \(InspectionPart.value(own))")
            }
            #expect(html.contains(LondonMap.attribution))
            #expect(!html.contains("style="))
            // The dashboard leads here.
            let dashboard = try await InspectionTesting.get(app, "/inspection?bcu=CE", as: lead)
            #expect(dashboard.body.string.contains("href=\"\(Paths.indicator(id, bcu: .centralEast))\""))
        }
    }

    @Test func `the dashboard shows what a suggested grade rests on as a table, worst band first`() async throws {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let lead = try await signedIn(app, as: .performanceLead)
            let html = try await InspectionTesting.get(app, "/inspection", as: lead).body.string
            #expect(html.contains("What the suggestion rests on"))
            // In each evidence table no band follows a worse one.
            let order = ["Inadequate", "Requires improvement", "Adequate", "Good", "No figure"]
            var tables = html.components(separatedBy: "worst band first</caption>").dropFirst()
            #expect(!tables.isEmpty)
            var read = 0
            while let table = tables.popFirst() {
                let body = table.components(separatedBy: "</table>")[0]
                let bands = body.components(separatedBy: "<span class=\"badge band-").dropFirst().compactMap { cell in
                    order.firstIndex { cell.contains(">\($0)</span>") }
                }
                #expect(bands == bands.sorted(), "bands out of order: \(bands)")
                read += bands.count
            }
            #expect(read > 1, "no band read from the evidence tables")
        }
    }

    @Test func `a BCU's performance lead sees only their BCU, and other scopes and unknown indicators are refused`()
        async throws
    {
        try await withTestApp { app in
            app.clock = { InspectionTesting.now }
            try await InspectionTesting.loadHistory(app)
            let lead = try await signedIn(app, as: .performanceLead, scope: .bcus([.centralEast]))
            let (id, _) = try await Self.targeted(app)
            let page = try await InspectionTesting.get(app, Paths.indicator(id), as: lead)
            #expect(page.status == .ok)
            let html = page.body.string
            #expect(html.contains("href=\"\(Paths.dashboard(bcu: .centralEast))\""))
            #expect(!html.contains("href=\"\(Paths.dashboard(bcu: .northWest))\""))
            #expect(!html.contains("The whole force"))
            let force = try await InspectionTesting.get(app, Paths.indicator(id) + "?bcu=FORCE", as: lead)
            #expect(force.status == .forbidden)
            let other = try await InspectionTesting.get(app, Paths.indicator(id, bcu: .northWest), as: lead)
            #expect(other.status == .forbidden)
            let unknown = try await InspectionTesting.get(app, Paths.indicator("no.such-indicator"), as: lead)
            #expect(unknown.status == .notFound)
            // Someone without the inspection role is refused.
            let investigator = try await signedIn(app, as: .investigator, scope: .bcus([.centralEast]))
            let refused = try await InspectionTesting.get(app, Paths.indicator(id), as: investigator)
            #expect(refused.status == .forbidden)
        }
    }
}
