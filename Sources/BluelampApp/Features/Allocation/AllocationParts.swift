import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Pieces the allocation pages share.
enum AllocationPart {
    /// `due in 5 h`, `due in 2 d 4 h`, or `overdue by 3 h` in red.
    static func countdown(deadline: Date, now: Date) -> PageContent {
        let seconds = deadline.timeIntervalSince(now)
        if seconds >= 0 {
            let soon = seconds < 6 * 3600
            return .span(.class(soon ? "amber" : ""), .text("due in \(duration(seconds))"))
        }
        return .span(.class("badge red"), .text("overdue by \(duration(-seconds))"))
    }

    /// `45 min`, `5 h`, `2 d 4 h`.
    static func duration(_ seconds: TimeInterval) -> String {
        let minutes = Int(seconds / 60)
        if minutes < 60 { return "\(max(0, minutes)) min" }
        let hours = minutes / 60
        if hours < 48 { return "\(hours) h" }
        let days = hours / 24
        let rest = hours % 24
        return rest == 0 ? "\(days) d" : "\(days) d \(rest) h"
    }

    /// Whole days between two moments, for the age of a crime.
    static func days(from start: Date, to end: Date) -> Int {
        max(0, Int(end.timeIntervalSince(start) / 86_400))
    }

    static func dateTime(_ date: Date) -> String { dateTimeFormatter.string(from: date) }

    /// London time, as every page writes a moment.
    static let dateTimeFormatter: DateFormatter = UKDate.momentFormat

    /// A table cell with its label, for the responsive tables on a phone.
    static func cell(_ label: String, _ content: PageContent, class className: String? = nil) -> Node<
        HTML.TableRowContext
    > {
        .td(.attribute(named: "data-label", value: label), .unwrap(className) { .class($0) }, .component(content))
    }

    static func cell(_ label: String, _ text: String) -> Node<HTML.TableRowContext> {
        .td(.attribute(named: "data-label", value: label), .text(text))
    }

    /// A labelled text input whose id differs from its name, so one page can hold many forms.
    static func field(
        _ label: String, name: String, id: String, value: String = "", required: Bool = false, hint: String? = nil
    )
        -> PageContent
    {
        var attributes: [Attribute<HTML.InputContext>] = [.type(.text), .name(name), .id(id), .value(value)]
        if required { attributes.append(.required(true)) }
        if hint != nil { attributes.append(.attribute(named: "aria-describedby", value: "\(id)-hint")) }
        return .div(
            .class("field"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .selfClosedElement(named: "input", attributes: attributes)
        )
    }

    /// A labelled text area.
    static func textArea(
        _ label: String, name: String, id: String, value: String = "", rows: Int = 3, required: Bool = false,
        hint: String? = nil
    ) -> PageContent {
        .div(
            .class("field"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            .textarea(
                .name(name), .id(id), .rows(rows), .required(required),
                .if(hint != nil, .attribute(named: "aria-describedby", value: "\(id)-hint")), .text(value))
        )
    }

    /// A labelled select whose id differs from its name.
    static func select(_ label: String, name: String, id: String, options: [(String, String)], selected: String?)
        -> PageContent
    {
        .div(
            .class("field"),
            .label(.for(id), .text(label)),
            .select(
                .attribute(named: "name", value: name), .attribute(named: "id", value: id),
                .forEach(options) { Part.option(value: $0.0, label: $0.1, selected: $0.0 == selected) }
            )
        )
    }

    static var reasonOptions: [(String, String)] {
        AllocationOverrideReason.allCases.map { ($0.rawValue, $0.label) }
    }

    static func unitLabel(_ unit: AllocationUnitKind) -> String {
        switch unit {
        case .bcuInvestigation: "BCU investigation team"
        case .safeguarding: "Safeguarding"
        case .forceWide: "Force-wide unit"
        }
    }

    /// `PIP2 SO, DA · CE`
    static func skills(level: PIPLevel?, specialisms: [String], bcu: String?) -> String {
        let skills = ([level?.label ?? "no PIP level"] + specialisms).joined(separator: " ")
        return bcu.map { "\(skills) · \($0)" } ?? skills
    }

    /// Load against cap, red when over.
    static func load(_ load: Int, cap: Int) -> PageContent {
        .span(.class(load > cap ? "badge red" : (load == cap ? "amber" : "")), .text("\(load) of \(cap)"))
    }
}
