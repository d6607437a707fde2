import Foundation

/// A home visit as the offender manager records it, from the record page's form or the API, before checking.
///
/// Field keys (`visited_on`, `time`, `announced`, `outcome`, `officers`, `concerns`) are the names the form and
/// the API share, so a problem is shown beside its field on the page and at its JSON pointer in the API.
public struct RSOVisitDraft: Sendable, Hashable {
    /// `YYYY-MM-DD`.
    public var visitedOn: String = ""
    /// `HH:MM`, when the visit began.
    public var time: String = ""
    /// `yes` or `no`: whether the offender was told of the visit in advance.
    public var announced: String = ""
    /// A `VisitOutcome` raw value.
    public var outcome: String = ""
    /// The warrant numbers of the officers who went, separated by commas, spaces or semicolons.
    public var officers: String = ""
    public var devicesFound: Bool = false
    public var breachFound: Bool = false
    public var concerns: String = ""

    public init(
        visitedOn: String = "", time: String = "", announced: String = "", outcome: String = "", officers: String = "",
        devicesFound: Bool = false, breachFound: Bool = false, concerns: String = ""
    ) {
        self.visitedOn = visitedOn
        self.time = time
        self.announced = announced
        self.outcome = outcome
        self.officers = officers
        self.devicesFound = devicesFound
        self.breachFound = breachFound
        self.concerns = concerns
    }

    /// The warrant numbers typed, in order.
    public var warrantNumbers: [String] {
        officers.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }).map(String.init)
    }
}

/// A visit that passed the checks; the officers are still warrant numbers for the service to look up.
public struct CheckedRSOVisit: Sendable, Hashable {
    public var visitedOn: Date
    public var time: VisitTimeOfDay
    public var announced: Bool
    public var outcome: VisitOutcome
    public var warrantNumbers: [String]
    public var devicesFound: Bool
    public var breachFound: Bool
    public var concerns: String
}

extension RSOVisitDraft {
    /// Checks the visit on `today` for an offender registered on `registeredOn`: every problem, each naming its
    /// field, or the visit to record.
    public func check(today: Date, registeredOn: Date) -> Result<CheckedRSOVisit, FieldErrors> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            errors.append(FieldError(field: field, label: label, message: message))
        }
        let day = OffenderCalendar.parseDay(visitedOn.trimmingCharacters(in: .whitespaces))
        if day == nil {
            fail("visited_on", "Date of the visit", "enter a date such as \(OffenderCalendar.format(today)).")
        } else if let day, OffenderCalendar.days(from: today, to: day) > 0 {
            fail("visited_on", "Date of the visit", "a visit cannot be recorded before it happens.")
        } else if let day, OffenderCalendar.days(from: registeredOn, to: day) < 0 {
            fail("visited_on", "Date of the visit", "it is before the offender was registered.")
        }
        let time = VisitTimeOfDay(text: time.trimmingCharacters(in: .whitespaces))
        if time == nil { fail("time", "Time", "enter the time the visit began, such as 19:30.") }
        let announced: Bool? = ["yes": true, "no": false][announced]
        if announced == nil {
            fail("announced", "Announced", "say whether the offender was told of the visit in advance.")
        }
        let outcome = VisitOutcome(rawValue: outcome)
        if outcome == nil { fail("outcome", "Outcome", "choose seen, not at home, refused entry or address vacated.") }
        let warrants = warrantNumbers
        if warrants.isEmpty { fail("officers", "Officers", "enter the warrant number of each officer who went.") }
        if (devicesFound || breachFound) && concerns.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            fail("concerns", "Concerns", "describe what was found.")
        }
        if outcome != .seen && (devicesFound || breachFound) {
            fail(
                "concerns", "Concerns",
                "devices or a breach can be found only when the offender was seen and the home entered.")
        }
        guard errors.isEmpty, let day, let time, let announced, let outcome else {
            return .failure(FieldErrors(errors: errors))
        }
        return .success(
            CheckedRSOVisit(
                visitedOn: day, time: time, announced: announced, outcome: outcome, warrantNumbers: warrants,
                devicesFound: devicesFound, breachFound: breachFound, concerns: concerns))
    }
}
