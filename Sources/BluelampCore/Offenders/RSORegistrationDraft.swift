import Foundation

/// An offender put on the register, as the register form or the API sends it, before checking.
///
/// Field keys are those the API names (`given_name`, `risk_level`, `manager_warrant_number`, …); the page shows
/// each problem with its label.
public struct RSORegistrationDraft: Sendable, Hashable {
    public var givenName = ""
    public var familyName = ""
    /// `YYYY-MM-DD`.
    public var dateOfBirth = ""
    public var pncNumber = ""
    /// A territorial BCU's code.
    public var bcu = ""
    public var borough = ""
    public var addressArea = ""
    public var addressLine = ""
    public var mappaCategory = String(MAPPACategory.registeredSexualOffender.rawValue)
    public var mappaLevel = String(MAPPALevel.ordinaryAgencyManagement.rawValue)
    /// An `OffenderRiskLevel` raw value.
    public var riskLevel = ""
    public var assessedOn = ""
    /// Empty for a year after the assessment.
    public var reviewDue = ""
    /// The offender manager's warrant number.
    public var manager = ""
    public var registeredOn = ""

    public init() {}

    /// The BCU the draft names, if it is a territorial one (scope is checked on it before anything else).
    public var territorialBCU: BCU? {
        BCU(rawValue: bcu.trimmingCharacters(in: .whitespaces).uppercased()).flatMap { $0 == .force ? nil : $0 }
    }
}

/// A registration that passed the checks; the manager is still a warrant number for the service to look up.
public struct CheckedRSORegistration: Sendable, Hashable {
    public var name: PersonName
    public var dateOfBirth: DateOfBirth
    public var pncNumber: String?
    public var bcu: BCU
    public var borough: String
    public var addressArea: String
    public var addressLine: String
    public var mappaCategory: MAPPACategory
    public var mappaLevel: MAPPALevel
    public var registeredOn: Date
    public var assessment: OffenderRiskAssessment
    public var managerWarrantNumber: String
}

extension RSORegistrationDraft {
    /// Checks every field on `today`, naming each one wrong.
    public func check(today: Date) -> Result<CheckedRSORegistration, FieldErrors> {
        func trimmed(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }
        var errors: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            errors.append(FieldError(field: field, label: label, message: message))
        }
        if trimmed(givenName).isEmpty { fail("given_name", "Given name", "enter the person's given name.") }
        if trimmed(familyName).isEmpty { fail("family_name", "Family name", "enter the person's family name.") }
        let dob = DateOfBirth(trimmed(dateOfBirth))
        if dob == nil {
            fail("date_of_birth", "Date of birth", "enter a date such as 1970-03-14.")
        } else if let dob, let day = OffenderCalendar.parseDay(dob.text),
            OffenderCalendar.days(from: today, to: day) >= 0
        {
            fail("date_of_birth", "Date of birth", "it must be before today.")
        }
        let bcu = territorialBCU
        if bcu == nil { fail("bcu", "BCU", "choose the BCU that polices the home address.") }
        let borough = trimmed(borough)
        if let bcu, !bcu.boroughs.contains(borough) {
            fail(
                "borough", "Borough", "choose one of \(bcu.code)'s boroughs (\(bcu.boroughs.joined(separator: ", "))).")
        }
        if trimmed(addressArea).isEmpty {
            fail("address_area", "Address area", "enter the area of the home address, such as Dalston.")
        }
        if trimmed(addressLine).isEmpty { fail("address_line", "Address", "enter the home address's first line.") }
        let category = Int(trimmed(mappaCategory)).flatMap(MAPPACategory.init(rawValue:))
        if category == nil { fail("mappa_category", "MAPPA category", "choose category 1, 2 or 3.") }
        let level = Int(trimmed(mappaLevel)).flatMap(MAPPALevel.init(rawValue:))
        if level == nil { fail("mappa_level", "MAPPA level", "choose level 1, 2 or 3.") }
        let risk = OffenderRiskLevel(fileValue: riskLevel)
        if risk == nil { fail("risk_level", "Risk level", "choose low, medium, high or very high.") }
        let registered = OffenderCalendar.parseDay(trimmed(registeredOn))
        if registered == nil {
            fail("registered_on", "Registration date", "enter a date such as \(OffenderCalendar.format(today)).")
        } else if let registered, OffenderCalendar.days(from: today, to: registered) > 0 {
            fail("registered_on", "Registration date", "it cannot be after today.")
        }
        let assessed = OffenderCalendar.parseDay(trimmed(assessedOn))
        if assessed == nil {
            fail("assessed_on", "Date assessed", "enter a date such as \(OffenderCalendar.format(today)).")
        } else if let assessed, OffenderCalendar.days(from: today, to: assessed) > 0 {
            fail("assessed_on", "Date assessed", "an assessment cannot be recorded before it is made.")
        }
        // The same rule as a risk review: empty means a year after the assessment.
        let reviewText = trimmed(reviewDue)
        let reviewDue =
            reviewText.isEmpty
            ? assessed.map { OffenderCalendar.adding(months: 12, to: $0) } : OffenderCalendar.parseDay(reviewText)
        if reviewDue == nil {
            fail("review_due", "Next review", "enter a date, or leave it empty for a year after the assessment.")
        } else if let assessed, let reviewDue, OffenderCalendar.days(from: assessed, to: reviewDue) <= 0 {
            fail("review_due", "Next review", "it must come after the assessment.")
        }
        let warrant = trimmed(manager)
        if warrant.isEmpty {
            fail("manager_warrant_number", "Offender manager", "enter the offender manager's warrant number.")
        }
        guard errors.isEmpty, let dob, let bcu, let category, let level, let risk, let registered, let assessed,
            let reviewDue
        else { return .failure(FieldErrors(errors: errors)) }
        let pnc = trimmed(pncNumber)
        return .success(
            CheckedRSORegistration(
                name: PersonName(given: trimmed(givenName), family: trimmed(familyName)), dateOfBirth: dob,
                pncNumber: pnc.isEmpty ? nil : pnc, bcu: bcu, borough: borough, addressArea: trimmed(addressArea),
                addressLine: trimmed(addressLine), mappaCategory: category, mappaLevel: level, registeredOn: registered,
                assessment: OffenderRiskAssessment(assessedOn: assessed, level: risk, reviewDue: reviewDue),
                managerWarrantNumber: warrant))
    }
}
