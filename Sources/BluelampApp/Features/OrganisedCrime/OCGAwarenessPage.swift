import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/organised-crime/awareness`: for neighbourhood and response officers, the active organised crime groups in
/// their BCU — what to look for, the members' names (a photograph placeholder until custody images are linked) and
/// areas, and the lead responsible officer to tell — with a form to submit intelligence on a group (PEEL 2016,
/// Metropolitan, AFI10). Not the full record: no mapping scores, plan or crimes. One column, for a phone.
struct OCGAwarenessPage {
    struct Model {
        var entries: [OrganisedCrimeService.AwarenessEntry]
        var bcu: BCU?
        var bcus: [BCU]
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        .group(
            Part.heading(
                "Organised crime groups in your area",
                "Active groups in \(model.bcu.map { $0.name } ?? "your BCUs"): what to look for, who is involved, and "
                    + "who to tell."),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .if(
                model.bcus.count > 1,
                .form(
                    .class("filters"), .method(.get), .action("/organised-crime/awareness"),
                    .component(
                        Part.select(
                            "BCU", name: "bcu", options: OCGParts.bcuOptions(model.bcus), selected: model.bcu?.code,
                            includeAny: "All your BCUs")),
                    .button(.type(.submit), "Show"))),
            .if(model.entries.isEmpty, .p("There are no active organised crime groups recorded in your area.")),
            .forEach(model.entries) { entry in card(entry) }
        )
    }

    func card(_ entry: OrganisedCrimeService.AwarenessEntry) -> PageContent {
        let g = entry.group
        return .section(
            .class("card"), .id("group-\(g.id)"),
            .h2(.text("\(g.reference): \(g.name)")),
            .dl(
                .class("facts"),
                .dt("Criminality"), .dd(.text(g.criminality.map(\.label).joined(separator: "; "))),
                .dt("Where"),
                .dd(.text((g.boroughs.isEmpty ? g.bcus.map(\.name) : g.boroughs).joined(separator: ", "))),
                .dt("What to look for"), .dd(.text(g.indicators.isEmpty ? "No indicators recorded" : g.indicators)),
                .dt("Tell"),
                .dd(
                    .text(
                        entry.lead.map(OCGParts.officer)
                            ?? "No lead officer assigned: tell your BCU's intelligence unit"))
            ),
            .h3("Members"),
            .if(entry.members.isEmpty, .p("No members recorded.")),
            .ul(
                .class("people"),
                .forEach(entry.members) { m in
                    .li(
                        .span(
                            .class("photo-placeholder"), .attribute(named: "aria-hidden", value: "true"), .text("Photo")
                        ),
                        .text(" \(m.name) — \(m.role.label.lowercased())"))
                }),
            .form(
                .class("stack"), .method(.post), .action(Paths.ocgIntelligence(g.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    CrimeParts.textarea(
                        "Intelligence on \(g.reference)", name: "text-\(g.id)",
                        value: model.typed["text-\(g.id)"] ?? "",
                        hint: "What you saw or heard, where and when")),
                .button(.type(.submit), "Submit intelligence"))
        )
    }
}
