import BluelampCore
import Foundation
import Plot

/// `/organised-crime/policy`: the OCG policy in force (mapping deadline, re-assessment interval, the matrix's band
/// edges, what a lead responsible officer must hold) and the form an administrator changes it with.
struct OCGPolicyPage {
    struct Model {
        var version: Int
        var policy: OCGPolicy
        var createdBy: String
        var reason: String
        var errors: [String] = []
        var notice: String?
        var csrf: String?
        var typed: [String: String] = [:]
    }

    var model: Model

    func render() -> PageContent {
        let p = model.policy
        let t = model.typed
        return .group(
            Part.heading(
                "Organised crime group policy", "Version \(model.version), by \(model.createdBy): \(model.reason)"),
            Part.flash(model.notice),
            Part.errors(model.errors),
            .h2("The threat–harm–risk matrix"),
            .forEach(OCGScore.matrix) { d in
                .group(.h3(.text(d.dimension)), .ol(.forEach(d.levels) { .li(.text($0)) }))
            },
            .form(
                .class("stack"), .method(.post), .action("/organised-crime/policy"),
                .h2("Change the policy"),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.field(
                        "Map within (days)", name: "mapping_days", value: t["mapping_days"] ?? String(p.mappingDays))),
                .component(
                    Part.field(
                        "Re-assess every (days)", name: "reassessment_days",
                        value: t["reassessment_days"] ?? String(p.reassessmentDays))),
                .component(
                    Part.field("Band 1 from (total)", name: "band1_from", value: t["band1_from"] ?? String(p.band1From))
                ),
                .component(
                    Part.field("Band 2 from (total)", name: "band2_from", value: t["band2_from"] ?? String(p.band2From))
                ),
                .component(
                    Part.select(
                        "Lead officer's rank", name: "lead_minimum_rank",
                        options: Rank.allCases.map { ($0.rawValue, $0.name) },
                        selected: t["lead_minimum_rank"] ?? p.leadMinimumRank.rawValue)),
                .component(
                    Part.select(
                        "Lead officer's PIP level", name: "lead_minimum_pip",
                        options: PIPLevel.allCases.map { (String($0.rawValue), $0.label) },
                        selected: t["lead_minimum_pip"] ?? String(p.leadMinimumPIP.rawValue))),
                .component(CrimeParts.textarea("Reason", name: "reason", value: t["reason"] ?? "")),
                .button(.type(.submit), "Save a new version"))
        )
    }
}
