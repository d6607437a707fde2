import Foundation

/// A crime the demo gives an investigation history: who holds it, since when, how it ended, and its victims.
public struct DemoInvestigationCase: Sendable, Hashable {
    public var crimeID: Int
    /// The crime's reference, which seeds its history (an id would not: see `SeededGenerator.stableHash`).
    public var reference: String
    public var category: CrimeCategory
    public var flags: CrimeFlags
    public var firstAllocatedAt: Date
    public var holderOfficerID: Int
    public var holderName: String
    /// When its outcome was recorded (nil: still being investigated).
    public var outcomeAt: Date?
    /// Closed by the supervisor (the outcome recorded and the crime closed).
    public var closed: Bool
    public var victims: [Int]

    public init(
        crimeID: Int, reference: String, category: CrimeCategory, flags: CrimeFlags, firstAllocatedAt: Date,
        holderOfficerID: Int,
        holderName: String, outcomeAt: Date?, closed: Bool, victims: [Int]
    ) {
        self.crimeID = crimeID
        self.reference = reference
        self.category = category
        self.flags = flags
        self.firstAllocatedAt = firstAllocatedAt
        self.holderOfficerID = holderOfficerID
        self.holderName = holderName
        self.outcomeAt = outcomeAt
        self.closed = closed
        self.victims = victims
    }
}

/// What the demo writes for one investigation, each row with the times the live use cases would have written.
public struct DemoInvestigationHistory: Sendable {
    public struct Line: Sendable {
        public var kind: LineOfEnquiryKind
        public var description: String
        public var status: LineOfEnquiryStatus
        public var result: String?
        public var writtenOffReason: String?
        public var createdAt: Date
        public var updatedAt: Date
    }
    public struct Action: Sendable {
        public var description: String
        public var dueOn: CalendarDay
        public var dueBy: Date
        public var createdAt: Date
        public var doneAt: Date?
    }
    public struct Note: Sendable {
        public var writtenAt: Date
        public var text: String
        public var flagged: [String]
        public var reviewedAt: Date?
    }
    public struct Review: Sendable {
        public var reviewedAt: Date
        public var direction: String
        public var nextReviewOn: CalendarDay
        public var dueAt: Date
        public var nextDueAt: Date
    }
    public struct Care: Sendable {
        public var personID: Int
        public var circumstances: VictimCircumstances
        public var needsAssessedAt: Date?
        public var referral: NeedsReferralOutcome?
        public var statementOfferedAt: Date?
    }
    public struct KeyEvent: Sendable {
        public var event: VictimKeyEvent
        public var occurredAt: Date
        /// One per victim: due day, and when (if) they were told.
        public var clocks: [(personID: Int, enhanced: Bool, dueOn: CalendarDay, dueBy: Date, toldAt: Date?)]
    }
    public struct Contact: Sendable {
        public var personID: Int
        public var contactedAt: Date
        public var summary: String
        public var updateDueAt: Date
        public var nextUpdateDueAt: Date
    }

    public var crimeID: Int
    /// The investigator who wrote the plan and the log, and made the contacts.
    public var author: String
    public var reviewer: String
    public var lines: [Line] = []
    public var actions: [Action] = []
    public var notes: [Note] = []
    public var reviews: [Review] = []
    public var care: [Care] = []
    public var keyEvents: [KeyEvent] = []
    public var contacts: [Contact] = []
}

/// The demo's investigations: plans, logs, reviews, victims' clocks and contacts, with the imperfect compliance a
/// force has — some first reviews late, some victims told late or not at all, a few notes with victim-blaming
/// phrasings (most reviewed) — so that every investigation and Victims' Code indicator has a figure and a trend.
/// Deterministic for a seed and a crime.
public enum DemoInvestigations {
    static let lineTexts: [(LineOfEnquiryKind, String, String)] = [
        (.cctv, "Request CCTV from premises near the scene", "Footage obtained; no clear image of the suspect"),
        (.houseToHouse, "House-to-house on the street within 50 metres", "Two neighbours spoken to; nothing seen"),
        (.forensic, "Forensic examination of the point of entry", "Partial fingermark lifted, sent for comparison"),
        (.witnesses, "Trace and take statements from the witnesses named", "One statement taken"),
        (.digital, "Obtain the victim's phone records for the time", "Records show the calls reported"),
        (.suspectIdentification, "Identify the suspect described", "Suspect identified from local knowledge"),
        (.financial, "Trace transactions on the stolen card", "Card used at two shops; CCTV requested"),
        (.arrestAndInterview, "Arrest and interview the named suspect", "Interviewed; released under investigation"),
    ]

    public static func history(
        of crime: DemoInvestigationCase, seed: UInt64, now: Date, policy: SupervisionPolicy,
        calendar: BankHolidayCalendar, reviewer: String
    ) -> DemoInvestigationHistory {
        var rng = SeededGenerator(seed: seed &+ SeededGenerator.stableHash(crime.reference) &* 0x9E37_79B9_7F4A_7C15)
        var h = DemoInvestigationHistory(crimeID: crime.crimeID, author: crime.holderName, reviewer: reviewer)
        let start = crime.firstAllocatedAt
        let end = min(crime.outcomeAt ?? now, now)
        let day = 86_400.0
        func at(_ days: Double) -> Date { start.addingTimeInterval(days * day) }

        // Lines of enquiry: most investigations record some; about one in eight records none.
        if rng.chance(0.88) {
            let count = Int.random(in: 1...3, using: &rng)
            for index in 0..<count {
                let (kind, text, result) = rng.pick(lineTexts)
                let created = at(Double.random(in: 0.1...2.5, using: &rng) + Double(index) * 0.3)
                guard created < end else { break }
                let age = end.timeIntervalSince(created) / day
                var status: LineOfEnquiryStatus = age > 10 ? (rng.chance(0.8) ? .done : .notViable) : .open
                if status == .open && age > 3 && rng.chance(0.5) { status = .inProgress }
                var writtenOff: String?
                if crime.closed && status.isOutstanding {
                    status = .notViable
                    writtenOff = "Disproportionate to pursue further"
                }
                h.lines.append(
                    .init(
                        kind: kind, description: text, status: status,
                        result: status == .done ? result : status == .notViable ? "No further opportunity" : nil,
                        writtenOffReason: writtenOff, createdAt: created,
                        updatedAt: status == .open ? created : min(end, created.addingTimeInterval(age / 2 * day))))
            }
        }

        // Actions: one or two, due within days; most done by their day.
        for _ in 0..<(rng.chance(0.65) ? Int.random(in: 1...2, using: &rng) : 0) {
            let created = at(Double.random(in: 0.2...3, using: &rng))
            guard created < now else { break }
            let due = CalendarDay(
                containing: created.addingTimeInterval(Double(Int.random(in: 2...10, using: &rng)) * day),
                in: .london)
            let dueBy = SupervisionPolicy.endOfDay(due)
            var done: Date?
            let roll = Double.random(in: 0..<1, using: &rng)
            if roll < 0.72 {
                done = dueBy.addingTimeInterval(-Double.random(in: 3_600...(3 * day), using: &rng))
            } else if roll < 0.88 {
                done = dueBy.addingTimeInterval(Double.random(in: 3_600...(6 * day), using: &rng))
            }
            if let d = done, d > now { done = nil }
            h.actions.append(
                .init(
                    description: "Contact the victim to arrange a statement", dueOn: due, dueBy: dueBy,
                    createdAt: created, doneAt: done))
        }

        // The log: a note or two; about one in forty has a phrasing the lexicon flags, most later reviewed.
        for index in 0..<Int.random(in: 1...2, using: &rng) {
            let written = at(Double.random(in: 0.2...4, using: &rng) + Double(index))
            guard written < end else { break }
            let flagged = rng.chance(0.025)
            let text =
                flagged
                ? "Spoke to the victim, who was drunk at the time. Enquiries continue."
                : rng.pick([
                    "Spoke to the victim and took an initial account.", "Scene visited; area canvassed.",
                    "Checked the intelligence system for similar offences nearby.",
                ])
            let reviewed = flagged && rng.chance(0.7) ? min(now, written.addingTimeInterval(2 * day)) : nil
            h.notes.append(
                .init(
                    writtenAt: written, text: text, flagged: flagged ? ["was drunk at the time"] : [],
                    reviewedAt: reviewed))
        }

        // Supervisory reviews: the first due `firstReviewDays` after allocation, about four in five on time.
        var due = at(Double(policy.firstReviewDays))
        while due < end {
            let late = rng.chance(0.22)
            let reviewed =
                late
                ? due.addingTimeInterval(Double.random(in: 0.2...9, using: &rng) * day)
                : due.addingTimeInterval(-Double.random(in: 0.1...4, using: &rng) * day)
            guard reviewed < end else { break }
            let next = CalendarDay(
                containing: reviewed.addingTimeInterval(Double(policy.reviewIntervalDays - 1) * day), in: .london)
            let nextDue = policy.nextReviewDue(allocatedAt: reviewed, lastReview: (reviewed, next))
            h.reviews.append(
                .init(
                    reviewedAt: reviewed,
                    direction: rng.pick([
                        "Progress the outstanding lines of enquiry and update the victim.",
                        "Chase the CCTV request; consider arrest once the suspect is identified.",
                        "Review solvability; record the victim's wishes.",
                    ]), nextReviewOn: next, dueAt: due, nextDueAt: nextDue))
            due = nextDue
        }

        // Victims: circumstances, needs assessments (most within days), VPS on most closed crimes.
        var enhanced: [Int: Bool] = [:]
        for person in crime.victims {
            var circumstances = VictimCircumstances()
            circumstances.vulnerable = rng.chance(0.08)
            circumstances.persistentlyTargeted = rng.chance(0.04)
            let isEnhanced = !EnhancedRights.reasons(
                category: crime.category, flags: crime.flags, circumstances: circumstances
            ).isEmpty
            enhanced[person] = isEnhanced
            let assessed = rng.chance(0.82) ? at(Double.random(in: 0.2...4, using: &rng)) : nil
            h.care.append(
                .init(
                    personID: person, circumstances: circumstances,
                    needsAssessedAt: assessed.flatMap { $0 < now ? $0 : nil },
                    referral: assessed == nil ? nil : rng.pick(NeedsReferralOutcome.allCases),
                    statementOfferedAt: crime.outcomeAt != nil && rng.chance(0.74)
                        ? min(now, crime.outcomeAt!.addingTimeInterval(-day)) : nil))
        }

        // Key events: some arrests while open, the outcome and the closing; each victim's clock, mostly told.
        var events: [(VictimKeyEvent, Date)] = []
        if rng.chance(0.25) {
            let arrested = at(Double.random(in: 2...20, using: &rng))
            if arrested < end { events.append((.arrested, arrested)) }
        }
        if let outcome = crime.outcomeAt, outcome < now {
            events.append((.outcomeRecorded, outcome))
            if crime.closed {
                let closedAt = min(now, outcome.addingTimeInterval(Double.random(in: 0.1...2, using: &rng) * day))
                events.append((.investigationClosed, closedAt))
            }
        }
        for (event, occurred) in events {
            var clocks: [(Int, Bool, CalendarDay, Date, Date?)] = []
            for person in crime.victims {
                let isEnhanced = enhanced[person] ?? false
                guard
                    let dueOn = try? VictimsCode.tellVictimDue(
                        event: event, occurredAt: occurred, enhanced: isEnhanced, calendar: calendar)
                else { continue }
                let dueBy = SupervisionPolicy.endOfDay(dueOn)
                let roll = Double.random(in: 0..<1, using: &rng)
                var told: Date? =
                    roll < (isEnhanced ? 0.78 : 0.86)
                    ? occurred.addingTimeInterval(
                        Double.random(in: 0.05...max(0.1, dueBy.timeIntervalSince(occurred) / day * 0.9), using: &rng)
                            * day)
                    : roll < 0.95 ? dueBy.addingTimeInterval(Double.random(in: 0.5...6, using: &rng) * day) : nil
                if let t = told, t > now { told = nil }
                clocks.append((person, isEnhanced, dueOn, dueBy, told))
                if let told {
                    h.contacts.append(
                        .init(
                            personID: person, contactedAt: told, summary: "Told of the key event: \(event.label).",
                            updateDueAt: told, nextUpdateDueAt: told))
                }
            }
            h.keyEvents.append(.init(event: event, occurredAt: occurred, clocks: clocks))
        }

        // Routine updates every ~28 days while open, some late; then the contacts' due times in order.
        for person in crime.victims {
            var cursor = start.addingTimeInterval(Double(VictimsCode.routineUpdateDays) * day)
            while cursor < end {
                let late = rng.chance(0.2)
                let contacted =
                    cursor.addingTimeInterval(
                        (late ? Double.random(in: 0.5...10, using: &rng) : -Double.random(in: 0.5...8, using: &rng))
                            * day)
                guard contacted < end else { break }
                h.contacts.append(
                    .init(
                        personID: person, contactedAt: contacted, summary: "Routine update on the investigation.",
                        updateDueAt: cursor, nextUpdateDueAt: cursor))
                cursor = contacted.addingTimeInterval(Double(VictimsCode.routineUpdateDays) * day)
            }
        }
        // Each contact's update clock from the one before it: due 28 days after the previous contact (or opening).
        h.contacts.sort { ($0.personID, $0.contactedAt) < ($1.personID, $1.contactedAt) }
        var previous: [Int: Date] = [:]
        for index in h.contacts.indices {
            let person = h.contacts[index].personID
            let due = VictimsCode.routineUpdateDue(
                lastUpdate: previous[person], investigationOpened: start, agreedIntervalDays: nil)
            h.contacts[index].updateDueAt = due
            h.contacts[index].nextUpdateDueAt = VictimsCode.routineUpdateDue(
                lastUpdate: h.contacts[index].contactedAt, investigationOpened: start, agreedIntervalDays: nil)
            previous[person] = h.contacts[index].contactedAt
        }
        return h
    }
}
