import Foundation

/// The force's organised crime group policy, kept as versions an administrator edits (who and why recorded, like
/// the supervision policy): the mapping deadline, the re-assessment interval, the threat–harm–risk matrix's band
/// edges and what a lead responsible officer must hold.
///
/// PEEL 2016 (Metropolitan, AFI9): "maps all organised crime groups promptly following identification and
/// re-assesses them at regular intervals in line with national standards". The national OCG mapping guidance
/// (HMICFRS glossary, "OCG mapping": a numerical threat score that places the group in a band) is not public, and
/// its timescales could not be found in the sources Bluelamp cites, so the defaults are Bluelamp's own, stated
/// here and changeable by the force: mapped within 28 days of identification, re-assessed at least every 91 days
/// (a quarter). AFI11 asks for "capable" lead responsible officers: by default an inspector or above accredited
/// to PIP2 or higher.
public struct OCGPolicy: Sendable, Hashable, Codable {
    public var mappingDays: Int
    public var reassessmentDays: Int
    /// The lowest total (threat + harm + risk, 3–15) in band 1, the highest.
    public var band1From: Int
    /// The lowest total in band 2; anything lower is band 3.
    public var band2From: Int
    public var leadMinimumRank: Rank
    public var leadMinimumPIP: PIPLevel

    public init(
        mappingDays: Int, reassessmentDays: Int, band1From: Int, band2From: Int, leadMinimumRank: Rank,
        leadMinimumPIP: PIPLevel
    ) {
        self.mappingDays = mappingDays
        self.reassessmentDays = reassessmentDays
        self.band1From = band1From
        self.band2From = band2From
        self.leadMinimumRank = leadMinimumRank
        self.leadMinimumPIP = leadMinimumPIP
    }

    public static let standard = OCGPolicy(
        mappingDays: 28, reassessmentDays: 91, band1From: 12, band2From: 8, leadMinimumRank: .inspector,
        leadMinimumPIP: .pip2)

    /// The limits an administrator may set for either deadline: a day to a year.
    public static let allowedDays = 1...365

    // MARK: - Deadlines

    /// The last day a group identified on `identifiedOn` may be first mapped.
    public func mappingDue(identifiedOn: CalendarDay) -> CalendarDay { identifiedOn.adding(days: mappingDays) }

    /// The last day a group last scored on `lastScoredOn` may be re-assessed.
    public func reassessmentDue(lastScoredOn: CalendarDay) -> CalendarDay {
        lastScoredOn.adding(days: reassessmentDays)
    }

    /// Where a managed group stands on `today`: awaiting its first mapping (and whether overdue), or mapped with
    /// its next re-assessment due (and whether overdue). A group no longer managed is `.closed`.
    public func mappingState(
        status: OCGStatus, identifiedOn: CalendarDay, lastScoredOn: CalendarDay?, today: CalendarDay
    )
        -> OCGMappingState
    {
        guard status.isManaged else { return .closed }
        guard let lastScoredOn else {
            let due = mappingDue(identifiedOn: identifiedOn)
            return today > due ? .mappingOverdue(due: due) : .awaitingMapping(due: due)
        }
        let due = reassessmentDue(lastScoredOn: lastScoredOn)
        return today > due ? .reassessmentOverdue(due: due) : .mapped(nextDue: due)
    }

    // MARK: - Bands

    /// The band of a total score: 1 (the highest threat) to 3.
    public func band(total: Int) -> OCGBand {
        if total >= band1From { return .band1 }
        if total >= band2From { return .band2 }
        return .band3
    }

    // MARK: - Lead responsible officers

    /// Whether an officer may lead the force's work against a group, and if not, why not.
    public func leadEligibility(rank: Rank, pipLevel: PIPLevel?) -> LeadEligibility {
        var reasons: [String] = []
        if rank < leadMinimumRank {
            reasons.append("holds the rank of \(rank.name.lowercased()), below \(leadMinimumRank.name.lowercased())")
        }
        if pipLevel.map({ $0 < leadMinimumPIP }) ?? true {
            reasons.append("is not accredited to \(leadMinimumPIP.label) or higher")
        }
        return reasons.isEmpty ? .eligible : .ineligible(reasons)
    }

    // MARK: - Checking a new version

    /// The policy an administrator asks for, or every problem.
    public static func check(
        mappingDays: String, reassessmentDays: String, band1From: String, band2From: String, leadMinimumRank: String,
        leadMinimumPIP: String, reason: String
    ) -> Result<(policy: OCGPolicy, reason: String), FieldErrors> {
        var errors: [FieldError] = []
        func number(_ text: String, _ field: String, _ label: String, _ range: ClosedRange<Int>) -> Int? {
            guard let value = Int(text.trimmingCharacters(in: .whitespaces)), range.contains(value) else {
                errors.append(
                    FieldError(
                        field: field, label: label,
                        message: "give a whole number from \(range.lowerBound) to \(range.upperBound)"))
                return nil
            }
            return value
        }
        let mapping = number(mappingDays, "mapping_days", "Map within (days)", allowedDays)
        let reassess = number(reassessmentDays, "reassessment_days", "Re-assess every (days)", allowedDays)
        let b1 = number(band1From, "band1_from", "Band 1 from (total)", OCGScore.totalRange)
        let b2 = number(band2From, "band2_from", "Band 2 from (total)", OCGScore.totalRange)
        if let b1, let b2, b2 >= b1 {
            errors.append(
                FieldError(field: "band2_from", label: "Band 2 from (total)", message: "must be below band 1's edge"))
        }
        let rank = Rank(rawValue: leadMinimumRank)
        if rank == nil {
            errors.append(
                FieldError(field: "lead_minimum_rank", label: "Lead officer's rank", message: "choose a rank"))
        }
        let pip = Int(leadMinimumPIP).flatMap(PIPLevel.init(rawValue:))
        if pip == nil {
            errors.append(
                FieldError(field: "lead_minimum_pip", label: "Lead officer's PIP level", message: "choose a PIP level"))
        }
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        if why.isEmpty {
            errors.append(FieldError(field: "reason", label: "Reason", message: "say why the policy changes"))
        }
        guard errors.isEmpty, let mapping, let reassess, let b1, let b2, let rank, let pip else {
            return .failure(FieldErrors(errors: errors))
        }
        return .success(
            (
                OCGPolicy(
                    mappingDays: mapping, reassessmentDays: reassess, band1From: b1, band2From: b2,
                    leadMinimumRank: rank, leadMinimumPIP: pip), why
            ))
    }
}

/// Where a group's mapping stands on a day.
public enum OCGMappingState: Sendable, Hashable {
    /// From the deadlines a group's records keep: its first mapping's (set when it was identified) and, once
    /// mapped, the next re-assessment's (set by its last scoring), each under the policy in force at the time.
    public static func of(status: OCGStatus, firstMappingDue: CalendarDay, nextDue: CalendarDay?, today: CalendarDay)
        -> OCGMappingState
    {
        guard status.isManaged else { return .closed }
        guard let nextDue else {
            return today > firstMappingDue
                ? .mappingOverdue(due: firstMappingDue) : .awaitingMapping(due: firstMappingDue)
        }
        return today > nextDue ? .reassessmentOverdue(due: nextDue) : .mapped(nextDue: nextDue)
    }

    case awaitingMapping(due: CalendarDay)
    case mappingOverdue(due: CalendarDay)
    case mapped(nextDue: CalendarDay)
    case reassessmentOverdue(due: CalendarDay)
    case closed

    public var isOverdue: Bool {
        switch self {
        case .mappingOverdue, .reassessmentOverdue: true
        default: false
        }
    }

    public var label: String {
        switch self {
        case .awaitingMapping(let due): "Awaiting mapping, due by \(due.text)"
        case .mappingOverdue(let due): "Mapping overdue since \(due.text)"
        case .mapped(let next): "Mapped; re-assessment due by \(next.text)"
        case .reassessmentOverdue(let due): "Re-assessment overdue since \(due.text)"
        case .closed: "No longer managed"
        }
    }
}

/// Whether an officer may be a group's lead responsible officer.
public enum LeadEligibility: Sendable, Hashable {
    case eligible
    case ineligible([String])

    public var isEligible: Bool { self == .eligible }
}

/// A mapping band: 1 is the greatest threat.
public enum OCGBand: Int, CaseIterable, Codable, Sendable, Hashable, Comparable {
    case band1 = 1
    case band2 = 2
    case band3 = 3

    public var label: String { "Band \(rawValue)" }
    public static func < (lhs: OCGBand, rhs: OCGBand) -> Bool { lhs.rawValue < rhs.rawValue }
}
