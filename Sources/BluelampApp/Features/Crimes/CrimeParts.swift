import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// Small pieces the crime pages share.
enum CrimeParts {
    /// Moments in London time (`UKDate`); a day held as midnight UTC falls on the same London date.
    static let dateTime: DateFormatter = UKDate.momentFormat
    static let month: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "MMMM yyyy"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "UTC")
        return f
    }()
    static let date: DateFormatter = UKDate.dayFormat

    /// `YYYY-MM-DDTHH:MM` for a `datetime-local` field, in London time as the form reads it back.
    static func inputDateTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = .london
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        return String(format: "%04d-%02d-%02dT%02d:%02d", c.year!, c.month!, c.day!, c.hour!, c.minute!)
    }

    static func inputDate(_ date: Date) -> String {
        let c = Calendar.bluelampUTC.dateComponents([.year, .month, .day], from: date)
        return String(format: "%04d-%02d-%02d", c.year!, c.month!, c.day!)
    }

    static func statusBadge(_ code: CrimeStatus.Code) -> PageContent {
        let colour: String =
            switch code {
            case .closed: "green"
            case .screenedOut, .cancelled: ""
            case .awaitingAllocation, .recorded: "amber"
            default: ""
            }
        return .span(.class("badge \(colour)"), .text(code.label))
    }

    static func priorityBadge(_ priority: CrimePriority) -> PageContent {
        .span(.class("badge \(priority == .one ? "red" : priority == .two ? "amber" : "")"), .text(priority.label))
    }

    static func flagList(_ flags: CrimeFlags) -> String {
        CrimeFlags.all.filter { flags.contains($0) }.compactMap(\.label).joined(separator: ", ")
    }

    static func cell(_ label: String, _ content: PageContent) -> Node<HTML.TableRowContext> {
        .td(.attribute(named: "data-label", value: label), .component(content))
    }

    /// A radio button in its label; `id` for the first of a group, which an error summary links to.
    static func radio(name: String, value: String, label: String, checked: Bool, id: String? = nil) -> PageContent {
        .label(
            .selfClosedElement(
                named: "input",
                attributes: inputAttributes("radio", name, value, checked) + (id.map { [.id($0)] } ?? [])),
            .text(label))
    }

    static func checkbox(name: String, value: String, label: String, checked: Bool) -> PageContent {
        .label(
            .selfClosedElement(named: "input", attributes: inputAttributes("checkbox", name, value, checked)),
            .text(label))
    }

    static func inputAttributes(_ type: String, _ name: String, _ value: String, _ checked: Bool) -> [Attribute<
        HTML.InputContext
    >] {
        var attributes: [Attribute<HTML.InputContext>] = [
            .attribute(named: "type", value: type), .attribute(named: "name", value: name),
            .attribute(named: "value", value: value),
        ]
        if checked { attributes.append(.attribute(named: "checked", value: "checked")) }
        return attributes
    }

    /// A labelled multi-line text field.
    /// `id` defaults to the name (give one when two forms on a page share a field name); `error` shows the field's
    /// message and marks it invalid.
    static func textarea(
        _ label: String, name: String, value: String, hint: String? = nil, id: String? = nil, error: String? = nil
    ) -> PageContent {
        let id = id ?? name
        return .div(
            .class(error == nil ? "field" : "field field-error"),
            .label(.for(id), .text(label)),
            .unwrap(hint) { .p(.class("hint"), .id("\(id)-hint"), .text($0)) },
            Part.fieldError(id: id, error),
            .textarea(
                .name(name), .id(id), .attribute(named: "rows", value: "3"),
                .attribute(named: "aria-invalid", value: error == nil ? "" : "true"),
                .attribute(
                    named: "aria-describedby",
                    value: Part.describedBy(id: id, hint: hint != nil, error: error != nil) ?? ""),
                .text(value))
        )
    }
}
