import BluelampCore
import BluelampPersistence
import Foundation
import Plot

struct OfficerShowPage {
    struct Model {
        var officer: OfficerSummary
        var defaultCap: Int?
        var today: Date
    }

    var model: Model

    func render() -> PageContent {
        let o = model.officer
        let cap = o.caseloadCapOverride ?? model.defaultCap
        return .group(
            .p(.a(.href(Paths.officers(bcu: o.bcu)), .text("← Officers in \(o.bcu.name)"))),
            Part.heading(
                "\(o.rank.abbreviation) \(o.givenName) \(o.familyName)",
                "\(o.rank.name), warrant number \(o.warrantNumber)"),
            .dl(
                .class("facts"),
                .dt("BCU"), .dd(.a(.href(Paths.bcu(o.bcu)), .text("\(o.bcu.name) (\(o.bcu.code))"))),
                .dt("Team"),
                .dd(
                    .unwrap(
                        o.teamID, { id in .a(.href(Paths.team(id)), .text(o.teamName ?? "Team \(id)")) },
                        else: .text("None"))),
                .dt("Investigator level"),
                .dd(.text(o.pipLevel.map { "\($0.label): \($0.description)" } ?? "Not an accredited investigator")),
                .dt("Caseload cap"),
                .dd(
                    .text(
                        cap.map {
                            "\($0) open crimes"
                                + (o.caseloadCapOverride != nil
                                    ? " (individual override)" : " (policy default for the level)")
                        } ?? "Takes no crimes")),
                .dt("Status"), .dd(.text(o.status.label + (o.status.takesNewWork ? "" : ": takes no new work")))
            ),
            .h2("Specialisms"),
            .if(o.specialisms.isEmpty, .p("No specialist accreditation.")),
            .if(
                !o.specialisms.isEmpty,
                .table(
                    .thead(.tr(.th("Specialism"), .th("Accredited until"), .th("State"))),
                    .tbody(
                        .forEach(o.specialisms) { s in
                            .tr(
                                .td(.text("\(s.specialism.name) (\(s.specialism.code))")),
                                .td(.text(Self.dateFormatter.string(from: s.accreditedUntil))),
                                .td(
                                    s.accreditedUntil < model.today
                                        ? .span(.class("badge red"), "Expired")
                                        : (s.accreditedUntil.timeIntervalSince(model.today) < 90 * 86400
                                            ? .span(.class("badge amber"), "Expires within 90 days")
                                            : .span(.class("badge green"), "Current")))
                            )
                        })
                ))
        )
    }

    static let dateFormatter: DateFormatter = {
        let f = DateFormatter()
        f.dateFormat = "d MMMM yyyy"
        f.locale = Locale(identifier: "en_GB")
        f.timeZone = TimeZone(identifier: "Europe/London")
        return f
    }()
}
