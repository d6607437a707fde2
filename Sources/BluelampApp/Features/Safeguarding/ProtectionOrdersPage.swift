import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/orders`: the BCU's DVPNs whose DVPO application is due (with the time left, s.27's 48 hours with
/// Sundays and holidays left out) and DVPOs ending within a week, with the form to record a new DVPN. For the public
/// protection unit at a desk.
struct ProtectionOrdersPage {
    struct Model {
        var lists: ProtectionOrderService.BCULists
        var bcus: [BCU]
        var now: Date
        var canManage: Bool
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        let lists = model.lists
        let now = model.now
        let overdue = lists.applicationsDue.filter { $0.applicationOverdue(now: model.now) }.count
        return .group(
            ProtectionOrderParts.pagesNav(current: "/safeguarding/orders", bcu: lists.bcu),
            Part.heading(
                "DVPNs and DVPOs in \(lists.bcu.name)",
                "Crime and Security Act 2010, ss.24–33: the DVPO application is heard within 48 hours of the notice "
                    + "(Sundays, Christmas Day, Good Friday and bank holidays left out); an order lasts 14 to 28 days."),
            ProtectionOrderParts.bcuChooser(model.bcus, current: lists.bcu) { Paths.protectionOrders(bcu: $0) },
            Part.flash(model.notice),
            Part.errors(model.errors),
            .dl(
                .class("facts"),
                .dt("Applications due"), .dd(.strong(.id("due-count"), .text(String(lists.applicationsDue.count)))),
                .dt("Of them overdue"),
                .dd(.strong(.id("overdue-count"), .class(overdue > 0 ? "red" : ""), .text(String(overdue)))),
                .dt("Orders ending within \(ProtectionOrderService.expiringSoonDays) days"),
                .dd(.strong(.id("expiring-count"), .text(String(lists.expiring.count))))),
            .section(
                .id("applications-due"),
                .h2("DVPO applications due"),
                .if(lists.applicationsDue.isEmpty, .p("No DVPN awaits its application.")),
                .if(
                    !lists.applicationsDue.isEmpty,
                    ProtectionOrderParts.ordersTable(
                        lists.applicationsDue, people: lists.people,
                        caption: "DVPNs whose application is not yet heard, soonest due first",
                        columns: [
                            ("Served", { .text(ProtectionOrderParts.when($0.noticeServedAt)) }),
                            ("Due", { .text(ProtectionOrderParts.when($0.applicationDueAt)) }),
                            (
                                "Time left",
                                { order in
                                    .span(
                                        .class(order.applicationOverdue(now: now) ? "badge red" : "badge amber"),
                                        .text(ProtectionOrderParts.timeLeft(until: order.applicationDueAt, now: now)))
                                }
                            ),
                        ]))),
            .section(
                .id("expiring"),
                .h2("DVPOs ending soon"),
                .if(lists.expiring.isEmpty, .p("No DVPO ends within \(ProtectionOrderService.expiringSoonDays) days.")),
                .if(
                    !lists.expiring.isEmpty,
                    ProtectionOrderParts.ordersTable(
                        lists.expiring, people: lists.people,
                        caption: "DVPOs in force that end within a week, soonest first",
                        columns: [
                            ("Made", { .text(ProtectionOrderParts.when($0.orderMadeAt)) }),
                            ("Ends", { .text(ProtectionOrderParts.when($0.orderExpiresAt)) }),
                            (
                                "Time left",
                                { order in
                                    .text(
                                        order.orderExpiresAt.map { ProtectionOrderParts.timeLeft(until: $0, now: now) }
                                            ?? "—")
                                }
                            ),
                        ]))),
            .if(model.canManage, noticeForm())
        )
    }

    func noticeForm() -> PageContent {
        let typed = model.typed
        return .section(
            .id("new-notice"),
            .h2("Record a DVPN"),
            .form(
                .class("stack"), .method(.post), .action(Paths.protectionOrders()),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, "\($0.name) (\($0.code))") },
                        selected: typed["bcu"] ?? model.lists.bcu.code)),
                .component(
                    Part.field(
                        "Person served (record number)", name: "perpetrator_person_id",
                        value: typed["perpetrator_person_id"] ?? "", type: .number, required: true)),
                .component(
                    Part.field(
                        "Person protected (record number)", name: "protected_person_id",
                        value: typed["protected_person_id"] ?? "", type: .number, required: true)),
                .component(ProtectionOrderParts.timeField("Served at", name: "served_at", value: typed["served_at"])),
                .component(
                    Part.field(
                        "Authorising officer (officer number)", name: "authorising_officer_id",
                        value: typed["authorising_officer_id"] ?? "", type: .number, required: true,
                        hint: "A superintendent or above (s.24(1)); the rank is checked against the officer's record")),
                .component(
                    CrimeParts.textarea(
                        "Conditions", name: "conditions", value: typed["conditions"] ?? "",
                        hint:
                            "What the notice prohibits: molesting the person protected, entering or coming near the home"
                    )),
                .component(ProtectionOrderParts.submitButton("Record the DVPN"))))
    }
}
