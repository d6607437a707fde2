import BluelampCore
import BluelampPersistence
import Foundation
import Plot

/// `/crimes/new`: one screen for volume crime. Only the crime type, the BCU and when it was reported
/// are mandatory; errors name the field, and nothing is saved until the whole form is right.
struct CrimeNewPage {
    struct Model {
        var draft: CrimeDraft
        var bcus: [BCU]
        var errors: [FieldError]
        var csrf: String?
    }

    var model: Model

    func render() -> PageContent {
        let d = model.draft
        return .group(
            .p(.a(.href(Paths.crimes()), "← Crimes")),
            Part.heading(
                "Record a crime",
                "Only the fields marked required must be filled; the rest default (no flags, THRIVE low, no one recorded). "
                    + "The report then awaits its recording decision, due within the recording policy's allowance of the time reported."
            ),
            Part.errors(model.errors.map(\.description)),
            .form(
                .class("stack"), .method(.post), .action(Paths.crimes()),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Crime type (required)", name: "category",
                        options: CrimeCategory.allCases.map { ($0.code, $0.name) },
                        selected: d.category, includeAny: "Choose…")),
                .component(
                    Part.field(
                        "Offence", name: "offence", value: d.offenceDescription,
                        hint: "The finer offence, e.g. \"Burglary – residential\" (defaults to the crime type).")),
                .component(
                    Part.select(
                        "BCU (required)", name: "bcu", options: model.bcus.map { ($0.code, "\($0.code) \($0.name)") },
                        selected: d.bcu.isEmpty && model.bcus.count == 1 ? model.bcus[0].code : d.bcu,
                        includeAny: model.bcus.count == 1 ? nil : "Choose…")),
                .component(
                    Part.field(
                        "Reported at (required)", name: "reported_at", value: d.reportedAt, type: .datetimeLocal,
                        hint:
                            "When the report reached the police (London time). The recording decision is due within 24 hours."
                    )),
                .component(
                    Part.field("Location", name: "place", value: d.place, hint: "e.g. \"On or near Mare Street\"")),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Flags"),
                    .forEach(CrimeFlags.all) { flag in
                        .component(
                            CrimeParts.checkbox(
                                name: "flags[]", value: flag.code!, label: flag.label!,
                                checked: d.flags.contains(flag.code!)))
                    }),
                .fieldset(
                    .class("thrive"), .element(named: "legend", text: "THRIVE (all low unless changed)"),
                    .forEach(CrimeDraft.thriveElements) { element in
                        .component(
                            Part.select(
                                element.capitalized, name: "thrive_\(element)",
                                options: ThriveLevel.allCases.map { ($0.rawValue, $0.label) },
                                selected: d.thrive[element] ?? "low"))
                    }),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Solvability factors"),
                    .forEach(SolvabilityFactor.allCases) { factor in
                        .component(
                            CrimeParts.checkbox(
                                name: "factors[]", value: factor.code, label: factor.label,
                                checked: d.factors.contains(factor.code)))
                    }),
                .fieldset(
                    .class("checks"), .element(named: "legend", text: "Screening decision"),
                    .component(
                        CrimeParts.radio(
                            name: "decision", value: "investigate", label: "Investigate",
                            checked: d.decision != "screen_out")),
                    .component(
                        CrimeParts.radio(
                            name: "decision", value: "screen_out",
                            label: "Screen out (only when no factor or flag requires investigation)",
                            checked: d.decision == "screen_out"))),
                .component(
                    CrimeParts.textarea("Reason for screening out", name: "screen_out_reason", value: d.screenOutReason)
                ),
                person("Victim", "victim", d.victim),
                person("Suspect", "suspect", d.suspect),
                .button(.type(.submit), "Record the crime")
            )
        )
    }

    func person(_ label: String, _ prefix: String, _ p: PersonDraft) -> Node<HTML.FormContext> {
        .fieldset(
            .element(named: "legend", text: "\(label) (leave blank if none)"),
            .component(Part.field("Given name", name: "\(prefix)_given_name", value: p.givenName)),
            .component(Part.field("Family name", name: "\(prefix)_family_name", value: p.familyName)),
            .component(Part.field("Date of birth", name: "\(prefix)_date_of_birth", value: p.dateOfBirth, type: .date)),
            .component(
                Part.select(
                    "Contact preference", name: "\(prefix)_contact",
                    options: ContactPreference.allCases.map { ($0.rawValue, $0.label) },
                    selected: p.contactPreference.isEmpty ? "phone" : p.contactPreference))
        )
    }
}

/// `/crimes/:id/outcome`: the Home Office outcome type and its date.
struct CrimeOutcomePage {
    struct Model {
        var id: Int
        var reference: String
        var current: CrimeOutcome?
        var type: String
        var date: String
        var errors: [String]
        var csrf: String?
    }

    var model: Model

    func render() -> PageContent {
        .group(
            .p(.a(.href(Paths.crime(model.id)), .text("← Crime \(model.reference)"))),
            Part.heading(
                "Record the outcome",
                "Crime \(model.reference). The outcome is published on police.uk under the string shown beside each type."
            ),
            Part.errors(model.errors),
            .form(
                .class("stack"), .method(.post), .action(Paths.crimeOutcome(model.id)),
                .component(Part.csrf(model.csrf)),
                .component(
                    Part.select(
                        "Outcome type (required)", name: "outcome",
                        options: OutcomeType.allCases.map {
                            (String($0.rawValue), "\($0.rawValue): \($0.label) — \($0.policeUKOutcome.rawValue)")
                        },
                        selected: model.type, includeAny: "Choose…")),
                .component(Part.field("Date (required)", name: "date", value: model.date, type: .date)),
                .button(.type(.submit), "Record the outcome")
            )
        )
    }
}
