import Foundation

/// The level at which partners met. PEEL 2016 (Metropolitan, AFI8): "engage routinely with partner agencies at a
/// senior level"; a strategic meeting (chief officers, council directors, agency heads) is senior.
public enum MeetingSeniority: String, CaseIterable, Codable, Sendable, Hashable {
    case strategic
    case tactical
    case operational

    public var label: String {
        switch self {
        case .strategic: "Strategic (senior leaders)"
        case .tactical: "Tactical"
        case .operational: "Operational"
        }
    }

    public var isSenior: Bool { self == .strategic }
}

/// A partnership meeting on serious and organised crime: which agencies came, at what level, what was decided and
/// what intelligence was shared. A BCU's meeting, or the force's (`bcu` is `.force`).
public struct PartnershipMeeting: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var bcu: BCU
    public var heldOn: CalendarDay
    public var seniority: MeetingSeniority
    public var agencies: [String]
    public var decisions: String
    public var intelligenceShared: String

    public init(
        id: Int, bcu: BCU, heldOn: CalendarDay, seniority: MeetingSeniority, agencies: [String], decisions: String,
        intelligenceShared: String
    ) {
        self.id = id
        self.bcu = bcu
        self.heldOn = heldOn
        self.seniority = seniority
        self.agencies = agencies
        self.decisions = decisions
        self.intelligenceShared = intelligenceShared
    }
}

public struct PartnershipMeetingDraft: Sendable, Hashable {
    public var bcu: String
    public var heldOn: String
    public var seniority: String
    public var agencies: String
    public var decisions: String
    public var intelligenceShared: String

    public init(
        bcu: String, heldOn: String, seniority: String, agencies: String, decisions: String, intelligenceShared: String
    ) {
        self.bcu = bcu
        self.heldOn = heldOn
        self.seniority = seniority
        self.agencies = agencies
        self.decisions = decisions
        self.intelligenceShared = intelligenceShared
    }

    public static let maxAgency = 120

    /// The meeting, or every problem: at least one partner agency besides the police, held on or before today.
    public func check(today: CalendarDay) -> Result<PartnershipMeeting, FieldErrors> {
        var errors: [FieldError] = []
        let unit = BCU(rawValue: bcu)
        if unit == nil { errors.append(FieldError(field: "bcu", label: "BCU", message: "choose a BCU or the force")) }
        let day = CalendarDay(heldOn.trimmingCharacters(in: .whitespaces))
        if day == nil {
            errors.append(FieldError(field: "held_on", label: "Date held", message: "enter a real date as YYYY-MM-DD"))
        } else if let day, day > today {
            errors.append(FieldError(field: "held_on", label: "Date held", message: "must be today or earlier"))
        }
        let level = MeetingSeniority(rawValue: seniority)
        if level == nil { errors.append(FieldError(field: "seniority", label: "Level", message: "choose the level")) }
        let list = OCGDraft.unique(OCGDraft.list(agencies))
        if list.isEmpty {
            errors.append(
                FieldError(field: "agencies", label: "Partner agencies", message: "name the partner agencies present"))
        } else if list.contains(where: { $0.count > Self.maxAgency }) || list.count > 40 {
            errors.append(
                FieldError(
                    field: "agencies", label: "Partner agencies",
                    message: "list 40 agencies or fewer, each \(Self.maxAgency) characters or fewer"))
        }
        let decided = decisions.trimmingCharacters(in: .whitespacesAndNewlines)
        if decided.isEmpty {
            errors.append(FieldError(field: "decisions", label: "Decisions", message: "record the decisions made"))
        } else if decided.count > OCGDraft.maxText {
            errors.append(
                FieldError(
                    field: "decisions", label: "Decisions", message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        let shared = intelligenceShared.trimmingCharacters(in: .whitespacesAndNewlines)
        if shared.count > OCGDraft.maxText {
            errors.append(
                FieldError(
                    field: "intelligence_shared", label: "Intelligence shared",
                    message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        guard errors.isEmpty, let unit, let day, let level else { return .failure(FieldErrors(errors: errors)) }
        return .success(
            PartnershipMeeting(
                id: 0, bcu: unit, heldOn: day, seniority: level, agencies: list, decisions: decided,
                intelligenceShared: shared))
    }
}

/// The serious and organised crime local profile: a dated document made with partners, with a review date.
/// PEEL 2016 (Metropolitan, AFI7): "further develop its serious and organised crime local profile in conjunction
/// with partner organisations". A profile counts as made with partners when at least one partner contributed,
/// and as in date on a day up to and including its review date.
public struct LocalProfile: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var bcu: BCU
    public var title: String
    public var publishedOn: CalendarDay
    public var reviewOn: CalendarDay
    public var partners: [String]
    public var summary: String

    public init(
        id: Int, bcu: BCU, title: String, publishedOn: CalendarDay, reviewOn: CalendarDay, partners: [String],
        summary: String
    ) {
        self.id = id
        self.bcu = bcu
        self.title = title
        self.publishedOn = publishedOn
        self.reviewOn = reviewOn
        self.partners = partners
        self.summary = summary
    }

    public var madeWithPartners: Bool { !partners.isEmpty }

    public func inDate(on day: CalendarDay) -> Bool { publishedOn <= day && day <= reviewOn }

    /// What AFI7 asks for, on `day`.
    public func meetsStandard(on day: CalendarDay) -> Bool { madeWithPartners && inDate(on: day) }

    /// A profile as entered, or every problem: published on or before today, reviewed within two years.
    public static func check(
        bcu: String, title: String, publishedOn: String, reviewOn: String, partners: String, summary: String,
        today: CalendarDay
    ) -> Result<LocalProfile, FieldErrors> {
        var errors: [FieldError] = []
        let unit = BCU(rawValue: bcu)
        if unit == nil { errors.append(FieldError(field: "bcu", label: "BCU", message: "choose a BCU or the force")) }
        let name = title.trimmingCharacters(in: .whitespacesAndNewlines)
        if name.isEmpty || name.count > OCGDraft.maxName {
            errors.append(
                FieldError(
                    field: "title", label: "Title", message: "enter a title of \(OCGDraft.maxName) characters or fewer")
            )
        }
        let published = CalendarDay(publishedOn.trimmingCharacters(in: .whitespaces))
        if published == nil {
            errors.append(
                FieldError(field: "published_on", label: "Date published", message: "enter a real date as YYYY-MM-DD"))
        } else if let published, published > today {
            errors.append(
                FieldError(field: "published_on", label: "Date published", message: "must be today or earlier"))
        }
        let review = CalendarDay(reviewOn.trimmingCharacters(in: .whitespaces))
        if review == nil {
            errors.append(
                FieldError(field: "review_on", label: "Review date", message: "enter a real date as YYYY-MM-DD"))
        } else if let review, let published, review <= published || published.days(to: review) > 731 {
            errors.append(
                FieldError(
                    field: "review_on", label: "Review date", message: "must be after publication and within two years")
            )
        }
        let list = OCGDraft.unique(OCGDraft.list(partners))
        if list.contains(where: { $0.count > PartnershipMeetingDraft.maxAgency }) || list.count > 40 {
            errors.append(
                FieldError(
                    field: "partners", label: "Contributing partners",
                    message: "list 40 partners or fewer, each \(PartnershipMeetingDraft.maxAgency) characters or fewer")
            )
        }
        let text = summary.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.count > OCGDraft.maxText {
            errors.append(
                FieldError(field: "summary", label: "Summary", message: "use \(OCGDraft.maxText) characters or fewer"))
        }
        guard errors.isEmpty, let unit, let published, let review else { return .failure(FieldErrors(errors: errors)) }
        return .success(
            LocalProfile(
                id: 0, bcu: unit, title: name, publishedOn: published, reviewOn: review, partners: list, summary: text))
    }
}

/// Intelligence a neighbourhood or response officer submits on a group (PEEL 2016, Metropolitan, AFI10:
/// neighbourhood teams able to "reliably identify these groups, collect intelligence and disrupt their activity").
public struct OCGIntelligence: Sendable, Hashable, Codable, Identifiable {
    public var id: Int
    public var groupID: Int
    public var submittedAt: Date
    public var submittedBy: String
    public var submitterUserID: Int?
    public var text: String

    public init(id: Int, groupID: Int, submittedAt: Date, submittedBy: String, submitterUserID: Int?, text: String) {
        self.id = id
        self.groupID = groupID
        self.submittedAt = submittedAt
        self.submittedBy = submittedBy
        self.submitterUserID = submitterUserID
        self.text = text
    }

    /// The intelligence text, or the problem.
    public static func check(_ text: String) -> Result<String, FieldErrors> {
        let t = text.trimmingCharacters(in: .whitespacesAndNewlines)
        if t.isEmpty {
            return .failure(
                FieldErrors(errors: [
                    FieldError(field: "text", label: "Intelligence", message: "describe what you saw or heard")
                ]))
        }
        if t.count > OCGDraft.maxText {
            return .failure(
                FieldErrors(errors: [
                    FieldError(
                        field: "text", label: "Intelligence", message: "use \(OCGDraft.maxText) characters or fewer")
                ]))
        }
        return .success(t)
    }
}
