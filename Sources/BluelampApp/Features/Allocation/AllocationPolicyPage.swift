import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/allocation/policy`: the allocation policy in force, edited as a form over its rules and caps or as
/// JSON, and every earlier version with who changed it, when and why.
struct AllocationPolicyPage {
    struct Model {
        var current: AllocationPolicyRevision
        /// The policy the form shows: the one in force, or what the administrator sent when it was refused.
        var shown: AllocationPolicy
        var json: String
        var history: [AllocationPolicyRevision]
        var csrf: String?
        var errors: [String] = []
        var reason: String = ""
        var notice: String?
        /// Which form the errors belong to: "form" or "json".
        var failedForm: String?
    }

    var model: Model

    func render() -> PageContent {
        let current = model.current
        return .group(
            Part.heading(
                "Allocation policy",
                "Version \(current.version), in force since \(AllocationPart.dateTime(current.createdAt)), by \(current.createdBy): "
                    + current.reason),
            Part.flash(model.notice),
            .p(
                .text(
                    "The rules are read in order and the first that matches a crime decides the PIP level, specialism and "
                        + "unit it needs. A change is checked as a whole: if anything is wrong, every problem is named and "
                        + "nothing is saved. Every change is a new version, recorded in the audit log.")),
            .if(model.failedForm == "form", Part.errors(model.errors)),
            form(),
            .h2("Edit as JSON"),
            .if(model.failedForm == "json", Part.errors(model.errors)),
            jsonForm(),
            .h2("Versions"),
            history()
        )
    }

    // MARK: - The form

    private func form() -> PageContent {
        let p = model.shown
        return .form(
            .class("stack wide"), .method(.post), .action(Paths.allocationPolicy()),
            .component(Part.csrf(model.csrf)),
            .input(.type(.hidden), .name("base_version"), .value(String(model.current.version))),
            .fieldset(
                .element(named: "legend", text: "Caseload caps (open crimes)"),
                .div(
                    .class("row"),
                    .forEach([PIPLevel.pip1, .pip2, .pip3]) { level in
                        .component(
                            Part.field(
                                level.label, name: "cap_pip\(level.rawValue)",
                                value: String(p.caseloadCaps.cap(for: level) ?? 0),
                                type: .number, required: true))
                    }),
                .component(
                    Part.field(
                        "Call out above", name: "call_out_above", value: String(p.callOutAbove), type: .number,
                        required: true,
                        hint:
                            "An officer holding more open crimes than this is named on their caseload and their team's, "
                            + "whatever their cap (\(Citations.novicesOver25Crimes.short))."))),
            .fieldset(
                .element(named: "legend", text: "Allocation deadlines (hours from recording)"),
                .div(
                    .class("row"),
                    .forEach(CrimePriority.allCases) { priority in
                        .component(
                            Part.field(
                                "Priority \(priority.rawValue)", name: "deadline_p\(priority.rawValue)",
                                value: String(p.deadlines.hours(priority: priority)), type: .number, required: true))
                    })),
            .fieldset(
                .element(named: "legend", text: "Costs the allocator weighs"),
                .div(
                    .class("row"),
                    .component(
                        Part.field(
                            "Per PIP level above the crime's", name: "overskill",
                            value: String(p.costs.overskillPerLevel), type: .number,
                            required: true)),
                    .component(
                        Part.field(
                            "Outside the crime's BCU", name: "cross_bcu", value: String(p.costs.crossBCU),
                            type: .number, required: true)),
                    .forEach(CrimePriority.allCases) { priority in
                        .component(
                            Part.field(
                                "Leaving a P\(priority.rawValue) crime waiting",
                                name: "unallocated_p\(priority.rawValue)",
                                value: String(p.costs.unallocatedCost(priority: priority.rawValue)), type: .number,
                                required: true))
                    })),
            .h3("Rules, first match decides"),
            .div(
                .class("table-wrap"),
                .table(
                    .class("responsive"),
                    .thead(
                        .tr(
                            .th("Rule"), .th("When"), .th("Level"), .th("Specialism"), .th("Unit"),
                            .th("Raise priority to"))),
                    .tbody(
                        .forEach(Array(p.rules.enumerated())) { index, rule in
                            outcomeRow(
                                prefix: "rule_\(index)", name: rule.name, when: Self.describe(rule.when),
                                outcome: rule.then)
                        },
                        outcomeRow(
                            prefix: "fallback", name: "Any other crime", when: "no rule above matched",
                            outcome: p.fallback)
                    ))),
            .p(.class("hint"), "Add, remove or reorder rules, or change their conditions, in the JSON below."),
            .component(
                AllocationPart.textArea(
                    "Why the policy changes", name: "reason", id: "reason",
                    value: model.failedForm == "form" ? model.reason : "",
                    required: true, hint: "Kept with the version and in the audit log.")),
            .button(.type(.submit), "Save as a new version")
        )
    }

    private func outcomeRow(prefix: String, name: String, when: String, outcome: AllocationOutcome) -> Node<
        HTML.TableContext
    > {
        .tr(
            AllocationPart.cell("Rule", name),
            AllocationPart.cell("When", when),
            AllocationPart.cell(
                "Level",
                AllocationPart.select(
                    "Level", name: "\(prefix)_level", id: "\(prefix)_level",
                    options: PIPLevel.allCases.map { (String($0.rawValue), $0.label) },
                    selected: String(outcome.level.rawValue))),
            AllocationPart.cell(
                "Specialism",
                AllocationPart.select(
                    "Specialism", name: "\(prefix)_specialism", id: "\(prefix)_specialism",
                    options: [("", "None")] + Specialism.allCases.map { ($0.code, "\($0.code): \($0.name)") },
                    selected: outcome.specialism?.code ?? "")),
            AllocationPart.cell(
                "Unit",
                AllocationPart.select(
                    "Unit", name: "\(prefix)_unit", id: "\(prefix)_unit",
                    options: AllocationUnitKind.allCases.map { ($0.rawValue, AllocationPart.unitLabel($0)) },
                    selected: outcome.unit.rawValue)),
            AllocationPart.cell(
                "Raise priority to",
                AllocationPart.select(
                    "Raise priority to", name: "\(prefix)_raise", id: "\(prefix)_raise",
                    options: [("", "No change")]
                        + CrimePriority.allCases.map { (String($0.rawValue), "P\($0.rawValue)") },
                    selected: outcome.raisePriorityTo.map { String($0.rawValue) } ?? ""))
        )
    }

    /// `Violence and sexual offences · flags: weapon · P1`
    static func describe(_ condition: AllocationCondition) -> String {
        var parts: [String] = []
        if !condition.categories.isEmpty {
            parts.append(
                condition.categories.count == CrimeCategory.allCases.count
                    ? "any crime type" : condition.categories.joined(separator: ", "))
        }
        if !condition.offenceContains.isEmpty {
            parts.append("offence mentions " + condition.offenceContains.map { "\"\($0)\"" }.joined(separator: " or "))
        }
        func labels(_ flags: CrimeFlags) -> [String] {
            CrimeFlags.all.filter { flags.contains($0) }.compactMap(\.label)
        }
        if !condition.allFlags.isEmpty {
            parts.append("flagged " + labels(condition.allFlags).joined(separator: " and ").lowercased())
        }
        if !condition.anyFlags.isEmpty {
            parts.append("flagged any of " + labels(condition.anyFlags).joined(separator: ", ").lowercased())
        }
        if !condition.priorities.isEmpty {
            parts.append(condition.priorities.map { "P\($0.rawValue)" }.joined(separator: " or "))
        }
        return parts.isEmpty ? "every crime" : parts.joined(separator: " · ")
    }

    // MARK: - JSON

    private func jsonForm() -> PageContent {
        .form(
            .class("stack wide"), .method(.post), .action(Paths.allocationPolicyJSON),
            .component(Part.csrf(model.csrf)),
            .input(.type(.hidden), .name("base_version"), .value(String(model.current.version))),
            .component(
                AllocationPart.textArea(
                    "Policy (JSON)", name: "policy", id: "policy", value: model.json, rows: 24, required: true,
                    hint:
                        "Levels are 1–4; specialisms \(Specialism.allCases.map(\.code).joined(separator: ", ")); units "
                        + "\(AllocationUnitKind.allCases.map(\.rawValue).joined(separator: ", ")); flags "
                        + "\(CrimeFlags.all.compactMap(\.code).joined(separator: ", ")); priorities 1–3.")),
            .component(
                AllocationPart.textArea(
                    "Why the policy changes", name: "reason", id: "json-reason",
                    value: model.failedForm == "json" ? model.reason : "",
                    required: true)),
            .button(.type(.submit), "Check and save as a new version")
        )
    }

    private func history() -> PageContent {
        .div(
            .class("table-wrap"),
            .table(
                .class("responsive"),
                .thead(.tr(.th("Version"), .th("When"), .th("Who"), .th("Why"), .th("Caps"))),
                .tbody(
                    .forEach(model.history) { revision in
                        .tr(
                            AllocationPart.cell(
                                "Version",
                                .a(
                                    .href(Paths.allocationPolicyVersion(revision.version)),
                                    .text("Version \(revision.version)"))),
                            AllocationPart.cell("When", AllocationPart.dateTime(revision.createdAt)),
                            AllocationPart.cell("Who", revision.createdBy),
                            AllocationPart.cell("Why", revision.reason),
                            AllocationPart.cell(
                                "Caps",
                                "\(revision.policy.caseloadCaps.pip1) / \(revision.policy.caseloadCaps.pip2) / \(revision.policy.caseloadCaps.pip3)"
                            )
                        )
                    })
            ))
    }
}

/// `/allocation/policy/versions/:version`: one version as it was saved.
struct AllocationPolicyVersionPage {
    var revision: AllocationPolicyRevision

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.allocationPolicy()), "← Allocation policy")),
            Part.heading(
                "Allocation policy, version \(revision.version)",
                "Saved \(AllocationPart.dateTime(revision.createdAt)) by \(revision.createdBy): \(revision.reason)"),
            .pre(.class("json"), .code(.text(String(decoding: revision.policy.json(), as: UTF8.self))))
        )
    }
}
