import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Pieces the offender pages share: days, risk badges, table cells, links between the lists.
enum OffenderParts {
    /// Offender-management days are 00:00 UTC on the date (`OffenderCalendar`), so they are written in UTC.
    static let dayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "d MMM yyyy"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()

    static let weekdayFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "EEE d MMM"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()

    /// A moment (a decision, a recording) in London time, as every page writes one.
    static let momentFormatter: DateFormatter = UKDate.momentFormat

    static func day(_ date: Date?) -> String { date.map { dayFormatter.string(from: $0) } ?? "—" }
    static func weekday(_ date: Date) -> String { weekdayFormatter.string(from: date) }
    static func moment(_ date: Date?) -> String { date.map { momentFormatter.string(from: $0) } ?? "—" }

    static func days(_ count: Int) -> String { "\(count) day\(count == 1 ? "" : "s")" }

    static func riskBadge(_ risk: OffenderRiskLevel) -> PageContent {
        let colour: String =
            switch risk {
            case .veryHigh, .high: "red"
            case .medium: "amber"
            case .low: "green"
            }
        return .span(.class("badge \(colour)"), .text(risk.label))
    }

    /// A table cell labelled for the phone layout.
    static func cell(_ label: String, _ content: PageContent) -> Node<HTML.TableRowContext> {
        .td(.attribute(named: "data-label", value: label), content)
    }

    static func cell(_ label: String, text: String) -> Node<HTML.TableRowContext> {
        cell(label, .text(text))
    }

    static func numberCell(_ label: String, text: String) -> Node<HTML.TableRowContext> {
        .td(.class("num"), .attribute(named: "data-label", value: label), .text(text))
    }

    static func head(_ labels: [String]) -> Node<HTML.TableContext> {
        .thead(.tr(.forEach(labels) { .th(.text($0)) }))
    }

    /// A labelled text area.
    /// A labelled text area; `id` defaults to the name (give another when a page repeats the form).
    static func textArea(
        _ label: String, name: String, id: String? = nil, value: String = "", required: Bool = false,
        hint: String? = nil
    ) -> PageContent {
        let id = id ?? name
        return .div(
            .class("field"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .textarea(
                .name(name), .id(id), .rows(3), .required(required),
                .if(hint != nil, .attribute(named: "aria-describedby", value: "\(id)-hint")), .text(value))
        )
    }

    /// A labelled select whose id may differ from its name (for forms a page repeats).
    static func select(
        _ label: String, name: String, id: String, options: [(String, String)], selected: String?,
        includeAny: String? = nil
    ) -> PageContent {
        .div(
            .class("field"),
            .label(.for(id), .text(label)),
            .select(
                .attribute(named: "name", value: name), .attribute(named: "id", value: id),
                .unwrap(includeAny) { Part.option(value: "", label: $0, selected: selected == nil || selected == "") },
                .forEach(options) { Part.option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
            )
        )
    }

    static func checkbox(_ label: String, name: String, checked: Bool) -> PageContent {
        .div(
            .class("field checks"),
            .label(
                .input(.type(.checkbox), .name(name), .id(name), .value("yes"), .checked(checked)),
                .text(label))
        )
    }

    /// Query-string escaping for a value.
    static func query(_ value: String) -> String {
        value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
    }

    /// The path of an offender's record, carrying the reason the viewer gave (records outside their own
    /// caseload need one).
    static func recordPath(_ id: Int, reason: String? = nil) -> String {
        Paths.offender(id) + (reason.map { "?reason=" + query($0) } ?? "")
    }

    /// Links between the offender pages, by what the viewer may do.
    static func links(bcus: [BCU], canDecide: Bool) -> PageContent {
        .nav(
            .class("subnav"), .ariaLabel("Offender management"),
            .ul(
                .li(.a(.href(Paths.offenders), "RSO caseload")),
                .li(.a(.href(Paths.overdueOffenders), "Overdue")),
                .li(.a(.href(Paths.visitChecks), "Visit checks")),
                .if(canDecide, .li(.a(.href(Paths.escalations()), "Escalations"))),
                .forEach(bcus) { bcu in .li(.a(.href(Paths.offendersInBCU(bcu)), .text("\(bcu.code) RSO list"))) },
                .li(.a(.href(Paths.wanted()), "Wanted suspects")),
                .li(.a(.href(Paths.integratedOffenderManagement), "IOM cohort"))
            )
        )
    }

    /// A BCU filter for the force-wide lists.
    static func bcuFilter(action: String, bcus: [BCU], selected: BCU?) -> PageContent {
        .form(
            .class("filters"), .method(.get), .action(action), .attribute(named: "role", value: "search"),
            .component(
                Part.select(
                    "BCU", name: "bcu", options: bcus.map { ($0.code, "\($0.code) \($0.name)") },
                    selected: selected?.code,
                    includeAny: "Every BCU you cover")),
            .div(.class("field"), .button(.type(.submit), "Show"))
        )
    }
}
