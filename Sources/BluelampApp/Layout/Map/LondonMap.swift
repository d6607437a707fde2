import BluelampCore
import Foundation
import Plot

/// Maps of London drawn on the server as inline SVG from the ONS borough boundaries (issue 22): the twelve BCUs
/// shaded by an indicator's band, each a link to its dashboard, and a small locator for a crime's or an offender's
/// coordinates. No tiles and no JavaScript; every map comes with a text equivalent and the boundaries' attribution.
///
/// The City of London is drawn in grey and is not a link: the City of London Police polices it, not the Met.
enum LondonMap {
    /// The attribution the ONS boundaries' licence asks for wherever they are shown
    /// (shared/data/README.md, "geography").
    static let attribution =
        "Source: Office for National Statistics licensed under the Open Government Licence v.3.0. "
        + "Contains OS data © Crown copyright and database right 2022."

    // MARK: - Geometry

    /// A point on the map's plane, in the SVG's units (x east, y south).
    struct Point: Sendable, Equatable {
        var x: Double
        var y: Double
    }

    /// An area on the map: one of the 32 boroughs, or the City of London with `bcu` nil.
    struct Borough: Sendable {
        /// The ONS GSS code, such as `E09000007`.
        var code: String
        var name: String
        var bcu: BCU?
        /// Where a label sits well inside the area.
        var label: Point
        /// SVG path data, one `M…Z` per ring.
        var path: String
    }

    /// How a latitude and longitude land on the map's plane: equirectangular, with longitude scaled by
    /// `longitudeFactor` (cos 51.5°) so that a unit is the same distance both ways across London.
    struct Projection: Sendable {
        var west: Double
        var north: Double
        var unitsPerDegree: Double
        var longitudeFactor: Double
        var width: Double
        var height: Double

        func point(latitude: Double, longitude: Double) -> Point {
            Point(x: (longitude - west) * longitudeFactor * unitsPerDegree, y: (north - latitude) * unitsPerDegree)
        }
    }

    /// The borough that contains a point, or nil outside London (and on the Thames, which the boundaries leave
    /// out). `bcu` is nil for the City of London.
    static func borough(latitude: Double, longitude: Double) -> (code: String, name: String, bcu: BCU?)? {
        guard let area = area(latitude: latitude, longitude: longitude) else { return nil }
        return (area.code, area.name, area.bcu)
    }

    static func area(latitude: Double, longitude: Double) -> Borough? {
        guard latitude.isFinite, longitude.isFinite else { return nil }
        let point = LondonBoundaries.projection.point(latitude: latitude, longitude: longitude)
        guard let index = rings.firstIndex(where: { contains($0, point) }) else { return nil }
        return LondonBoundaries.boroughs[index]
    }

    /// Each area's rings as points, read once from the path data.
    private static let rings: [[[Point]]] = LondonBoundaries.boroughs.map { rings(of: $0.path) }

    /// The rings of SVG path data written as `Mx,y x,y …Z`, the only form `LondonBoundaries` uses.
    static func rings(of path: String) -> [[Point]] {
        path.split(separator: "M").map { ring in
            ring.split(whereSeparator: { $0 == " " || $0 == "Z" }).compactMap { pair in
                let xy = pair.split(separator: ",")
                guard xy.count == 2, let x = Double(xy[0]), let y = Double(xy[1]) else { return nil }
                return Point(x: x, y: y)
            }
        }
    }

    /// Even–odd point-in-polygon across all of a shape's rings, so a hole would count as outside.
    static func contains(_ rings: [[Point]], _ point: Point) -> Bool {
        var inside = false
        for ring in rings where ring.count > 2 {
            var previous = ring[ring.count - 1]
            for current in ring {
                if (current.y > point.y) != (previous.y > point.y),
                    point.x < (previous.x - current.x) * (point.y - current.y) / (previous.y - current.y) + current.x
                {
                    inside.toggle()
                }
                previous = current
            }
        }
        return inside
    }

    // MARK: - The BCU map

    /// The bands' classes as `InspectionPart.bandClass` writes them, in legend order, with their words.
    static let legend: [(className: String, label: String)] =
        IndicatorBand.allCases.map { ("band-\($0.rawValue)", $0.label) } + [("band-none", "No figure")]

    /// London's 12 BCUs shaded by an indicator's band, each a link to its dashboard, followed by the same
    /// in a table. `shading` gives each BCU's class (`InspectionPart.bandClass`; `band-none` when missing),
    /// `links` its address, and `labels` the words shown on it and in the table, which should name the band so
    /// that colour is never the only cue ("Good, 91.2%"). `labelHeading` heads the table's column of labels.
    static func bcus(
        title: String, description: String, shading: [BCU: String], links: [BCU: String], labels: [BCU: String],
        labelHeading: String = "Band"
    ) -> PageContent {
        let size = LondonBoundaries.projection
        var areas: [PageContent] = []
        for bcu in BCU.territorial {
            let label = labels[bcu].map { "\(bcu.name): \($0)" } ?? bcu.name
            var nodes: [PageContent] = [.attribute(named: "class", value: "bcu \(shading[bcu] ?? "band-none")")]
            if let link = links[bcu] {
                nodes += [
                    .attribute(named: "href", value: escaped(link)),
                    .attribute(named: "aria-label", value: escaped("\(label) — open its dashboard")),
                ]
            } else {
                nodes += [
                    .attribute(named: "role", value: "group"), .attribute(named: "aria-label", value: escaped(label)),
                ]
            }
            nodes += LondonBoundaries.boroughs.filter { $0.bcu == bcu }.map { path($0.path, class: "borough") }
            areas.append(.element(named: links[bcu] == nil ? "g" : "a", nodes: nodes))
        }
        for city in LondonBoundaries.boroughs where city.bcu == nil {
            areas.append(
                .element(
                    named: "path",
                    nodes: [
                        .attribute(named: "class", value: "borough not-met"), .attribute(named: "d", value: city.path),
                        .element(
                            named: "title", text: "\(city.name): policed by the City of London Police, not the Met"),
                    ]))
        }
        let outlines = BCU.territorial.compactMap { LondonBoundaries.bcuOutlines[$0] }.joined()
        var names: [PageContent] = [.attribute(named: "class", value: "labels")]
        for bcu in BCU.territorial {
            guard let point = LondonBoundaries.bcuLabels[bcu] else { continue }
            names.append(text(bcu.name, at: point, dy: labels[bcu] == nil ? 5 : -4, class: "bcu-name"))
            // On a narrow screen the stylesheet shows the code alone ("CN"): the names would overlap.
            names.append(text(bcu.code, at: point, dy: 8, class: "bcu-code"))
            if let label = labels[bcu] {
                names.append(text(label, at: point, dy: 14, class: "bcu-label"))
            }
        }
        let svg: PageContent = .element(
            named: "svg",
            nodes: [
                .attribute(named: "class", value: "london-map bcu-map"),
                .attribute(named: "viewBox", value: "0 0 \(Int(size.width)) \(Int(size.height))"),
                .attribute(named: "width", value: "\(Int(size.width))"),
                .attribute(named: "height", value: "\(Int(size.height))"),
                .element(named: "title", text: title), .element(named: "desc", text: description),
                .element(named: "g", nodes: [.attribute(named: "class", value: "areas")] + areas),
                // The outlines and names are drawn over every area so that no fill covers them; a click passes
                // through them (CSS pointer-events) to the BCU's link underneath.
                .element(
                    named: "g",
                    nodes: [
                        .attribute(named: "aria-hidden", value: "true"), path(outlines, class: "bcu-outline"),
                        .element(named: "g", nodes: names),
                    ]),
            ])
        let used = Set(BCU.territorial.map { shading[$0] ?? "band-none" })
        return .group(
            .element(
                named: "figure",
                nodes: [
                    .class("london-map"),
                    .element(named: "figcaption", nodes: [.class("map-title"), .text(title)]),
                    svg,
                    .ul(
                        .class("map-legend"),
                        .forEach(legend.filter { used.contains($0.className) }) { entry in
                            .li(.span(.class("swatch \(entry.className)")), .text(entry.label))
                        },
                        .li(.span(.class("swatch not-met")), .text("City of London: not policed by the Met"))),
                    .p(.class("map-source"), .text(attribution)),
                ]),
            table(title: title, labels: labels, links: links, labelHeading: labelHeading))
    }

    /// The BCU map in words: each BCU (a link to its dashboard), its boroughs, and its label.
    static func table(title: String, labels: [BCU: String], links: [BCU: String], labelHeading: String)
        -> PageContent
    {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive map-table"), .caption(.text("\(title): the map in words")),
                .thead(
                    .tr(
                        .forEach(["BCU", "Boroughs", labelHeading]) {
                            .th(.attribute(named: "scope", value: "col"), .text($0))
                        })),
                .tbody(
                    .forEach(BCU.territorial) { bcu in
                        .tr(
                            .td(
                                .attribute(named: "data-label", value: "BCU"),
                                .unwrap(links[bcu], { .a(.href(escaped($0)), .text(bcu.name)) }, else: .text(bcu.name)),
                                .text(" (\(bcu.code))")),
                            .td(
                                .attribute(named: "data-label", value: "Boroughs"),
                                .text(
                                    LondonBoundaries.boroughs.filter { $0.bcu == bcu }.map(\.name)
                                        .joined(separator: ", "))),
                            .td(
                                .attribute(named: "data-label", value: escaped(labelHeading)),
                                .text(labels[bcu] ?? "—")))
                    })))
    }

    // MARK: - The locator

    /// The locator's width in CSS pixels; its height follows London's shape.
    static let locatorWidth = 240.0

    /// A small map of London with the borough that contains the point highlighted and a marker on the point,
    /// captioned in words ("In Camden (Central North BCU)."). Nil when the point is outside London, so the page
    /// shows no map. `label` names the place marked, such as "On or near Camden High Street".
    ///
    /// London's boroughs are one image (`baseMap`, served once at `Paths.londonMap` and cached by the browser); the
    /// page carries only the highlighted borough and the marker, drawn over it on the same plane, so a crime's page
    /// grows by a few kilobytes rather than by every borough's outline.
    static func locator(latitude: Double, longitude: Double, label: String) -> PageContent? {
        guard let here = area(latitude: latitude, longitude: longitude) else { return nil }
        let point = LondonBoundaries.projection.point(latitude: latitude, longitude: longitude)
        let scale = locatorWidth / LondonBoundaries.projection.width
        // The marker keeps its size on screen (6 px) whatever the map's scale.
        let marker: PageContent = .selfClosedElement(
            named: "circle",
            attributes: [
                .attribute(named: "class", value: "marker"),
                .attribute(named: "cx", value: String(format: "%.1f", point.x)),
                .attribute(named: "cy", value: String(format: "%.1f", point.y)),
                .attribute(named: "r", value: String(format: "%.0f", 6 / scale)),
            ])
        return locatorFigure(here, label: label, marker: marker)
    }

    /// The same small map for a place known only by its borough (a registered offender's address is held as a
    /// borough and an area, with no coordinates): the borough highlighted, no marker. Nil for a name that is not a
    /// London borough.
    static func locator(borough name: String, label: String) -> PageContent? {
        let key = name.lowercased().replacingOccurrences(of: "&", with: "and")
        guard let here = LondonBoundaries.boroughs.first(where: { $0.name.lowercased() == key }) else { return nil }
        return locatorFigure(here, label: label, marker: nil)
    }

    /// A locator: the cached base map, the area highlighted over it (and the marker, if any), the caption in words.
    private static func locatorFigure(_ here: Borough, label: String, marker: PageContent?) -> PageContent {
        let size = LondonBoundaries.projection
        let height = Int((size.height * locatorWidth / size.width).rounded())
        let words = inWords(here)
        var nodes: [PageContent] = [
            .attribute(named: "class", value: "london-map locator-map"),
            .attribute(named: "viewBox", value: "0 0 \(Int(size.width)) \(Int(size.height))"),
            .attribute(named: "width", value: "\(Int(locatorWidth))"),
            .attribute(named: "height", value: "\(height)"),
            .attribute(named: "role", value: "img"),
            .element(
                named: "title",
                text: "Map of London marking \(label), " + words.prefix(1).lowercased() + words.dropFirst()),
            path(here.path, class: here.bcu == nil ? "borough here not-met" : "borough here"),
        ]
        if let marker { nodes.append(marker) }
        return .element(
            named: "figure",
            nodes: [
                .class("london-map locator"),
                .div(
                    .class("locator-frame"),
                    // The base map is decoration under the drawn area: an empty text alternative.
                    .img(
                        .src(Paths.londonMap), Attribute(name: "alt", value: "", ignoreIfValueIsEmpty: false),
                        .attribute(named: "width", value: "\(Int(locatorWidth))"),
                        .attribute(named: "height", value: "\(height)")),
                    .element(named: "svg", nodes: nodes)),
                .element(
                    named: "figcaption", nodes: [.text(words + "."), .p(.class("map-source"), .text(attribution))]),
            ])
    }

    /// London's boroughs as a standalone SVG document in light grey, the City darker: the locators' base map.
    /// Colours are presentation attributes (a document shown as an image takes no stylesheet from the page).
    static let baseMap: String = {
        let size = LondonBoundaries.projection
        let shapes = LondonBoundaries.boroughs.map { borough in
            let fill = borough.bcu == nil ? "#bfc5cc" : "#e4e8ec"
            return "<path fill=\"\(fill)\" stroke=\"#8a949e\" stroke-width=\"1.5\" d=\"\(borough.path)\"/>"
        }
        return "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 \(Int(size.width)) \(Int(size.height))\">"
            + shapes.joined() + "</svg>"
    }()

    /// Where a point is, in words: "In Camden (Central North BCU)", or the City's police force.
    static func inWords(_ area: Borough) -> String {
        guard let bcu = area.bcu else {
            return "In the \(area.name) (policed by the City of London Police, not the Met)"
        }
        return "In \(area.name) (\(bcu.name) BCU)"
    }

    // MARK: - Pieces

    private static func path(_ data: String, class name: String) -> PageContent {
        .selfClosedElement(
            named: "path", attributes: [.attribute(named: "class", value: name), .attribute(named: "d", value: data)])
    }

    private static func text(_ words: String, at point: Point, dy: Double, class name: String) -> PageContent {
        .element(
            named: "text",
            nodes: [
                .attribute(named: "class", value: name),
                .attribute(named: "x", value: String(format: "%.1f", point.x)),
                .attribute(named: "y", value: String(format: "%.1f", point.y + dy)),
                .text(words),
            ])
    }

    /// Plot writes attribute values exactly as given, so text from a caller is escaped before it goes into one.
    static func escaped(_ value: String) -> String { HTMLText.attribute(value) }
}
