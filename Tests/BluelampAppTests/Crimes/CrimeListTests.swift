import BluelampCore
import BluelampPersistence
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The crime list works as a list should (issue 22): it says how many match, a bad filter is refused by its field
/// rather than ignored, an empty result offers a way out, and what it shows downloads as CSV, audited.
@Suite struct CrimeListTests {
    @Test func `a filter that is no date is refused by its field, and nothing is searched`() async throws {
        try await withTestApp { app in
            _ = try await makeCrime(app, bcu: .centralEast)
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let response = try await app.testing().sendRequest(
                .GET, "/crimes?from-day=45&from-month=13&from-year=2026&type=no-such-type", headers: browser.headers())
            #expect(response.status == .badRequest)
            let html = response.body.string
            #expect(html.contains("<title>Error: Crimes · Bluelamp</title>"))
            #expect(html.contains("There is a problem"))
            #expect(html.contains(##"<a href="#from">Recorded from: “2026-13-45” is not a date"##))
            #expect(html.contains(##"<a href="#type">Crime type: choose a crime type from the list."##))
            #expect(html.contains(#"id="from-error""#))
            #expect(html.contains(#"aria-invalid="true""#))
            // What was typed stays in its boxes to be put right; no list is shown.
            #expect(html.contains(#"name="from-day" id="from" value="45""#))
            #expect(html.contains(#"name="from-month" id="from-month" value="13""#))
            #expect(html.contains(#"name="from-year" id="from-year" value="2026""#))
            #expect(!html.contains("Showing "))
            // A "before" date not after the "from" date is refused too.
            let backwards = try await app.testing().sendRequest(
                .GET, "/crimes?from-day=10&from-month=3&from-year=2026&to=2026-03-01", headers: browser.headers())
            #expect(backwards.status == .badRequest)
            #expect(backwards.body.string.contains("must be after the “recorded from” date"))
        }
    }

    @Test func `the list says how many match, offers the CSV of them, and an empty result a way out`() async throws {
        try await withTestApp { app in
            for victim in ["Ali", "Bell", "Cole"] { _ = try await makeCrime(app, bcu: .centralEast, victim: victim) }
            _ = try await makeCrime(app, bcu: .centralEast, category: .robbery, victim: "Dunn")
            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let all = try await app.testing().sendRequest(.GET, "/crimes?bcu=CE", headers: browser.headers())
            #expect(all.status == .ok)
            #expect(all.body.string.contains("Showing 1–4 of 4 crimes"))
            #expect(all.body.string.contains(#"href="/crimes.csv?bcu=CE""#))
            #expect(all.body.string.contains("Clear filters"))

            let burglary = try await app.testing().sendRequest(
                .GET, "/crimes.csv?bcu=CE&type=burglary", headers: browser.headers())
            #expect(burglary.status == .ok)
            #expect(burglary.headers.contentType?.description.hasPrefix("text/csv") == true)
            let lines = burglary.body.string.split(separator: "\r\n")
            #expect(lines.first == "reference,recorded_at,crime_type,offence,bcu,borough,priority,status,outcome,flags")
            #expect(lines.count == 4)
            #expect(lines.dropFirst().allSatisfy { $0.contains(",Burglary,") })
            // The download names no one, and is in the audit log as an export of the list.
            #expect(!burglary.body.string.contains("Ali") && !burglary.body.string.contains("Silva"))
            let exports = try await AuditLog.search(
                on: app.db, filter: .init(recordType: "crime_list", action: .export), limit: 5)
            #expect(exports.count == 1)
            #expect(exports.first?.outcome == "ok: 3 rows")

            let none = try await app.testing().sendRequest(
                .GET, "/crimes?bcu=CE&type=drugs", headers: browser.headers())
            #expect(none.body.string.contains("No crimes match these filters."))
            #expect(none.body.string.contains(#"<a href="/crimes">Clear filters</a>"#))
            // Outside the supervisor's scope the download is refused as the list is.
            let outside = try await app.testing().sendRequest(.GET, "/crimes.csv?bcu=NW", headers: browser.headers())
            #expect(outside.status == .forbidden)
        }
    }

    @Test func `a count stops at its cap, so the Met's ten years are not counted to show one page`() async throws {
        try await withTestApp { app in
            for victim in ["Ali", "Bell", "Cole"] { _ = try await makeCrime(app, bcu: .centralEast, victim: victim) }
            let search = CrimeSearch(bcus: [.centralEast], limit: 50)
            #expect(try await CrimeStore.count(search, cap: 10, on: app.db) == 3)
            #expect(try await CrimeStore.count(search, cap: 1, on: app.db) == 2)
            #expect(try await CrimeStore.count(CrimeSearch(bcus: [.northWest], limit: 50), cap: 10, on: app.db) == 0)
        }
    }

    @Test func `the list is ordered by its Recorded column either way, and pages onward in that order`() async throws {
        try await withTestApp { app in
            var ids: [Int] = []
            for victim in ["Ali", "Bell", "Cole"] {
                ids.append(try await makeCrime(app, bcu: .centralEast, victim: victim))
            }
            // The store pages oldest first by the same cursor as newest first.
            var search = CrimeSearch(bcus: [.centralEast], limit: 2)
            search.oldestFirst = true
            let first = try await CrimeStore.search(search, on: app.db)
            #expect(first.rows.map(\.id) == [ids[0], ids[1]])
            search.after = first.next
            #expect(first.next != nil)
            let second = try await CrimeStore.search(search, on: app.db)
            #expect(second.rows.map(\.id) == [ids[2]])
            #expect(second.next == nil)
            search.oldestFirst = false
            search.after = nil
            #expect(try await CrimeStore.search(search, on: app.db).rows.map(\.id) == [ids[2], ids[1]])

            let browser = try await signedIn(app, as: .supervisor, scope: .bcus([.centralEast]))
            let newest = try await app.testing().sendRequest(.GET, "/crimes?bcu=CE", headers: browser.headers()).body
                .string
            // The column heading says how the list is ordered and links to the other way, filters kept.
            #expect(newest.contains(#"<th class="sortable" aria-sort="descending" scope="col" role="columnheader">"#))
            #expect(newest.contains(#"href="/crimes?bcu=CE&sort=recorded""#))
            let oldest = try await app.testing().sendRequest(
                .GET, "/crimes?bcu=CE&sort=recorded", headers: browser.headers()
            ).body.string
            #expect(oldest.contains(#"aria-sort="ascending""#))
            let positions = try ids.map { id in try #require(oldest.range(of: "/crimes/\(id)\"")).lowerBound }
            #expect(positions == positions.sorted())
            // An order the list does not offer is refused by its field.
            let refused = try await app.testing().sendRequest(
                .GET, "/crimes?sort=priority", headers: browser.headers())
            #expect(refused.status == .badRequest)
            #expect(refused.body.string.contains(##"<a href="#sort">Order: choose newest or oldest first."##))
        }
    }
}
