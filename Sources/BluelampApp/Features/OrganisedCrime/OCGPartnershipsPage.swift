import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/organised-crime/partnerships`: partnership meetings on serious and organised crime (agencies, level,
/// decisions, intelligence shared) and the serious and organised crime local profiles (dated, with the partners who
/// contributed and a review date) — PEEL 2016, Metropolitan, AFI7 and AFI8.
struct OCGPartnershipsPage {
    struct Model {
        var meetings: [PartnershipMeeting]
        var profiles: [LocalProfile]
        var today: CalendarDay
        var bcus: [BCU]
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.ocgRegister()), .text("← Organised crime groups"))),
            Part.heading("Partners and the local profile"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            profiles(),
            meetings()
        )
    }

    func profiles() -> PageContent {
        let t = model.typed
        return .section(
            .id("profiles"), .h2("Local profiles"),
            .if(model.profiles.isEmpty, .p("No serious and organised crime local profile has been recorded.")),
            .if(
                !model.profiles.isEmpty,
                OCGParts.table(
                    caption: "Serious and organised crime local profiles, newest first",
                    headers: ["Area", "Title", "Published", "Review by", "Contributing partners", "Standing"],
                    rows: model.profiles.map { p in
                        .tr(
                            CrimeParts.cell("Area", .text(p.bcu.name)),
                            CrimeParts.cell("Title", .text(p.title)),
                            CrimeParts.cell("Published", .text(p.publishedOn.text)),
                            CrimeParts.cell("Review by", .text(p.reviewOn.text)),
                            CrimeParts.cell(
                                "Contributing partners",
                                .text(p.partners.isEmpty ? "None" : p.partners.joined(separator: ", "))),
                            CrimeParts.cell(
                                "Standing",
                                p.meetsStandard(on: model.today)
                                    ? .span(.class("badge"), .text("Made with partners, in date"))
                                    : .span(
                                        .class("badge amber"),
                                        .text(p.madeWithPartners ? "Past its review date" : "No partner contributed"))))
                    })),
            .form(
                .class("stack"), .method(.post), .action(Paths.ocgProfiles),
                .h3("Record a local profile"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Area", name: "profile_bcu", options: OCGParts.bcuOptions(model.bcus),
                        selected: t["profile_bcu"])),
                .component(Part.field("Title", name: "title", value: t["title"] ?? "", required: true)),
                .component(
                    Part.field(
                        "Published", name: "published_on", value: t["published_on"] ?? "", type: .date, required: true)),
                .component(
                    Part.field("Review by", name: "review_on", value: t["review_on"] ?? "", type: .date, required: true)
                ),
                .component(
                    Part.field(
                        "Contributing partners", name: "partners", value: t["partners"] ?? "",
                        hint: "Agencies separated by commas")),
                .component(CrimeParts.textarea("Summary", name: "summary", value: t["summary"] ?? "")),
                .button(.type(.submit), "Record profile"))
        )
    }

    func meetings() -> PageContent {
        let t = model.typed
        return .section(
            .id("meetings"), .h2("Partnership meetings"),
            .if(model.meetings.isEmpty, .p("No partnership meeting has been recorded.")),
            .if(
                !model.meetings.isEmpty,
                OCGParts.table(
                    caption: "Partnership meetings, newest first",
                    headers: ["Held", "Area", "Level", "Agencies", "Decisions", "Intelligence shared"],
                    rows: model.meetings.map { m in
                        .tr(
                            CrimeParts.cell("Held", .text(m.heldOn.text)),
                            CrimeParts.cell("Area", .text(m.bcu.name)),
                            CrimeParts.cell("Level", .text(m.seniority.label)),
                            CrimeParts.cell("Agencies", .text(m.agencies.joined(separator: ", "))),
                            CrimeParts.cell("Decisions", .text(m.decisions)),
                            CrimeParts.cell(
                                "Intelligence shared", .text(m.intelligenceShared.isEmpty ? "—" : m.intelligenceShared))
                        )
                    })),
            .form(
                .class("stack"), .method(.post), .action(Paths.ocgMeetings),
                .h3("Record a meeting"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select("Area", name: "bcu", options: OCGParts.bcuOptions(model.bcus), selected: t["bcu"])),
                .component(
                    Part.field("Held on", name: "held_on", value: t["held_on"] ?? "", type: .date, required: true)),
                .component(
                    Part.select(
                        "Level", name: "seniority", options: MeetingSeniority.allCases.map { ($0.rawValue, $0.label) },
                        selected: t["seniority"])),
                .component(
                    Part.field(
                        "Partner agencies", name: "agencies", value: t["agencies"] ?? "", required: true,
                        hint: "Separated by commas")),
                .component(CrimeParts.textarea("Decisions", name: "decisions", value: t["decisions"] ?? "")),
                .component(
                    CrimeParts.textarea(
                        "Intelligence shared", name: "intelligence_shared", value: t["intelligence_shared"] ?? "")),
                .button(.type(.submit), "Record meeting"))
        )
    }
}
