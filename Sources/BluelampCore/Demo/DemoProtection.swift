import Foundation

/// The demo's DVPNs and DVPOs, Clare's Law requests and missing episodes over the last `days` days, per territorial
/// BCU, from the seed. Rates are per BCU per day at the Met's scale (about 3,000 DVPNs, 4,500 Clare's Law requests
/// and 40,000 missing reports a year across London, about two in three of a child), and a sixtieth of that at the
/// small scale. Compliance is imperfect, as the 2016 inspection found: some applications heard late, some decisions
/// late or not made, some children's interviews late or never done; a few children go missing again and again.
public struct DemoProtectionRecords: Sendable {
    public struct Person: Sendable, Hashable {
        public var given: String
        public var family: String
        public var dateOfBirth: CalendarDay
    }

    public struct Order: Sendable {
        public var bcu: BCU
        /// Indexes into `people`.
        public var perpetrator: Int
        public var protected: Int
        public var servedAt: Date
        public var applicationDueAt: Date
        public var heardAt: Date?
        public var stage: ProtectionOrderStage
        public var madeAt: Date?
        public var days: Int?
        public var expiresAt: Date?
        public var reason: String?
        public var breaches: [Date]
    }

    public struct Disclosure: Sendable {
        public var bcu: BCU
        public var route: DisclosureRoute
        public var personAtRisk: Int
        public var subject: Int
        public var applicant: String?
        public var receivedAt: Date
        public var decisionDueAt: Date
        public var decision: DisclosureDecision?
        public var decidedAt: Date?
    }

    public struct Episode: Sendable {
        public var bcu: BCU
        public var person: Int
        public var child: Bool
        public var reportedAt: Date
        public var lastSeenAt: Date
        public var grades: [(grade: MissingRiskGrade, reason: String, at: Date)]
        public var foundAt: Date?
        public var returnedAt: Date?
        public var interviewAt: Date?
        public var indicators: [ExploitationIndicator]
        public var referralAt: Date?
    }

    public var people: [Person] = []
    public var orders: [Order] = []
    public var disclosures: [Disclosure] = []
    public var episodes: [Episode] = []
}

public enum DemoProtection {
    /// Per territorial BCU per day at the Met's scale.
    static let noticesPerDay = 0.7
    static let disclosuresPerDay = 1.0
    static let missingPerDay = 9.0
    static let childShare = 0.65
    static let smallScaleDivisor = 60.0

    public static func generate(
        seed: UInt64, scale: DemoScale, now: Date, days: Int, calendar: BankHolidayCalendar
    ) throws -> DemoProtectionRecords {
        var rng = SeededGenerator(seed: seed ^ 0x5AFE_6A2D)
        var records = DemoProtectionRecords()
        let divisor = scale == .small ? smallScaleDivisor : 1
        let today = CalendarDay(containing: now, in: .london)
        let span = Double(days) * 86_400

        func person(age: ClosedRange<Int>) -> Int {
            let years = Int.random(in: age, using: &rng)
            let born = today.adding(days: -(years * 365 + Int.random(in: 0...364, using: &rng)))
            records.people.append(
                .init(given: rng.pick(DemoNames.given), family: rng.pick(DemoNames.family), dateOfBirth: born))
            return records.people.count - 1
        }
        func count(_ perDay: Double) -> Int {
            let expected = perDay * Double(days) / divisor
            return max(1, Int((expected * Double.random(in: 0.8...1.2, using: &rng)).rounded()))
        }
        func instant(before limit: Date, within seconds: Double) -> Date {
            limit.addingTimeInterval(-Double.random(in: 0..<seconds, using: &rng)).rounded()
        }

        for bcu in BCU.territorial {
            // DVPNs: most heard in time (about 85%), some late, a few withdrawn; most heard ones become orders.
            for _ in 0..<count(noticesPerDay) {
                let served = instant(before: now, within: span)
                let due = try ProtectionOrderRules.applicationDue(servedAt: served, calendar: calendar)
                var order = DemoProtectionRecords.Order(
                    bcu: bcu, perpetrator: person(age: 20...55), protected: person(age: 18...60), servedAt: served,
                    applicationDueAt: due, stage: .notice, breaches: [])
                let roll = Double.random(in: 0..<1, using: &rng)
                let heard: Date? =
                    roll < 0.85
                    ? served.addingTimeInterval(
                        due.timeIntervalSince(served) * Double.random(in: 0.3...0.98, using: &rng))
                    : roll < 0.95 ? due.addingTimeInterval(Double.random(in: 3_600...86_400, using: &rng)) : nil
                if let heard, heard <= now {
                    order.heardAt = heard.rounded()
                    if rng.chance(0.88) {
                        let length = Int.random(in: ProtectionOrderRules.orderDays, using: &rng)
                        order.stage = .orderMade
                        order.madeAt = order.heardAt
                        order.days = length
                        order.expiresAt = ProtectionOrderRules.orderExpiry(madeAt: order.heardAt!, days: length)
                        if rng.chance(0.12) {
                            let breach = order.heardAt!.addingTimeInterval(
                                Double.random(in: 86_400...(10 * 86_400), using: &rng))
                            if breach <= now { order.breaches = [breach.rounded()] }
                        }
                    } else {
                        order.stage = .refused
                        order.reason = "The court was not satisfied the order was necessary."
                    }
                } else if heard == nil, due < now, rng.chance(0.5) {
                    order.stage = .withdrawn
                    order.reason = "The person protected moved to a refuge; application withdrawn."
                }
                records.orders.append(order)
            }

            // Clare's Law: two in three right to ask; about 80% decided within 28 days, most of the rest late.
            for _ in 0..<count(disclosuresPerDay) {
                let received = instant(before: now, within: span)
                let due = ClaresLaw.decisionDue(receivedAt: received)
                let route: DisclosureRoute = rng.chance(0.66) ? .rightToAsk : .rightToKnow
                var request = DemoProtectionRecords.Disclosure(
                    bcu: bcu, route: route, personAtRisk: person(age: 18...60), subject: person(age: 20...60),
                    applicant: route == .rightToAsk && rng.chance(0.2) ? "A relative of the person at risk" : nil,
                    receivedAt: received, decisionDueAt: due)
                let roll = Double.random(in: 0..<1, using: &rng)
                let decided: Date? =
                    roll < 0.8
                    ? received.addingTimeInterval(
                        due.timeIntervalSince(received) * Double.random(in: 0.2...0.99, using: &rng))
                    : roll < 0.93 ? due.addingTimeInterval(Double.random(in: 86_400...(20 * 86_400), using: &rng)) : nil
                if let decided, decided <= now {
                    request.decidedAt = decided.rounded()
                    request.decision = rng.chance(0.45) ? .disclose : .noDisclosure
                }
                records.disclosures.append(request)
            }

            // Missing: a few children go missing again and again (a pool reused for about a quarter of children's
            // episodes); most are found within two days; children's interviews mostly on time, some late or never.
            let repeaters = (0..<max(2, count(missingPerDay * childShare) / 12)).map { _ in person(age: 12...17) }
            for _ in 0..<count(missingPerDay) {
                let child = rng.chance(childShare)
                let who = child && rng.chance(0.25) ? rng.pick(repeaters) : person(age: child ? 10...17 : 18...85)
                let reported = instant(before: now, within: span)
                let lastSeen = reported.addingTimeInterval(-Double.random(in: 1_800...(12 * 3_600), using: &rng))
                let grades: [MissingRiskGrade] = [.noApparentRisk, .low, .low, .medium, .medium, .medium, .high]
                let grade = grades[Int.random(in: 0..<grades.count, using: &rng)]
                var episode = DemoProtectionRecords.Episode(
                    bcu: bcu, person: who, child: child, reportedAt: reported, lastSeenAt: lastSeen.rounded(),
                    grades: [(grade, "Initial grading on the circumstances reported", reported)], indicators: [])
                if grade < .high, rng.chance(0.15) {
                    episode.grades.append(
                        (.high, "Reviewed: new information about who they are with", reported.addingTimeInterval(7_200))
                    )
                }
                let found = reported.addingTimeInterval(Double.random(in: 3_600...(48 * 3_600), using: &rng))
                if found <= now, rng.chance(0.97) {
                    episode.foundAt = found.rounded()
                    let returned = found.addingTimeInterval(Double.random(in: 600...(6 * 3_600), using: &rng))
                    if returned <= now {
                        episode.returnedAt = returned.rounded()
                        if child {
                            let roll = Double.random(in: 0..<1, using: &rng)
                            let interview: Date? =
                                roll < 0.7
                                ? returned.addingTimeInterval(Double.random(in: 3_600...(71 * 3_600), using: &rng))
                                : roll < 0.88
                                    ? returned.addingTimeInterval(
                                        Double.random(in: (73 * 3_600)...(10 * 86_400), using: &rng))
                                    : nil
                            if let interview, interview <= now { episode.interviewAt = interview.rounded() }
                        }
                    }
                }
                if child, rng.chance(0.12) {
                    let all = ExploitationIndicator.allCases
                    episode.indicators = Array(Set((0..<Int.random(in: 1...3, using: &rng)).map { _ in rng.pick(all) }))
                        .sorted { $0.rawValue < $1.rawValue }
                    let referral = reported.addingTimeInterval(Double.random(in: 3_600...(72 * 3_600), using: &rng))
                    if referral <= now, rng.chance(0.8) { episode.referralAt = referral.rounded() }
                }
                records.episodes.append(episode)
            }
        }
        return records
    }
}

extension Date {
    /// To the whole second, as the database keeps it.
    fileprivate func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
