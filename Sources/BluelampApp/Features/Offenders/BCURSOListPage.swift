import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// The BCU's registered sex offenders for its frontline officers: who they are, roughly where, how risky,
/// and the conditions an officer on patrol could see broken (issue 8, "Frontline awareness"; PEEL 2016:
/// frontline teams did not know the RSOs in their area, `Citations.frontlineUnawareOfRSOs2016`). No restricted detail: no address line, date of
/// birth or PNC number.
struct BCURSOListPage {
    struct Row {
        var id: Int
        var name: String
        var initials: String
        var addressArea: String
        var borough: String
        var risk: OffenderRiskLevel
        var conditions: [RSOCondition]
    }

    struct Model {
        var bcu: BCU
        var rows: [Row]
        var total: Int
        var offset: Int
        var limit: Int
        var canDecide: Bool
        /// False for a frontline officer, who sees this list and nothing else of offender management.
        var canOpenRegister = true
    }

    var model: Model

    func render() -> PageContent {
        let path = Paths.offendersInBCU(model.bcu)
        return .group(
            Part.heading(
                "Registered sex offenders in \(model.bcu.name)",
                "For officers of \(model.bcu.code) on patrol: the area each lives in, their risk level and the conditions you could see broken. Your viewing is audited, name by name."
            ),
            .if(model.canOpenRegister, OffenderParts.links(bcus: [model.bcu], canDecide: model.canDecide)),
            Part.pager(basePath: path, query: [], offset: model.offset, limit: model.limit, total: model.total),
            .if(model.rows.isEmpty, .p("There are no registered sex offenders recorded in this BCU.")),
            .if(
                !model.rows.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Photo", "Name", "Area", "Risk", "Conditions relevant to patrol"]),
                        .tbody(
                            .forEach(model.rows) { row in
                                .tr(
                                    OffenderParts.cell(
                                        "Photo",
                                        .div(
                                            .class("photo"), .attribute(named: "role", value: "img"),
                                            .attribute(
                                                named: "aria-label", value: "No photograph held for \(row.name)"),
                                            .text(row.initials))),
                                    OffenderParts.cell("Name", .text(row.name)),
                                    OffenderParts.cell("Area", text: "\(row.addressArea), \(row.borough)"),
                                    OffenderParts.cell("Risk", OffenderParts.riskBadge(row.risk)),
                                    OffenderParts.cell(
                                        "Conditions relevant to patrol",
                                        row.conditions.isEmpty
                                            ? .span(.class("muted"), "None")
                                            : .ul(
                                                .class("plain"),
                                                .forEach(row.conditions) { c in
                                                    .li(.strong(.text(c.kind.label)), .text(": \(c.detail)"))
                                                }))
                                )
                            })
                    ))),
            Part.pager(basePath: path, query: [], offset: model.offset, limit: model.limit, total: model.total)
        )
    }
}

/// Wanted and outstanding suspects: days outstanding, flagged past 28 days, circulated or not, the officer
/// responsible, and the IOM cohort link (issue 8). The 2016 inspection found wanted persons and
/// outstanding suspects monitored actively (`Citations.wantedMonitoredActively2016`); this list keeps it so.
struct WantedListPage {
    struct Model {
        var today: Date
        var scopeLabel: String
        var bcus: [BCU]
        var selected: BCU?
        var suspects: [WantedSuspectEntry]
        var total: Int
        var offset: Int
        var limit: Int
        var canDecide: Bool
        /// The BCUs whose suspects the user may record an arrest, a circulation or an officer for.
        var canManage: Set<BCU> = []
        var csrf: String?
        var notice: String?
        var errors: [String] = []
        /// The suspect whose form was refused, whose row shows the errors.
        var failedID: Int?
    }

    var model: Model

    func render() -> PageContent {
        let flagged = model.suspects.count { $0.isFlagged(today: model.today) }
        let query = [("bcu", model.selected?.code ?? "")]
        return .group(
            Part.heading(
                "Wanted and outstanding suspects",
                "Named suspects not yet arrested (\(model.scopeLabel)), longest outstanding first. Over \(WantedSuspectRule.flagAfterDays) days is flagged."
            ),
            OffenderParts.links(bcus: model.selected.map { [$0] } ?? [], canDecide: model.canDecide),
            OffenderParts.bcuFilter(action: Paths.wanted(), bcus: model.bcus, selected: model.selected),
            Part.flash(model.notice),
            .if(model.failedID == nil, Part.errors(model.errors)),
            .if(
                flagged > 0,
                .p(
                    .class("red"),
                    .text(
                        "\(flagged) of the \(model.suspects.count) shown have been outstanding for more than \(WantedSuspectRule.flagAfterDays) days."
                    ))),
            Part.pager(
                basePath: Paths.wanted(), query: query, offset: model.offset, limit: model.limit,
                total: model.total),
            .if(
                !model.suspects.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(
                            [
                                "Suspect", "Offence", "Crime", "Outstanding", "Circulated", "Officer responsible",
                                "IOM cohort",
                            ]
                                + (model.canManage.isEmpty ? [] : ["Record"])),
                        .tbody(
                            .forEach(model.suspects) { s in
                                let days = s.daysOutstanding(today: model.today)
                                return .tr(
                                    OffenderParts.cell(
                                        "Suspect",
                                        .group(
                                            .text(s.name),
                                            .unwrap(s.dateOfBirth) {
                                                .span(.class("muted"), .text(" born \(UKDate.day($0))"))
                                            })),
                                    OffenderParts.cell("Offence", text: s.offence),
                                    OffenderParts.cell("Crime", text: s.crimeReference),
                                    OffenderParts.cell(
                                        "Outstanding",
                                        .group(
                                            .text(
                                                "\(OffenderParts.days(days)) (since \(OffenderParts.day(s.wantedSince)))"
                                            ),
                                            .if(
                                                s.isFlagged(today: model.today),
                                                .group(
                                                    .text(" "),
                                                    .span(
                                                        .class("badge red"),
                                                        .text("Over \(WantedSuspectRule.flagAfterDays) days")))))),
                                    OffenderParts.cell(
                                        "Circulated",
                                        text: s.circulated
                                            ? "Yes\(s.circulatedOn.map { ", \(OffenderParts.day($0))" } ?? "")" : "No"),
                                    OffenderParts.cell("Officer responsible", text: s.responsibleOfficerName ?? "None"),
                                    OffenderParts.cell(
                                        "IOM cohort",
                                        text: s.iomStrand.map { "\($0.label); lead \(s.iomLeadOfficerName ?? "none")" }
                                            ?? "—"),
                                    .if(
                                        !model.canManage.isEmpty,
                                        OffenderParts.cell(
                                            "Record", model.canManage.contains(s.bcu) ? actions(s) : .text("—")))
                                )
                            })
                    ))),
            Part.pager(
                basePath: Paths.wanted(), query: query, offset: model.offset, limit: model.limit,
                total: model.total)
        )
    }

    /// The row's forms: the arrest, the circulation (until circulated) and the officer responsible.
    private func actions(_ s: WantedSuspectEntry) -> PageContent {
        let today = OffenderCalendar.format(model.today)
        func form(_ action: String, _ label: String, name: String, type: HTMLInputType, value: String, button: String)
            -> PageContent
        {
            let id = "wanted-\(s.id)-\(action)"
            return .form(
                .class("inline"), .method(.post), .action("/offenders/wanted/\(s.id)/\(action)"),
                .component(Part.csrf(model.csrf)),
                type == .date
                    ? .component(
                        DateInput.fieldset(
                            legend: label,
                            DateInput.boxes(
                                name: name, id: id, value: value, withTime: false, required: true, describedBy: nil,
                                invalid: false)))
                    : .group(
                        .label(.for(id), .text(label)), .text(" "),
                        .input(.type(type), .name(name), .id(id), .value(value))),
                .text(" "),
                .button(.type(.submit), .text(button)))
        }
        return .group(
            .if(model.failedID == s.id, Part.errors(model.errors)),
            form("arrested", "Arrested on", name: "on", type: .date, value: today, button: "Record arrest"),
            .if(
                !s.circulated,
                form("circulated", "Circulated on", name: "on", type: .date, value: today, button: "Record circulation")
            ),
            form("officer", "Officer (warrant no.)", name: "warrant", type: .text, value: "", button: "Set officer"))
    }
}

/// The integrated offender management cohort with each member's lead officer.
struct IOMCohortPage {
    struct Model {
        var scopeLabel: String
        var bcus: [BCU]
        var selected: BCU?
        var members: [IOMMemberEntry]
        var total: Int
        var offset: Int
        var limit: Int
        var canDecide: Bool
    }

    var model: Model

    func render() -> PageContent {
        let query = [("bcu", model.selected?.code ?? "")]
        return .group(
            Part.heading(
                "Integrated offender management cohort",
                "People managed jointly by police, probation and partners (\(model.scopeLabel)), with their lead officer."
            ),
            OffenderParts.links(bcus: model.selected.map { [$0] } ?? [], canDecide: model.canDecide),
            OffenderParts.bcuFilter(
                action: Paths.integratedOffenderManagement, bcus: model.bcus, selected: model.selected),
            Part.pager(
                basePath: Paths.integratedOffenderManagement, query: query, offset: model.offset, limit: model.limit,
                total: model.total),
            .if(
                !model.members.isEmpty,
                .div(
                    .class("table-wrap"),
                    .table(
                        .class("responsive"),
                        OffenderParts.head(["Name", "BCU", "Strand", "Lead officer", "In the cohort since"]),
                        .tbody(
                            .forEach(model.members) { m in
                                .tr(
                                    OffenderParts.cell("Name", text: m.name),
                                    OffenderParts.cell("BCU", text: m.bcu.code),
                                    OffenderParts.cell("Strand", text: m.strand.label),
                                    OffenderParts.cell(
                                        "Lead officer",
                                        m.leadOfficerID.map {
                                            .a(.href(Paths.officer($0)), .text(m.leadOfficerName ?? "Officer \($0)"))
                                        } ?? .text("None")),
                                    OffenderParts.cell("In the cohort since", text: OffenderParts.day(m.joinedOn))
                                )
                            })
                    ))),
            Part.pager(
                basePath: Paths.integratedOffenderManagement, query: query, offset: model.offset, limit: model.limit,
                total: model.total)
        )
    }
}
