import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Pieces the organised crime pages share.
enum OCGParts {
    /// A column header, scoped for screen readers.
    static func th(_ text: String) -> Node<HTML.TableRowContext> {
        .th(.attribute(named: "scope", value: "col"), .text(text))
    }

    static func table(
        caption: String, headers: [String], rows: [Node<HTML.TableContext>]
    ) -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"), .caption(.text(caption)),
                .thead(.tr(.forEach(headers) { th($0) })),
                .tbody(.group(rows))))
    }

    static func state(_ state: OCGMappingState) -> PageContent {
        .span(.class(state.isOverdue ? "badge red" : "badge"), .text(state.label))
    }

    static func missing(_ ps: [FourP]) -> PageContent {
        ps.isEmpty
            ? .span(.class("badge"), .text("All 4 Ps"))
            : .span(.class("badge amber"), .text("Missing " + ps.map(\.label).joined(separator: ", ")))
    }

    static func officer(_ o: OfficerSummary) -> String { "\(o.rank.abbreviation) \(o.fullName) (\(o.bcu.code))" }

    static func bcuOptions(_ units: [BCU]) -> [(String, String)] { units.map { ($0.code, "\($0.name) (\($0.code))") } }
}
