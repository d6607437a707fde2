import BluelampCore
import Foundation
import Testing
import Vapor
import VaporTesting

@testable import BluelampApp

/// The London maps (issue 22): the boundaries cover the Met's 32 boroughs in their BCUs, a point finds its borough,
/// and the BCU map links every BCU with its text equivalent and attribution.
@Suite struct LondonMapTests {
    // MARK: - Boundaries

    @Test func `all 32 Met boroughs and the City of London are drawn, and every BCU has a borough`() {
        let boroughs = LondonBoundaries.boroughs
        #expect(boroughs.count == 33)
        #expect(Set(boroughs.map(\.code)).count == 33)
        #expect(boroughs.filter { $0.bcu != nil }.count == 32)
        #expect(boroughs.filter { $0.bcu == nil }.map(\.name) == ["City of London"])
        for bcu in BCU.territorial {
            let names = boroughs.filter { $0.bcu == bcu }.map(\.name)
            #expect(!names.isEmpty, "\(bcu.code)")
            // The generated file and the BCU enum were written from the same lookup and must agree.
            #expect(Set(names) == Set(bcu.boroughs), "\(bcu.code)")
            #expect(LondonBoundaries.bcuOutlines[bcu]?.hasPrefix("M") == true, "\(bcu.code)")
            #expect(LondonBoundaries.bcuLabels[bcu] != nil, "\(bcu.code)")
        }
        #expect(!boroughs.contains { $0.bcu == .force })
    }

    @Test func `each borough is in the BCU the Met's lookup gives it`() {
        // shared/data/geography/met-bcu-borough-lookup.csv
        let lookup: [(code: String, name: String, bcu: BCU)] = [
            ("E09000007", "Camden", .centralNorth), ("E09000033", "Westminster", .centralWest),
            ("E09000008", "Croydon", .southArea), ("E09000016", "Havering", .eastArea),
            ("E09000031", "Waltham Forest", .northEast), ("E09000027", "Richmond upon Thames", .southWest),
        ]
        for row in lookup {
            let borough = LondonBoundaries.boroughs.first { $0.code == row.code }
            #expect(borough?.name == row.name)
            #expect(borough?.bcu == row.bcu, "\(row.name)")
        }
    }

    @Test func `every label point lies inside its own borough`() {
        for borough in LondonBoundaries.boroughs {
            #expect(LondonMap.contains(LondonMap.rings(of: borough.path), borough.label), "\(borough.name)")
        }
    }

    // MARK: - Finding a borough

    @Test func `a point in London finds the borough it is in`() throws {
        let camden = try #require(LondonMap.borough(latitude: 51.5390, longitude: -0.1426))  // Camden Town
        #expect(camden.name == "Camden")
        #expect(camden.code == "E09000007")
        #expect(camden.bcu == .centralNorth)
        let parliament = try #require(LondonMap.borough(latitude: 51.4995, longitude: -0.1248))
        #expect(parliament.name == "Westminster")
        #expect(parliament.bcu == .centralWest)
    }

    @Test func `a point in the City of London finds the City, with no BCU`() throws {
        let city = try #require(LondonMap.borough(latitude: 51.5155, longitude: -0.0922))  // Guildhall
        #expect(city.name == "City of London")
        #expect(city.bcu == nil)
    }

    @Test func `a point outside London finds no borough`() {
        #expect(LondonMap.borough(latitude: 50.8225, longitude: -0.1372) == nil)  // Brighton
        #expect(LondonMap.borough(latitude: 48.8566, longitude: 2.3522) == nil)  // Paris
        #expect(LondonMap.borough(latitude: .nan, longitude: 0) == nil)
    }

    // MARK: - The BCU map

    static func bcuMap(labels: [BCU: String]? = nil) -> String {
        let bands: [BCU: String] = [.centralEast: "band-good", .centralWest: "band-inadequate"]
        let links = Dictionary(uniqueKeysWithValues: BCU.territorial.map { ($0, "/organisation/bcus/\($0.code)") })
        return LondonMap.bcus(
            title: "Victims updated on time, by BCU", description: "London's BCUs shaded by the band of their figure.",
            shading: bands, links: links, labels: labels ?? [.centralEast: "Good, 91.2%"]
        ).render()
    }

    @Test func `the BCU map links each BCU once to the address given`() throws {
        let html = Self.bcuMap()
        let start = try #require(html.range(of: "<svg"))
        let end = try #require(html.range(of: "</svg>"))
        let svg = html[start.lowerBound..<end.upperBound]
        #expect(svg.components(separatedBy: "<a ").count - 1 == 12)
        for bcu in BCU.territorial {
            #expect(svg.components(separatedBy: "href=\"/organisation/bcus/\(bcu.code)\"").count - 1 == 1, "\(bcu)")
            // And once more in the table after the map.
            #expect(html.components(separatedBy: "href=\"/organisation/bcus/\(bcu.code)\"").count - 1 == 2, "\(bcu)")
        }
        #expect(svg.contains("aria-label=\"Central East: Good, 91.2% — open its dashboard\""))
        #expect(svg.contains("aria-label=\"Central North — open its dashboard\""))
        #expect(svg.contains("class=\"bcu band-inadequate\""))
        #expect(svg.contains("class=\"bcu band-none\""))
    }

    @Test func `the BCU map has its title, description, text equivalent and attribution, and no inline style`() {
        let html = Self.bcuMap()
        #expect(html.contains("<title>Victims updated on time, by BCU</title>"))
        #expect(html.contains("<desc>London's BCUs shaded by the band of their figure.</desc>"))
        #expect(html.contains(LondonMap.attribution))
        #expect(html.contains("Hammersmith and Fulham, Kensington and Chelsea, Westminster"))
        #expect(html.contains("<td data-label=\"Band\">Good, 91.2%</td>"))
        #expect(html.contains("not policed by the Met"))
        #expect(!html.contains("style="))
        #expect(!html.contains("<script"))
    }

    @Test func `text from the caller is escaped inside attributes`() {
        let html = Self.bcuMap(labels: [.centralEast: "Good \"& rising\" <3"])
        #expect(html.contains("aria-label=\"Central East: Good &quot;&amp; rising&quot; &lt;3 — open its dashboard\""))
        #expect(!html.contains("\"& rising"))
    }

    // MARK: - The locator

    @Test func `the locator marks a point in London and says where it is`() throws {
        let html = try #require(
            LondonMap.locator(latitude: 51.5390, longitude: -0.1426, label: "On or near Camden High Street")
        ).render()
        #expect(html.contains("In Camden (Central North BCU)."))
        #expect(html.contains("<title>Map of London marking On or near Camden High Street, in Camden"))
        #expect(html.contains("class=\"borough here\""))
        #expect(html.contains("<circle class=\"marker\""))
        #expect(html.contains(LondonMap.attribution))
        #expect(!html.contains("style="))
        // One borough drawn on the page; the rest are the cached base map under it.
        // The base map is decoration under the drawn borough: an empty text alternative (axe-core's image-alt).
        #expect(html.contains("<img src=\"\(Paths.londonMap)\" alt "))
        #expect(html.components(separatedBy: "<path").count == 2)
        #expect(html.utf8.count < 8_000)
    }

    @Test func `the base map holds every borough and is served to anyone signed in, cached`() async throws {
        #expect(LondonMap.baseMap.components(separatedBy: "<path").count - 1 == LondonBoundaries.boroughs.count)
        #expect(!LondonMap.baseMap.contains("class="))
        try await withTestApp { app in
            let refused = try await app.testing().sendRequest(.GET, Paths.londonMap)
            #expect(refused.status != .ok)
            let browser = try await signedIn(app, as: .frontlineOfficer, scope: .bcus([.centralEast]))
            let map = try await app.testing().sendRequest(.GET, Paths.londonMap, headers: browser.headers())
            #expect(map.status == .ok)
            #expect(map.headers.contentType?.description.hasPrefix("image/svg+xml") == true)
            #expect(map.headers.first(name: .cacheControl) == "private, max-age=86400")
            #expect(map.body.string == LondonMap.baseMap)
        }
    }

    @Test func `the locator names the City of London's own police`() throws {
        let html = try #require(LondonMap.locator(latitude: 51.5155, longitude: -0.0922, label: "Guildhall")).render()
        #expect(html.contains("In the City of London (policed by the City of London Police, not the Met)."))
    }

    @Test func `the locator draws nothing outside London`() {
        #expect(LondonMap.locator(latitude: 50.8225, longitude: -0.1372, label: "Brighton") == nil)
        #expect(LondonMap.locator(latitude: 48.8566, longitude: 2.3522, label: "Paris") == nil)
    }
}
