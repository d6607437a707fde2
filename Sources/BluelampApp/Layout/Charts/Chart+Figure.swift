import Foundation
import Plot

extension Chart {
    /// One line of a chart's key: a swatch drawn by the stylesheet and what it stands for.
    struct KeyItem: Hashable, Sendable {
        /// e.g. `zone band-good`, `target`, `latest`, `marker`.
        var swatch: String
        var text: String
    }

    /// A row of the data table: the row's heading (a link when it has an address), then its cells, the first of
    /// which holds the figure and is aligned as a number.
    struct TableRow: Hashable, Sendable {
        var heading: String
        var href: String? = nil
        var cells: [String]
    }

    /// The chart, its key and its data: the wrapper is a size container, so the stylesheet can size the text to
    /// the width the chart is drawn at.
    static func figure(
        id: String, kind: String, svg: PageContent, key: [KeyItem], caption: String, headings: [String],
        rows: [TableRow]
    ) -> PageContent {
        .div(
            .class("chart \(kind)"), .id(id), svg,
            .if(
                !key.isEmpty,
                .ul(
                    .class("chart-key"),
                    .forEach(key) { item in
                        .li(
                            .span(.class("swatch \(item.swatch)"), .attribute(named: "aria-hidden", value: "true")),
                            .text(item.text))
                    })),
            .details(
                .class("chart-data"), .summary("Data as a table"),
                .div(
                    .class("table-wrap"),
                    .table(
                        .caption(.text(caption)),
                        .thead(
                            .tr(
                                .forEach(headings.enumerated()) { index, heading in
                                    .th(
                                        .attribute(named: "scope", value: "col"), .if(index == 1, .class("num")),
                                        .text(heading))
                                })),
                        .tbody(
                            .forEach(rows) { row in
                                .tr(
                                    .th(
                                        .attribute(named: "scope", value: "row"),
                                        row.href.map { .a(.href($0), .text(row.heading)) } ?? .text(row.heading)),
                                    .forEach(row.cells.enumerated()) { index, cell in
                                        .td(.if(index == 0, .class("num")), .text(cell))
                                    })
                            })))))
    }
}
