import Foundation

/// What an officer types on the "record a crime" screen, as text, before it is checked.
///
/// One screen serves volume crime: only the crime type, the BCU and when it was reported are
/// mandatory. Everything else has a sensible default (no flags, THRIVE all low, no location, no
/// people) or is needed only in a case that asks for it: a screen-out needs a reason; a person needs a
/// family name once any of their details is given; a date of birth must be a real date.
public struct CrimeDraft: Sendable, Hashable {
    public var category: String = ""
    public var offenceDescription: String = ""
    public var bcu: String = ""
    /// `YYYY-MM-DDTHH:MM` (an HTML `datetime-local` value) in `reportedAtZone`.
    public var reportedAt: String = ""
    /// The zone `reportedAt` is written in: UTC from the API, London time from the page's form.
    public var reportedAtZone: TimeZone = TimeZone(identifier: "UTC")!
    public var place: String = ""
    public var flags: [String] = []
    public var thrive: [String: String] = [:]
    public var factors: [String] = []
    /// `investigate` (the default) or `screen_out`.
    public var decision: String = "investigate"
    public var screenOutReason: String = ""
    public var victim = PersonDraft()
    public var suspect = PersonDraft()

    public init() {}

    /// The THRIVE elements in order, with their form names.
    public static let thriveElements = ["threat", "harm", "risk", "investigation", "vulnerability", "engagement"]
}

/// A person's details as typed.
public struct PersonDraft: Sendable, Hashable {
    public var givenName: String = ""
    public var familyName: String = ""
    /// `YYYY-MM-DD`.
    public var dateOfBirth: String = ""
    public var contactPreference: String = ""

    public init(
        givenName: String = "", familyName: String = "", dateOfBirth: String = "", contactPreference: String = ""
    ) {
        self.givenName = givenName
        self.familyName = familyName
        self.dateOfBirth = dateOfBirth
        self.contactPreference = contactPreference
    }

    var isBlank: Bool {
        [givenName, familyName, dateOfBirth].allSatisfy { $0.trimmingCharacters(in: .whitespaces).isEmpty }
    }
}

/// A problem with one field of a form, named as the page labels it.
public struct FieldError: Sendable, Hashable, CustomStringConvertible {
    /// The form field's name, e.g. `reported_at`.
    public var field: String
    /// The label shown on the page, e.g. "Reported at".
    public var label: String
    public var message: String

    public init(field: String, label: String, message: String) {
        self.field = field
        self.label = label
        self.message = message
    }

    public var description: String { "\(label): \(message)" }
}

/// Every problem found in a form.
public struct FieldErrors: Error, Sendable, Hashable {
    public var errors: [FieldError]

    public init(errors: [FieldError]) { self.errors = errors }
}

/// A checked draft: the report to record and the screening decision it was given.
public struct CheckedCrime: Sendable, Hashable {
    public var crime: Crime
    public var factors: Set<SolvabilityFactor>

    /// The report recorded as a crime at `at`, as if its recording decision came with it: for records made
    /// elsewhere and brought in whole (the demo, tests), never for a report made through Bluelamp.
    public func recordedAsCrime(at: Date, by: String = "Recording officer") -> CheckedCrime {
        var copy = self
        try? copy.crime.decideRecording(.crime, reason: nil, at: at, by: by)
        return copy
    }
}

extension CrimeDraft {
    /// Checks the draft at `now`: the report to record, awaiting its recording decision (issue 15: the decision
    /// is a separate act, due within the allowance, and the report's clock runs from `reportedAt`), with the
    /// screening the officer gave it, which applies once it is recorded as a crime; or every problem, each naming
    /// its field.
    public func check(now: Date, reference: String) -> Result<CheckedCrime, FieldErrors> {
        var errors: [FieldError] = []
        func fail(_ field: String, _ label: String, _ message: String) {
            errors.append(FieldError(field: field, label: label, message: message))
        }

        let category = CrimeCategory(code: category)
        if category == nil { fail("category", "Crime type", "choose the crime type") }
        let bcu = BCU(rawValue: bcu)
        if bcu == nil { fail("bcu", "BCU", "choose the BCU responsible") }

        let reported = CrimeDraft.parseDateTime(reportedAt, in: reportedAtZone)
        if reportedAt.trimmingCharacters(in: .whitespaces).isEmpty {
            fail("reported_at", "Reported at", "give the date and time the report reached the police")
        } else if reported == nil {
            fail("reported_at", "Reported at", "\"\(reportedAt)\" is not a date and time (YYYY-MM-DDTHH:MM)")
        } else if let reported, reported > now {
            fail("reported_at", "Reported at", "the report cannot be in the future")
        }

        var flagSet = CrimeFlags()
        for code in flags {
            guard let flag = CrimeFlags(codes: [code]) else {
                fail("flags", "Flags", "\"\(code)\" is not a crime flag")
                continue
            }
            flagSet.formUnion(flag)
        }

        var levels: [ThriveLevel] = []
        for element in CrimeDraft.thriveElements {
            let text = thrive[element] ?? ""
            if text.isEmpty {
                levels.append(.low)
            } else if let level = ThriveLevel(rawValue: text) {
                levels.append(level)
            } else {
                fail("thrive_\(element)", "THRIVE \(element)", "choose low, medium or high")
                levels.append(.low)
            }
        }
        let assessment = ThriveAssessment(
            threat: levels[0], harm: levels[1], risk: levels[2], investigation: levels[3], vulnerability: levels[4],
            engagement: levels[5])

        var factorSet = Set<SolvabilityFactor>()
        for code in factors {
            if let factor = SolvabilityFactor(rawValue: code) {
                factorSet.insert(factor)
            } else {
                fail("factors", "Solvability", "\"\(code)\" is not a solvability factor")
            }
        }
        let screening = SolvabilityScreening(factors: factorSet)
        var decision: ScreeningDecision?
        switch self.decision {
        case "screen_out":
            do {
                decision = try screening.screenOut(
                    priority: assessment.priority, flags: flagSet, reason: screenOutReason)
            } catch {
                switch error {
                case .screenOutReasonRequired:
                    fail("screen_out_reason", "Reason for screening out", "give the reason the crime is screened out")
                case .cannotScreenOut:
                    fail("decision", "Screening decision", error.description)
                }
            }
        case "investigate", "":
            decision = screening.screenIn(
                priority: assessment.priority, flags: flagSet, officerReason: "the officer chose to investigate")
        default:
            fail("decision", "Screening decision", "choose investigate or screen out")
        }

        var people: [CrimePerson] = []
        for (role, draft, prefix) in [(PersonRole.victim, victim, "victim"), (.suspect, suspect, "suspect")] {
            switch draft.check(prefix: prefix, label: role.label) {
            case .success(let person?): people.append(CrimePerson(role: role, person: person))
            case .success(nil): break
            case .failure(let problems): errors += problems.errors
            }
        }

        guard errors.isEmpty, let category, let bcu, let reported, let decision else {
            return .failure(FieldErrors(errors: errors))
        }
        let description = offenceDescription.trimmingCharacters(in: .whitespacesAndNewlines)
        let place = self.place.trimmingCharacters(in: .whitespacesAndNewlines)
        let crime = Crime(
            reference: reference, reportedAt: reported, recordedAt: nil, category: category,
            offenceDescription: description.isEmpty ? category.name : description, bcu: bcu,
            borough: nil, location: CrimeLocation(place: place.isEmpty ? CrimeLocation.noLocation : place),
            flags: flagSet, thrive: assessment, screening: decision, status: .awaitingRecordingDecision, people: people)
        return .success(CheckedCrime(crime: crime, factors: factorSet))
    }

    /// A `YYYY-MM-DD` day as the start of that UTC day; nil when it is not a real date.
    public static func parseDay(_ text: String) -> Date? {
        CalendarDay(text)?.start
    }

    /// `YYYY-MM-DDTHH:MM` or `YYYY-MM-DD HH:MM` (seconds allowed), in UTC unless another zone is given. A London
    /// time that does not exist (the hour the clocks skip in March) is refused.
    public static func parseDateTime(_ text: String, in zone: TimeZone = TimeZone(identifier: "UTC")!) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let parts = trimmed.split(whereSeparator: { $0 == "T" || $0 == " " })
        guard parts.count == 2, let day = DateOfBirth(String(parts[0])) else { return nil }
        let time = parts[1].split(separator: ":")
        guard time.count == 2 || time.count == 3, let hour = Int(time[0]), let minute = Int(time[1]),
            (0..<24).contains(hour), (0..<60).contains(minute)
        else { return nil }
        let second = time.count == 3 ? Int(time[2]) ?? -1 : 0
        guard (0..<60).contains(second) else { return nil }
        var components = DateComponents()
        components.year = day.year
        components.month = day.month
        components.day = day.day
        components.hour = hour
        components.minute = minute
        components.second = second
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        guard let date = calendar.date(from: components) else { return nil }
        // The calendar moves a skipped local time on by an hour; the time typed never happened.
        let back = calendar.dateComponents([.hour, .minute], from: date)
        guard back.hour == hour, back.minute == minute else { return nil }
        return date
    }
}

extension PersonDraft {
    /// The person, nil when every detail is blank, or the problems.
    func check(prefix: String, label: String) -> Result<PersonRecord?, FieldErrors> {
        if isBlank { return .success(nil) }
        var errors: [FieldError] = []
        let family = familyName.trimmingCharacters(in: .whitespaces)
        if family.isEmpty {
            errors.append(
                FieldError(
                    field: "\(prefix)_family_name", label: "\(label) family name",
                    message: "give the family name (or leave every \(label.lowercased()) field blank)"))
        }
        var dob: DateOfBirth?
        let dobText = dateOfBirth.trimmingCharacters(in: .whitespaces)
        if !dobText.isEmpty {
            dob = DateOfBirth(dobText)
            if dob == nil {
                errors.append(
                    FieldError(
                        field: "\(prefix)_date_of_birth", label: "\(label) date of birth",
                        message: "\"\(dobText)\" is not a date (YYYY-MM-DD)"))
            }
        }
        var preference = ContactPreference.phone
        if !contactPreference.isEmpty {
            if let chosen = ContactPreference(rawValue: contactPreference) {
                preference = chosen
            } else {
                errors.append(
                    FieldError(
                        field: "\(prefix)_contact", label: "\(label) contact preference",
                        message: "choose how they want to be contacted"))
            }
        }
        guard errors.isEmpty else { return .failure(FieldErrors(errors: errors)) }
        return .success(
            PersonRecord(
                name: PersonName(given: givenName.trimmingCharacters(in: .whitespaces), family: family),
                dateOfBirth: dob,
                contactPreference: preference))
    }
}
