import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/missing`: the BCU's people missing now (highest risk first), children returned without a return
/// home interview (with the hours since return; due within 72), and children repeat missing (3 or more episodes in
/// 90 days).
struct MissingPeoplePage {
    struct Model {
        var lists: MissingPersonService.BCULists
        var bcus: [BCU]
        var now: Date
        var canReport: Bool
        var notice: String?
    }

    var model: Model

    func render() -> PageContent {
        let h = ProtectionOrderParts.header
        let lists = model.lists
        let people = lists.people
        let missing = lists.missingNow.sorted { ($0.riskGrade, $1.reportedAt) > ($1.riskGrade, $0.reportedAt) }
        return .group(
            ProtectionOrderParts.pagesNav(current: "/safeguarding/missing", bcu: lists.bcu),
            Part.heading(
                "Missing people in \(lists.bcu.name)",
                "College of Policing APP: risk graded and reviewed; a child's return home interview within "
                    + "\(MissingPersonRules.returnInterviewHours) hours of return; 3 or more episodes in "
                    + "\(MissingPersonRules.repeatWindowDays) days is repeat missing."),
            ProtectionOrderParts.bcuChooser(model.bcus, current: lists.bcu) { Paths.missingPeople(bcu: $0) },
            Part.flash(model.notice),
            .if(model.canReport, .p(.a(.class("button"), .href(Paths.reportMissing), "Report a person missing"))),
            .dl(
                .class("facts"),
                .dt("Missing now"), .dd(.strong(.id("missing-count"), .text(String(missing.count)))),
                .dt("Children without a return home interview"),
                .dd(.strong(.id("no-interview-count"), .text(String(lists.withoutInterview.count)))),
                .dt("Children repeat missing"),
                .dd(.strong(.id("repeat-count"), .text(String(lists.repeatChildren.count))))),
            .section(
                .id("missing-now"),
                .h2("Missing now"),
                .if(missing.isEmpty, .p("Nobody is missing.")),
                .if(
                    !missing.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(.text("People not yet found, highest risk first")),
                            .thead(.tr(h("Person"), h("Child"), h("Risk"), h("Reported"), h("Missing for"))),
                            .tbody(
                                .forEach(missing) { episode in
                                    .tr(
                                        CrimeParts.cell(
                                            "Person",
                                            .a(
                                                .href(Paths.missingEpisode(episode.id)),
                                                .text(ProtectionOrderParts.name(episode.personID, people)))),
                                        CrimeParts.cell("Child", .text(episode.child ? "Yes" : "No")),
                                        CrimeParts.cell(
                                            "Risk",
                                            .span(
                                                .class(episode.riskGrade >= .medium ? "badge red" : "badge"),
                                                .text(episode.riskGrade.label))),
                                        CrimeParts.cell(
                                            "Reported", .text(ProtectionOrderParts.when(episode.reportedAt))),
                                        CrimeParts.cell(
                                            "Missing for",
                                            .text(
                                                ProtectionOrderParts.duration(
                                                    max(0, Int(model.now.timeIntervalSince(episode.reportedAt)))))))
                                }))))),
            .section(
                .id("without-interview"),
                .h2("Children returned without a return home interview"),
                .if(lists.withoutInterview.isEmpty, .p("Every child returned has had their interview.")),
                .if(
                    !lists.withoutInterview.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(
                                .text("Children back home with no interview recorded, longest since return first")),
                            .thead(.tr(h("Child"), h("Returned"), h("Hours since return"), h("Interview"))),
                            .tbody(
                                .forEach(lists.withoutInterview) { episode -> Node<HTML.TableContext> in
                                    let hours = Int(
                                        model.now.timeIntervalSince(episode.returnedAt ?? model.now) / 3_600)
                                    let late = hours >= MissingPersonRules.returnInterviewHours
                                    return .tr(
                                        CrimeParts.cell(
                                            "Child",
                                            .a(
                                                .href(Paths.missingEpisode(episode.id)),
                                                .text(ProtectionOrderParts.name(episode.personID, people)))),
                                        CrimeParts.cell(
                                            "Returned", .text(ProtectionOrderParts.when(episode.returnedAt))),
                                        CrimeParts.cell("Hours since return", .text(String(max(0, hours)))),
                                        CrimeParts.cell(
                                            "Interview",
                                            .span(
                                                .class(late ? "badge red" : "badge amber"),
                                                .text(late ? "Overdue" : "Due within 72 hours"))))
                                }))))),
            .section(
                .id("repeat"),
                .h2("Children repeat missing"),
                .if(lists.repeatChildren.isEmpty, .p("No child has gone missing 3 or more times in 90 days.")),
                .if(
                    !lists.repeatChildren.isEmpty,
                    .div(
                        .class("table-wrap"),
                        .table(
                            .class("responsive"),
                            .caption(.text("Children with 3 or more episodes reported in the last 90 days")),
                            .thead(
                                .tr(
                                    h("Child"), h("Episodes in 90 days"), h("Latest report"), h("Exploitation referral")
                                )),
                            .tbody(
                                .forEach(Array(lists.repeatChildren.indices)) { index -> Node<HTML.TableContext> in
                                    let item = lists.repeatChildren[index]
                                    return Node<HTML.TableContext>.tr(
                                        CrimeParts.cell(
                                            "Child",
                                            .a(
                                                .href(Paths.missingEpisode(item.episode.id)),
                                                .text(ProtectionOrderParts.name(item.episode.personID, people)))),
                                        CrimeParts.cell("Episodes in 90 days", .text(String(item.count))),
                                        CrimeParts.cell(
                                            "Latest report", .text(ProtectionOrderParts.when(item.episode.reportedAt))),
                                        CrimeParts.cell(
                                            "Exploitation referral",
                                            .text(
                                                item.episode.referralTo.map { "Referred to \($0)" } ?? "None recorded"))
                                    )
                                })))))
        )
    }
}
