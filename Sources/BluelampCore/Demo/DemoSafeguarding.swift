import Foundation

/// A domestic abuse crime the demo may give a DASH: its victim, when it was reported, and the victim's domestic
/// abuse crimes (for potential escalation).
public struct DemoDashCase: Sendable, Hashable {
    public var crimeID: Int
    /// The crime's reference, which seeds its DASH (an id would not: see `SeededGenerator.stableHash`).
    public var reference: String
    public var personID: Int
    public var reportedAt: Date
    public var victimDADates: [Date]

    public init(crimeID: Int, reference: String, personID: Int, reportedAt: Date, victimDADates: [Date]) {
        self.crimeID = crimeID
        self.reference = reference
        self.personID = personID
        self.reportedAt = reportedAt
        self.victimDADates = victimDADates
    }
}

/// A DASH the demo records: its answers and score, the supervisor's review (or none yet) and the MARAC referral.
public struct DemoDash: Sendable {
    public var crimeID: Int
    public var personID: Int
    public var completedAt: Date
    public var answers: [DashAnswer]
    public var score: DashScore
    public var judgementReason: String?
    public var supervisionDueAt: Date
    public var review: DashReview?
    public var marac: MaracReferral
}

/// The demo's DASH risk assessments on domestic abuse crimes, as a pure function of the case and the seed. Rates
/// (Bluelamp's demo assumptions, shaped by the 2016 finding that DASH forms were not always completed or
/// supervised): about 9 in 10 crimes get a DASH, most within a day of the report; the levels spread roughly 60%
/// standard, 27% medium and 13% high, with about 1 in 25 raised on professional judgement; about 4 in 5 are
/// reviewed within 24 hours, most of the rest late, a few not yet; about 85% of high-risk cases are referred to
/// MARAC, and of those referred more than 14 days ago most have been heard.
public enum DemoSafeguarding {
    /// The share of crimes the demo flags mental health, in percent.
    public static let mentalHealthPercent = 4

    public static func dash(for crime: DemoDashCase, seed: UInt64, now: Date, policy: DashPolicy) -> DemoDash? {
        var rng = SeededGenerator(
            seed: seed &+ SeededGenerator.stableHash(crime.reference) &* 0xD1B5_4A32_D192_ED03 &+ 17)
        guard rng.chance(0.9) else { return nil }
        let completedAt = crime.reportedAt.addingTimeInterval(
            (rng.chance(0.85) ? Double.random(in: 0.5...12, using: &rng) : Double.random(in: 12...96, using: &rng))
                * 3_600)
        guard completedAt < now else { return nil }

        let band = Double.random(in: 0..<1, using: &rng)
        let yes =
            band < 0.6
            ? Int.random(in: 1...9, using: &rng)
            : band < 0.87 ? Int.random(in: 10...13, using: &rng) : Int.random(in: 14...21, using: &rng)
        let notKnown = Int.random(in: 0...min(3, DashChecklist.count - yes), using: &rng)
        var answers =
            Array(repeating: DashAnswer.yes, count: yes) + Array(repeating: .notKnown, count: notKnown)
            + Array(repeating: .no, count: DashChecklist.count - yes - notKnown)
        answers.shuffle(using: &rng)
        let scored = policy.level(yesCount: yes)
        let raise = scored < .high && rng.chance(0.04)
        let judgement: DashRiskLevel? = raise ? (scored == .standard ? .medium : .high) : nil
        let score = DashScoring.score(answers, judgement: judgement, policy: policy)

        let due = policy.supervisionDue(completedAt: completedAt)
        let roll = Double.random(in: 0..<1, using: &rng)
        let reviewedAt: Date? =
            roll < 0.8
            ? completedAt.addingTimeInterval(Double.random(in: 1...23.5, using: &rng) * 3_600)
            : roll < 0.96 ? due.addingTimeInterval(Double.random(in: 1...72, using: &rng) * 3_600) : nil
        var level = score.level
        var review: DashReview?
        if let reviewedAt, reviewedAt < now {
            let change = level < .high && rng.chance(0.05)
            let after: DashRiskLevel = change ? (level == .standard ? .medium : .high) : level
            review = DashReview(
                reviewedAt: reviewedAt, reviewer: "Public protection supervisor (DS)",
                decision: change ? .changed : .agreed, levelBefore: level, level: after,
                comments: change ? "Risk factors in the notes support a higher level." : "")
            level = after
        }

        let criteria = MaracRule.criteria(
            level: level, daDates: crime.victimDADates, at: completedAt, judgement: false, policy: policy)
        var status: MaracStatus = criteria.isEmpty ? .notRequired : .required
        var referredOn: CalendarDay?
        var meetingOn: CalendarDay?
        let referAt = completedAt.addingTimeInterval(Double.random(in: 1...5, using: &rng) * 86_400)
        let refers = criteria.contains(.highRisk) ? rng.chance(0.85) : rng.chance(0.6)
        if !criteria.isEmpty && refers && referAt < now {
            status = .referred
            referredOn = CalendarDay(containing: referAt, in: .london)
            let meeting = referAt.addingTimeInterval(Double.random(in: 7...21, using: &rng) * 86_400)
            if meeting < now {
                status = .heard
                meetingOn = CalendarDay(containing: meeting, in: .london)
            }
        }
        let marac = MaracReferral(
            criteria: criteria, status: status, referredOn: referredOn, meetingOn: meetingOn, notes: "",
            updatedAt: min(now, max(completedAt, referAt)))
        return DemoDash(
            crimeID: crime.crimeID, personID: crime.personID, completedAt: completedAt, answers: answers,
            score: DashScore(yesCount: score.yesCount, scoredLevel: score.scoredLevel, level: level),
            judgementReason: raise ? "Victim's account of escalating threats; officer's professional judgement." : nil,
            supervisionDueAt: due, review: review, marac: marac)
    }
}

/// A domestic abuse crime's victim link, for the demo's repeat victims.
public struct DemoDAVictimLink: Sendable, Hashable {
    public var linkID: Int
    public var bcu: String?
    public var reportedAt: Date
    public var personID: Int

    public init(linkID: Int, bcu: String?, reportedAt: Date, personID: Int) {
        self.linkID = linkID
        self.bcu = bcu
        self.reportedAt = reportedAt
        self.personID = personID
    }
}

extension DemoSafeguarding {
    /// The share of domestic abuse crimes whose victim the demo makes a victim of an earlier one in the same BCU.
    public static let repeatShare = 0.3

    /// Repeat victimisation: the demo's crimes each come with a new victim, but domestic abuse is repeated (about a
    /// third of victims, Bluelamp's demo assumption). Going through the links in time order, about `repeatShare` of
    /// them are given the victim of an earlier domestic abuse crime in the same BCU within the last 12 months,
    /// recent victims more often. Returns the links to change, with the person each now names.
    public static func repeatVictims(_ links: [DemoDAVictimLink], seed: UInt64) -> [(linkID: Int, personID: Int)] {
        var rng = SeededGenerator(seed: seed ^ 0x5AFE_6A4D)
        var pools: [String: [(personID: Int, at: Date)]] = [:]
        var changes: [(linkID: Int, personID: Int)] = []
        for link in links.sorted(by: { ($0.reportedAt, $0.linkID) < ($1.reportedAt, $1.linkID) }) {
            let key = link.bcu ?? ""
            var pool = pools[key, default: []].filter { link.reportedAt.timeIntervalSince($0.at) < 365 * 86_400 }
            var person = link.personID
            if !pool.isEmpty && rng.chance(repeatShare) {
                // Recent victims more often: the later half of the pool twice as likely.
                let index =
                    rng.chance(0.67)
                    ? Int.random(in: (pool.count / 2)..<pool.count, using: &rng)
                    : Int.random(in: 0..<pool.count, using: &rng)
                person = pool[index].personID
                pool.remove(at: index)
                changes.append((link.linkID, person))
            }
            pool.append((person, link.reportedAt))
            if pool.count > 400 { pool.removeFirst(pool.count - 400) }
            pools[key] = pool
        }
        return changes
    }
}
