import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/safeguarding/orders/{id}`: one DVPN and its DVPO — the people, the authorising officer, the 48-hour application
/// clock, the court's decision with the order's length, conditions and end, and breaches — with the forms to record
/// the hearing, the outcome and a breach.
struct ProtectionOrderPage {
    struct Model {
        var file: ProtectionOrderService.OrderFile
        var now: Date
        var canManage: Bool
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model
    var order: ProtectionOrder { model.file.order }

    func render() -> PageContent {
        .group(
            ProtectionOrderParts.pagesNav(current: "", bcu: order.bcu),
            Part.heading(
                order.stage == .orderMade ? "DVPO \(order.id)" : "DVPN \(order.id)",
                "\(order.stage.label) · \(order.bcu.name)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            facts(),
            breachesSection(),
            .if(model.canManage && order.stage == .notice, hearingForm()),
            .if(model.canManage && (order.stage == .notice || order.stage == .applied), outcomeForm()),
            .if(model.canManage, breachForm())
        )
    }

    func applicationStanding() -> PageContent {
        if let heard = order.applicationHeardAt {
            let inTime = order.applicationInTime ?? false
            return .group(
                .text("Heard \(ProtectionOrderParts.when(heard)) "),
                .span(.class(inTime ? "badge green" : "badge red"), .text(inTime ? "within 48 hours" : "late")))
        }
        if order.stage == .withdrawn { return .text("Withdrawn before a hearing") }
        return .span(
            .class(order.applicationOverdue(now: model.now) ? "badge red" : "badge amber"),
            .text(ProtectionOrderParts.timeLeft(until: order.applicationDueAt, now: model.now)))
    }

    func facts() -> PageContent {
        .dl(
            .class("facts"),
            .dt("Served on"), .dd(.text("\(model.file.perpetrator.name) (\(model.file.perpetrator.id))")),
            .dt("Protects"), .dd(.text("\(model.file.protected.name) (\(model.file.protected.id))")),
            .dt("Authorised by"), .dd(.text("\(order.authorisingRank.name) \(order.authorisingOfficer)")),
            .dt("Notice served"), .dd(.text(ProtectionOrderParts.when(order.noticeServedAt))),
            .dt("Notice conditions"), .dd(.text(order.noticeConditions)),
            .dt("Application due"), .dd(.text(ProtectionOrderParts.when(order.applicationDueAt))),
            .dt("Application"), .dd(applicationStanding()),
            .dt("Outcome"), .dd(.text(order.stage.label)),
            .unwrap(order.orderMadeAt) { made in
                .group(
                    .dt("Order made"), .dd(.text(ProtectionOrderParts.when(made))),
                    .dt("Length"), .dd(.text("\(order.orderDays ?? 0) days")),
                    .dt("Ends"), .dd(.text(ProtectionOrderParts.when(order.orderExpiresAt))),
                    .dt("Order conditions"), .dd(.text(order.orderConditions ?? "—")))
            },
            .unwrap(order.outcomeReason) { .group(.dt("Reason"), .dd(.text($0))) },
            .dt("Recorded by"), .dd(.text(order.recordedBy)))
    }

    func breachesSection() -> PageContent {
        let h = ProtectionOrderParts.header
        return .section(
            .id("breaches"),
            .h2("Breaches"),
            .if(model.file.breaches.isEmpty, .p("No breach is recorded.")),
            .if(
                !model.file.breaches.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .caption(.text("Breaches of the notice or order, in time order")),
                        .thead(.tr(h("When"), h("What happened"), h("Recorded by"))),
                        .tbody(
                            .forEach(model.file.breaches) { breach in
                                .tr(
                                    CrimeParts.cell("When", .text(ProtectionOrderParts.when(breach.occurredAt))),
                                    CrimeParts.cell("What happened", .text(breach.details)),
                                    CrimeParts.cell("Recorded by", .text(breach.recordedBy)))
                            })))))
    }

    func typed(_ form: String, _ field: String) -> String? {
        model.typed["form"] == form ? model.typed[field] : nil
    }

    func hearingForm() -> PageContent {
        .section(
            .id("hearing"),
            .h2("Record the application's hearing"),
            .form(
                .class("stack"), .method(.post), .action(Paths.protectionOrderChange(order.id, "hearing")),
                .component(Part.csrf(model.csrf)),
                .component(
                    ProtectionOrderParts.timeField("Heard at", name: "heard_at", value: typed("hearing", "heard_at"))),
                .component(ProtectionOrderParts.submitButton("Record the hearing"))))
    }

    func outcomeForm() -> PageContent {
        let outcomes: [ProtectionOrderStage] = [.orderMade, .refused, .withdrawn]
        return .section(
            .id("outcome"),
            .h2("Record the outcome"),
            .form(
                .class("stack"), .method(.post), .action(Paths.protectionOrderChange(order.id, "outcome")),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Outcome", name: "outcome", options: outcomes.map { ($0.rawValue, $0.label) },
                        selected: typed("outcome", "outcome"))),
                .component(
                    ProtectionOrderParts.timeField(
                        "Decided at", name: "decided_at", value: typed("outcome", "decided_at"))),
                .component(
                    Part.field(
                        "Length of order (days)", name: "days", value: typed("outcome", "days") ?? "", type: .number,
                        hint: "For an order made: 14 to 28 days, beginning with the day it is made (s.28(10))")),
                .component(
                    CrimeParts.textarea(
                        "Order conditions", name: "conditions", value: typed("outcome", "conditions") ?? "",
                        hint: "For an order made: what it prohibits or requires")),
                .component(
                    CrimeParts.textarea(
                        "Reason", name: "reason", value: typed("outcome", "reason") ?? "",
                        hint: "For a refusal or withdrawal: why")),
                .component(ProtectionOrderParts.submitButton("Record the outcome"))))
    }

    func breachForm() -> PageContent {
        .section(
            .id("new-breach"),
            .h2("Record a breach"),
            .form(
                .class("stack"), .method(.post), .action(Paths.protectionOrderChange(order.id, "breaches")),
                .component(Part.csrf(model.csrf)),
                .component(
                    ProtectionOrderParts.timeField(
                        "Occurred at", name: "occurred_at", value: typed("breaches", "occurred_at"))),
                .component(
                    CrimeParts.textarea(
                        "Details", name: "details", value: typed("breaches", "details") ?? "",
                        hint: "What happened and what was done (arrest under s.26 or s.29)")),
                .component(ProtectionOrderParts.submitButton("Record the breach"))))
    }
}
