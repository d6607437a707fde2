import BluelampCore
import Foundation
import Plot

/// The form that puts an offender on the register (issue 8): the person, the home address's area, MAPPA,
/// the first risk assessment and the offender manager. The initial notification's due day follows from
/// the registration date.
struct RSORegisterPage {
    struct Model {
        /// The BCUs the user manages offenders in; the form offers only these.
        var bcus: [BCU]
        var today: Date
        var csrf: String?
        var errors: [String] = []
        var form = RSORegistrationDraft()
    }

    var model: Model

    func render() -> PageContent {
        let f = model.form
        let boroughs = model.bcus.flatMap { bcu in bcu.boroughs.map { ($0, "\($0) (\(bcu.code))") } }
        return .group(
            .p(.a(.href(Paths.offenders), "← RSO caseload")),
            Part.heading(
                "Put an offender on the register",
                "Sexual Offences Act 2003, Part 2. The initial notification is due within \(RSONotificationRules.notificationPeriodDays) days of registration."
            ),
            Part.errors(model.errors),
            .form(
                .class("stack"), .method(.post), .action(Paths.registerOffender),
                .component(Part.csrf(model.csrf)),
                .h2("Person"),
                .component(Part.field("Given name", name: "given_name", value: f.givenName, required: true)),
                .component(Part.field("Family name", name: "family_name", value: f.familyName, required: true)),
                .component(
                    Part.field(
                        "Date of birth", name: "date_of_birth", value: f.dateOfBirth, type: .date, required: true)),
                .component(Part.field("PNC number", name: "pnc_number", value: f.pncNumber, hint: "Optional.")),
                .h2("Home address"),
                .component(
                    Part.select(
                        "BCU", name: "bcu", options: model.bcus.map { ($0.code, $0.name) }, selected: f.bcu,
                        includeAny: "Choose")),
                .component(
                    Part.select(
                        "Borough", name: "borough", options: boroughs, selected: f.borough, includeAny: "Choose")),
                .component(
                    Part.field(
                        "Area", name: "address_area", value: f.addressArea, required: true,
                        hint: "The neighbourhood patrol officers will know, such as Dalston.")),
                .component(
                    Part.field(
                        "Address", name: "address_line", value: f.addressLine, required: true,
                        hint: "First line; restricted to the record page.")),
                .h2("Management"),
                .component(
                    Part.select(
                        "MAPPA category", name: "mappa_category",
                        options: MAPPACategory.allCases.map { (String($0.rawValue), "\($0.label): \($0.description)") },
                        selected: f.mappaCategory)),
                .component(
                    Part.select(
                        "MAPPA level", name: "mappa_level",
                        options: MAPPALevel.allCases.map { (String($0.rawValue), "\($0.label): \($0.description)") },
                        selected: f.mappaLevel)),
                .component(
                    Part.select(
                        "Risk level (ARMS)", name: "risk_level",
                        options: OffenderRiskLevel.allCases.map { ($0.rawValue, $0.label) }, selected: f.riskLevel,
                        includeAny: "Choose")),
                .component(
                    Part.field(
                        "Date assessed", name: "assessed_on",
                        value: f.assessedOn.isEmpty ? OffenderCalendar.format(model.today) : f.assessedOn, type: .date,
                        required: true)),
                .component(
                    Part.field(
                        "Next review by", name: "review_due", value: f.reviewDue, type: .date,
                        hint: "Empty: a year after the assessment.")),
                .component(
                    Part.field(
                        "Offender manager", name: "manager", value: f.manager, required: true,
                        hint: "The offender manager's warrant number.")),
                .component(
                    Part.field(
                        "Registration date", name: "registered_on",
                        value: f.registeredOn.isEmpty ? OffenderCalendar.format(model.today) : f.registeredOn,
                        type: .date, required: true)),
                .button(.type(.submit), "Put on the register")
            )
        )
    }
}
