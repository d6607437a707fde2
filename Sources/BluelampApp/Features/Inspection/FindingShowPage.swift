import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// One finding: its words, where it stands, its history of status changes (who, why, when), its
/// evidence, and (for those who may manage it) the forms to move it on.
struct FindingShowPage {
    struct EvidenceRow: Hashable {
        var stored: StoredEvidence
        /// For an indicator link: the force-wide reading now.
        var reading: IndicatorReading?
    }

    struct Model {
        var detail: FindingDetail
        var areaName: String
        var frameworkName: String
        var reminder: FindingReminder?
        var evidence: [EvidenceRow]
        var canManage: Bool
        var csrf: String?
        var owners: [(Int, String)]
        var indicators: [IndicatorDefinition]
        var errors: [String] = []
        var notice: String?
    }

    var model: Model

    var finding: Finding { model.detail.stored.finding }

    func render() -> PageContent {
        let stored = model.detail.stored
        return .group(
            .p(.a(.href(Paths.findings()), "← Findings")),
            Part.heading(
                "\(finding.kind.label) \(finding.id)",
                "\(stored.inspectionTitle) · \(model.areaName) (\(model.frameworkName))"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .blockquote(
                .class("finding-text"), .unwrap(finding.leadIn) { .p(.class("muted"), .text($0)) },
                .p(.text(finding.text))),
            .dl(
                .class("facts"),
                .dt("Status"), .dd(InspectionPart.statusBadge(finding.status)),
                .dt("Owner"), .dd(.text(finding.owner ?? "No owner yet")),
                .dt("Due"),
                .dd(.text(InspectionPart.day(finding.due)), .text(" "), InspectionPart.reminderBadge(model.reminder)),
                .unwrap(model.detail.causeOfConcern) { cause in
                    .group(
                        .dt("Made under"),
                        .dd(
                            .a(.href(Paths.finding(cause.id)), .text("Cause of concern \(cause.finding.id)")),
                            .text(" "),
                            InspectionPart.statusBadge(cause.finding.status)))
                }
            ),
            recommendations(),
            history(),
            evidence(),
            .if(model.canManage, forms())
        )
    }

    private func recommendations() -> PageContent {
        .if(
            finding.kind == .causeOfConcern,
            .group(
                .h2("Recommendations"),
                .p(
                    .class("hint"),
                    "The cause of concern can close only when every recommendation is closed or superseded."),
                .ul(
                    .forEach(model.detail.recommendations) { rec in
                        .li(
                            .a(.href(Paths.finding(rec.id)), .text(rec.finding.id)), .text(" "),
                            InspectionPart.statusBadge(rec.finding.status),
                            .text(" \(InspectionPart.excerpt(rec.finding.text, limit: 140))"))
                    })
            ))
    }

    private func history() -> PageContent {
        .group(
            .h2("Status history"),
            .if(finding.history.isEmpty, .p(.class("muted"), "No change yet: the finding is as the report made it.")),
            .if(
                !finding.history.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        .thead(.tr(.th("When"), .th("Change"), .th("By"), .th("Why"))),
                        .tbody(
                            .forEach(finding.history) { change in
                                .tr(
                                    .td(
                                        .attribute(named: "data-label", value: "When"),
                                        .text(InspectionPart.time(change.at))),
                                    .td(
                                        .attribute(named: "data-label", value: "Change"),
                                        .text("\(change.from.label) → \(change.to.label)")),
                                    .td(.attribute(named: "data-label", value: "By"), .text(change.by)),
                                    .td(.attribute(named: "data-label", value: "Why"), .text(change.reason))
                                )
                            })
                    )))
        )
    }

    private func evidence() -> PageContent {
        .group(
            .h2("Evidence"),
            .if(model.evidence.isEmpty, .p(.class("muted"), "No evidence yet.")),
            .ul(
                .class("evidence"),
                .forEach(model.evidence) { row in
                    .li(
                        .class("card"),
                        .component(Self.evidenceBody(row)),
                        .p(
                            .class("hint"),
                            .text(
                                "Added by \(row.stored.evidence.addedBy), \(InspectionPart.time(row.stored.evidence.addedAt))"
                            ))
                    )
                })
        )
    }

    /// An evidence item's content: the note, the document link, or the indicator against its target.
    static func evidenceBody(_ row: EvidenceRow) -> PageContent {
        let evidence = row.stored.evidence
        switch evidence.kind {
        case .note:
            return .p(.text(evidence.text))
        case .document:
            return .p(
                .text("Document: "),
                .a(.href(Paths.evidenceDocument(row.stored.id)), .text(row.stored.document?.fileName ?? evidence.text)),
                .unwrap(row.stored.document) {
                    .span(
                        .class("muted"),
                        .text(
                            " (\($0.contentType), \(ByteCountFormatter.string(fromByteCount: Int64($0.size), countStyle: .file)))"
                        ))
                },
                .if(evidence.text != row.stored.document?.fileName, .text(" — \(evidence.text)")))
        case .indicator:
            guard let target = evidence.target else { return .p(.text(evidence.text)) }
            let met = row.reading.map { target.isMet(by: $0) } ?? false
            let unit = row.reading?.definition.unit ?? .count
            return .group(
                .p(
                    .text("Indicator: "),
                    .a(
                        .href(Paths.indicators(anchor: target.indicatorID)),
                        .text(row.reading?.definition.name ?? target.indicatorID)),
                    .text(
                        " — target \(InspectionPart.value(target.value, unit: unit)), now \(InspectionPart.value(row.reading?.value, unit: unit)) "
                    ),
                    met ? .span(.class("badge green"), "Target met") : .span(.class("badge amber"), "Not yet met")),
                .if(!evidence.text.isEmpty, .p(.text(evidence.text))))
        }
    }

    private func forms() -> PageContent {
        let next = finding.status.allowedNext
        return .group(
            .h2("Move it on"),
            .div(
                .class("form-grid"),
                .if(
                    !next.isEmpty,
                    .form(
                        .class("stack"), .method(.post), .action(Paths.findingStatus(model.detail.stored.id)),
                        .component(Part.csrf(model.csrf)),
                        .h3("Change status"),
                        .component(
                            Part.select(
                                "New status", name: "status", options: next.map { ($0.rawValue, $0.label) },
                                selected: nil)),
                        .component(
                            InspectionPart.textArea(
                                "Why", name: "reason", required: true, hint: "Recorded with your name and the time.")),
                        .button(.type(.submit), "Change status")
                    )),
                .if(next.isEmpty, .p(.class("muted"), .text("\(finding.status.label) is final."))),
                .form(
                    .class("stack"), .method(.post), .action(Paths.findingAssignment(model.detail.stored.id)),
                    .component(Part.csrf(model.csrf)),
                    .h3("Owner and due date"),
                    .component(
                        Part.select(
                            "Owner", name: "owner", options: model.owners.map { (String($0.0), $0.1) },
                            selected: model.detail.stored.ownerUserID.map(String.init), includeAny: "No owner")),
                    .component(
                        Part.field(
                            "Due", name: "due",
                            value: model.detail.stored.finding.due.map(InspectionJSON.dayString(of:)) ?? "",
                            type: .date)),
                    .button(.type(.submit), "Save")
                ),
                .form(
                    .class("stack"), .method(.post), .action(Paths.findingEvidence(model.detail.stored.id)),
                    .enctype(.multipartData),
                    .component(Part.csrf(model.csrf)),
                    .h3("Add evidence"),
                    .component(
                        Part.select(
                            "Kind", name: "kind",
                            options: [
                                ("note", "A note"), ("document", "A document"),
                                ("indicator", "An indicator and its target"),
                            ],
                            selected: "note")),
                    .component(
                        InspectionPart.textArea(
                            "Note or description", name: "text", hint: "For a note, the note itself.")),
                    .component(
                        Part.field(
                            "Document", name: "document", type: .file, hint: "PDF, Word, image or text; at most 5 MB.")),
                    .component(
                        Part.select(
                            "Indicator", name: "indicator", options: model.indicators.map { ($0.id, $0.name) },
                            selected: nil,
                            includeAny: "None")),
                    .component(
                        Part.field(
                            "Target value", name: "target", hint: "The value the indicator must reach, e.g. 5 for 5%.")),
                    .button(.type(.submit), "Add evidence")
                )
            )
        )
    }
}
