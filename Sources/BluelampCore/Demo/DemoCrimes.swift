import Foundation

/// A generated demo crime: the crime (with its people, status and outcome), its solvability factors
/// and its timeline.
public struct DemoCrime: Sendable {
    public var crime: Crime
    public var factors: Set<SolvabilityFactor>
    public var timeline: [CrimeTimelineEntry]
}

/// Generates a deterministic synthetic year (or years) of London crime for the demo force: every crime
/// type in every BCU, in the proportions and volumes of the Met's own recorded crime (`DemoCrimeMix`),
/// with victims, suspects, flags, THRIVE, screening, statuses moving on with age, and outcomes in
/// proportions like the Home Office outcome statistics (most theft closed with no suspect identified;
/// about one violent crime in twelve charged; many domestic abuse cases closed because the victim does
/// not support action). No real person is in it.
///
/// Generation goes a month at a time (`month(_:)`), so memory holds one month whatever the scale; the
/// same seed, scale and `now` always give the same crimes.
public struct DemoCrimeGenerator: Sendable {
    public var seed: UInt64
    public var scale: DemoScale
    public var years: Int
    public var now: Date
    public var forceName: String

    public init(
        seed: UInt64, scale: DemoScale, years: Int, now: Date, forceName: String = "Metropolitan Police Service"
    ) {
        self.seed = seed
        self.scale = scale
        self.years = years
        self.now = now
        self.forceName = forceName
    }

    /// Crimes per year: the Met's 921,080 at met scale, about 20,000 at small scale.
    public var crimesPerYear: Int { scale == .met ? DemoCrimeMix.annualTotal : 20_000 }

    /// The months generated, oldest first: `12 × years` whole months and then `now`'s own month up to
    /// `now`, so the newest crimes are hours old and some still wait for allocation.
    public var months: [PoliceUKMonth] {
        let current = PoliceUKMonth(date: now)
        var month = current
        var list: [PoliceUKMonth] = [current]
        for _ in 0..<(12 * years) {
            month =
                month.month == 1
                ? PoliceUKMonth(year: month.year - 1, month: 12)!
                : PoliceUKMonth(year: month.year, month: month.month - 1)!
            list.append(month)
        }
        return list.reversed()
    }

    public var totalCrimes: Int { months.indices.reduce(0) { $0 + count(inMonth: $1) } }

    /// Crimes in the month at `index` of `months`: the year's total spread by the days in the month (for
    /// `now`'s month, the whole month's, of which `month(_:firstNumber:)` gives those before `now`).
    public func count(inMonth index: Int) -> Int {
        let month = months[index]
        let days = Calendar.bluelampUTC.range(of: .day, in: .month, for: month.firstDay)!.count
        return Int((Double(crimesPerYear) * Double(days) / 365.0).rounded())
    }

    // Cumulative weights, built once.
    private static let offenceWeights = cumulative(DemoCrimeMix.offences.map(\.2))
    static let boroughWeights = cumulative(DemoCrimeMix.boroughs.map(\.1))

    static func cumulative(_ weights: [Int]) -> [Int] {
        var total = 0
        return weights.map {
            total += $0
            return total
        }
    }

    static func pick(_ cumulative: [Int], _ rng: inout SeededGenerator) -> Int {
        let r = Int.random(in: 0..<cumulative.last!, using: &rng)
        var low = 0
        var high = cumulative.count - 1
        while low < high {
            let mid = (low + high) / 2
            if cumulative[mid] > r { high = mid } else { low = mid + 1 }
        }
        return low
    }

    /// The crimes of the month at `index` of `months`, in reporting order. `firstNumber` numbers
    /// their references (`<BCU>-D<number>/<yy>`), so references are unique across months.
    public func month(_ index: Int, firstNumber: Int) -> [DemoCrime] {
        let month = months[index]
        var rng = SeededGenerator(seed: seed &* 0x9E37_79B9 &+ UInt64(index) &* 7919 &+ 17)
        let start = month.firstDay
        let days = Calendar.bluelampUTC.range(of: .day, in: .month, for: start)!.count
        let span = Double(days) * 86_400
        let count = count(inMonth: index)
        var offsets = (0..<count).map { _ in Double.random(in: 0..<span, using: &rng) }
        offsets.sort()
        var crimes: [DemoCrime] = []
        crimes.reserveCapacity(count)
        for (n, offset) in offsets.enumerated() {
            let reported = start.addingTimeInterval((offset).rounded())
            guard reported < now else { break }
            crimes.append(crime(number: firstNumber + n, reportedAt: reported, rng: &rng))
        }
        return crimes
    }

    // MARK: - One crime

    func crime(number: Int, reportedAt: Date, rng: inout SeededGenerator) -> DemoCrime {
        let (offence, category, _) = DemoCrimeMix.offences[Self.pick(Self.offenceWeights, &rng)]
        let (borough, _, lat, lon, dLat, dLon) = DemoCrimeMix.boroughs[Self.pick(Self.boroughWeights, &rng)]
        let bcu = BCU(borough: borough)!
        let profile = Profile(offence: offence, category: category)

        // Recording: most decisions within the day; about one in twelve late (CDI inspections find late ones).
        let delay =
            rng.chance(0.92)
            ? Double.random(in: 600...(20 * 3600), using: &rng)
            : Double.random(in: (25 * 3600)...(6 * 86_400), using: &rng)
        let decidedAt = reportedAt.addingTimeInterval(delay.rounded())
        // A report whose decision would come after `now` is still awaiting it (issue 15): the newest reports wait on
        // the queue, and the late ones among them are overdue, by at most the six days a late decision takes.
        let awaiting = decidedAt > now
        let recordedAt = min(decidedAt, now)

        var flags = CrimeFlags()
        if rng.chance(profile.domestic) { flags.insert(.domestic) }
        if rng.chance(profile.hate) { flags.insert(.hate) }
        if rng.chance(profile.child) { flags.insert(.childVictim) }
        if profile.sexual { flags.insert(.sexual) }
        if rng.chance(profile.weapon) { flags.insert(.weapon) }
        if rng.chance(0.06) && profile.hasVictim { flags.insert(.vulnerableVictim) }
        if rng.chance(flags.contains(.domestic) ? 0.35 : 0.06) && profile.hasVictim { flags.insert(.repeatVictim) }

        func level(_ base: Int) -> ThriveLevel {
            let r = Double.random(in: 0..<1, using: &rng)
            let shifted = base + (r < 0.15 ? 1 : 0) - (r > 0.9 ? 1 : 0)
            return shifted <= 0 ? .low : (shifted == 1 ? .medium : .high)
        }
        var danger = profile.seriousness
        if flags.contains(.domestic) || flags.contains(.weapon) || flags.contains(.childVictim) {
            danger = max(danger, 1)
        }
        let thrive = ThriveAssessment(
            threat: level(danger), harm: level(danger), risk: level(flags.contains(.domestic) ? danger + 1 : danger),
            investigation: level(1),
            vulnerability: level(flags.contains(.vulnerableVictim) || flags.contains(.childVictim) ? 2 : 0),
            engagement: level(profile.hasVictim ? 1 : 0))

        var factors = Set<SolvabilityFactor>()
        let suspectKnown = rng.chance(flags.contains(.domestic) ? 0.9 : profile.suspectNamed)
        if suspectKnown { factors.insert(.suspectNamed) }
        if rng.chance(profile.detained) { factors.insert(.suspectDetained) }
        if rng.chance(0.18) { factors.insert(.cctv) }
        if rng.chance(0.05) { factors.insert(.forensicOpportunity) }
        if rng.chance(0.12) { factors.insert(.witness) }
        if rng.chance(0.15) { factors.insert(.suspectDescribed) }
        if category == .vehicleCrime && rng.chance(0.08) { factors.insert(.vehicleIdentified) }
        if rng.chance(0.03) { factors.insert(.stolenPropertyTraceable) }

        let screening = SolvabilityScreening(factors: factors)
        let decision: ScreeningDecision
        switch screening.proposal(priority: thrive.priority, flags: flags) {
        case .screenIn(let reasons): decision = .screenedIn(reasons)
        case .screenOutAllowed:
            decision =
                rng.chance(0.8)
                ? .screenedOut(reason: rng.pick(Self.screenOutReasons))
                : .screenedIn([.officerDecision("proportionate to make further enquiries")])
        }

        var people: [CrimePerson] = []
        let year = Calendar.bluelampUTC.component(.year, from: reportedAt)
        if profile.hasVictim && rng.chance(0.95) {
            let age =
                flags.contains(.childVictim)
                ? Int.random(in: 8...17, using: &rng) : Int.random(in: 18...84, using: &rng)
            people.append(CrimePerson(role: .victim, person: person(bornAround: year - age, rng: &rng)))
        }
        if suspectKnown || factors.contains(.suspectDetained) {
            // One suspect in ten is a prolific offender from a small pool, so the same person is
            // recorded on several crimes and the duplicate check has something to find.
            if rng.chance(0.1) {
                var pool = SeededGenerator(seed: seed &+ UInt64(Int.random(in: 0..<500, using: &rng)))
                people.append(CrimePerson(role: .suspect, person: person(bornAround: 1990, rng: &pool)))
            } else {
                people.append(
                    CrimePerson(
                        role: .suspect,
                        person: person(bornAround: year - Int.random(in: 15...60, using: &rng), rng: &rng)))
            }
        }

        let place = "On or near " + rng.pick(DemoCrimeMix.streets)
        let location = CrimeLocation(
            longitude: ((lon + Double.random(in: -1...1, using: &rng) * dLon) * 1e6).rounded() / 1e6,
            latitude: ((lat + Double.random(in: -1...1, using: &rng) * dLat) * 1e6).rounded() / 1e6, place: place)

        // Where it stands, by age.
        let actorCMU = "Crime Management Unit"
        let actorOIC = Self.investigatingOfficer
        var timeline: [CrimeTimelineEntry] = []
        let screeningText: String
        switch decision {
        case .screenedIn(let reasons):
            screeningText = "screened in: " + reasons.map(\.explanation).joined(separator: "; ")
        case .screenedOut(let reason): screeningText = "screened out: \(reason)"
        }
        if awaiting {
            timeline.append(
                CrimeTimelineEntry(
                    at: reportedAt, kind: .reported, actor: "Recording officer",
                    detail:
                        "Reported as \(category.name.lowercased()) (\(offence)); \(thrive.priority.label); recording decision due",
                    fromStatus: nil, toStatus: .awaitingRecordingDecision))
            let yy = year % 100
            let crime = Crime(
                reference: "\(bcu.code)-D\(number)/\(yy < 10 ? "0" : "")\(yy)", reportedAt: reportedAt, recordedAt: nil,
                category: category, offenceDescription: offence, bcu: bcu, borough: borough, location: location,
                flags: flags,
                thrive: thrive, screening: decision, status: .awaitingRecordingDecision, people: people)
            return DemoCrime(crime: crime, factors: factors, timeline: timeline)
        }
        timeline.append(
            CrimeTimelineEntry(
                at: recordedAt, kind: .recorded, actor: "Recording officer",
                detail:
                    "Recorded as \(category.name.lowercased()) (\(offence)); \(thrive.priority.label); \(screeningText)",
                fromStatus: nil, toStatus: decision.isScreenedIn ? .awaitingAllocation : .screenedOut))

        var status: CrimeStatus
        var outcome: CrimeOutcome?
        let age = now.timeIntervalSince(recordedAt) / 86_400
        if case .screenedOut(let reason) = decision {
            status = .screenedOut(reason: reason)
            let filed = min(recordedAt.addingTimeInterval(Double.random(in: 3600...(2 * 86_400), using: &rng)), now)
            outcome = CrimeOutcome(type: .investigationCompleteNoSuspectIdentified, date: filed)
            timeline.append(
                CrimeTimelineEntry(
                    at: filed, kind: .outcome, actor: actorCMU, detail: "Outcome 18: filed, no suspect identified"))
        } else if rng.chance(0.008) {
            status = .cancelled(reason: "Additional verifiable information shows no crime was committed")
            let at = min(recordedAt.addingTimeInterval(3 * 86_400), now)
            timeline.append(
                CrimeTimelineEntry(
                    at: at, kind: .status, actor: actorCMU, detail: "Cancelled: no crime",
                    fromStatus: .awaitingAllocation, toStatus: .cancelled))
        } else {
            // Days to allocation (around the allocation policy's deadline for the crime's priority, see
            // `DemoAllocationPlanner`), start, completion; the investigation's length grows with seriousness.
            let requirement = Self.allocationPolicy.requirement(
                for: AllocationRequest(category: category, offence: offence, flags: flags, priority: thrive.priority))
            let allocatedAfter =
                DemoAllocationPlanner.hoursToAllocation(
                    within: requirement.allocateWithin, draw: Double.random(in: 0..<1, using: &rng)) / 24
            let length = Double.random(in: 5...(40 + Double(profile.seriousness) * 60), using: &rng)
            let reviewAfter = Double.random(in: 1...10, using: &rng)
            status = .awaitingAllocation
            func at(_ days: Double) -> Date { recordedAt.addingTimeInterval((days * 86_400).rounded()) }
            if age > allocatedAfter {
                status = .allocated
                timeline.append(
                    CrimeTimelineEntry(
                        at: at(allocatedAfter), kind: .status, actor: actorCMU, detail: "Allocated to an investigator",
                        fromStatus: .awaitingAllocation, toStatus: .allocated))
            }
            if age > allocatedAfter + 1 {
                status = .underInvestigation
                timeline.append(
                    CrimeTimelineEntry(
                        at: at(allocatedAfter + 1), kind: .status, actor: actorOIC, detail: "Investigation started",
                        fromStatus: .allocated, toStatus: .underInvestigation))
            }
            if age > allocatedAfter + 1 + length {
                let type = profile.outcome(
                    flags: flags, suspectKnown: suspectKnown || factors.contains(.suspectDetained), rng: &rng)
                outcome = CrimeOutcome(type: type, date: at(allocatedAfter + 1 + length))
                status = .awaitingSupervisor
                timeline.append(
                    CrimeTimelineEntry(
                        at: at(allocatedAfter + 1 + length), kind: .outcome, actor: actorOIC,
                        detail: "\(type.code): \(type.label)", fromStatus: .underInvestigation,
                        toStatus: .awaitingSupervisor))
                if age > allocatedAfter + 1 + length + reviewAfter {
                    status = .closed
                    timeline.append(
                        CrimeTimelineEntry(
                            at: at(allocatedAfter + 1 + length + reviewAfter), kind: .status, actor: "Supervisor",
                            detail: "Closed after supervisory review", fromStatus: .awaitingSupervisor,
                            toStatus: .closed))
                }
            }
        }

        let yy = year % 100
        let reference = "\(bcu.code)-D\(number)/\(yy < 10 ? "0" : "")\(yy)"
        let crime = Crime(
            reference: reference, reportedAt: reportedAt, recordedAt: recordedAt, category: category,
            offenceDescription: offence,
            bcu: bcu, borough: borough, location: location, flags: flags, thrive: thrive, screening: decision,
            status: status,
            people: people, outcome: outcome,
            recordingDecision: RecordingDecision(kind: .crime, decidedAt: recordedAt, decidedBy: "Recording officer"))
        return DemoCrime(crime: crime, factors: factors, timeline: timeline)
    }

    /// The policy the demo's allocation times follow; `DemoAllocationPlanner` allocates by the same one.
    static let allocationPolicy = AllocationPolicy.metropolitanDefault

    /// The timeline's actor for the investigation's own events until the planner names the officer.
    static let investigatingOfficer = "Investigating officer"

    static let screenOutReasons = [
        "No suspect, witnesses, CCTV or forensic opportunity; victim informed and crime filed",
        "No lines of enquiry after initial investigation; filed pending new information",
        "Property not traceable and no description of the offender",
    ]

    func person(bornAround year: Int, rng: inout SeededGenerator) -> PersonRecord {
        let name = PersonName(given: rng.pick(DemoNames.given), family: rng.pick(DemoNames.family))
        let dob =
            rng.chance(0.9)
            ? DateOfBirth(
                year: year, month: Int.random(in: 1...12, using: &rng), day: Int.random(in: 1...28, using: &rng)) : nil
        let r = Double.random(in: 0..<1, using: &rng)
        let contact: ContactPreference =
            r < 0.5
            ? .phone
            : r < 0.75 ? .email : r < 0.88 ? .textMessage : r < 0.95 ? .letter : r < 0.98 ? .inPerson : .noContact
        return PersonRecord(name: name, dateOfBirth: dob, contactPreference: contact)
    }

    /// How an offence tends to go, in broad strokes.
    struct Profile {
        var domestic = 0.0
        var hate = 0.01
        var child = 0.02
        var sexual = false
        var weapon = 0.0
        var hasVictim = true
        var suspectNamed = 0.1
        var detained = 0.03
        /// 0 volume crime, 1 serious, 2 very serious.
        var seriousness = 0
        /// Chance of a charge or summons when a suspect is known.
        var charge = 0.15

        init(offence: String, category: CrimeCategory) {
            switch category {
            case .violenceAndSexualOffences:
                seriousness = 1
                suspectNamed = 0.55
                charge = 0.14
                if offence.hasPrefix("Violence") || offence.hasPrefix("Stalking") {
                    domestic = offence.hasPrefix("Stalking") ? 0.45 : 0.33
                    child = 0.08
                    weapon = offence == "Violence with injury" ? 0.12 : 0.02
                    hate = 0.03
                }
                if offence == "Rape" || offence == "Other sexual offences" {
                    sexual = true
                    child = 0.3
                    domestic = 0.25
                    seriousness = 2
                    charge = 0.06
                }
                if offence == "Homicide" || offence.hasPrefix("Death") {
                    seriousness = 2
                    weapon = 0.6
                    charge = 0.7
                    suspectNamed = 0.8
                }
            case .robbery:
                seriousness = 1
                weapon = 0.25
                child = 0.15
                suspectNamed = 0.1
                charge = 0.25
            case .burglary:
                suspectNamed = 0.06
                charge = 0.3
            case .drugs, .possessionOfWeapons:
                hasVictim = false
                suspectNamed = 0.95
                detained = 0.8
                charge = 0.55
                weapon = category == .possessionOfWeapons ? 1 : 0
                seriousness = category == .possessionOfWeapons ? 1 : 0
            case .publicOrder:
                hate = offence.hasPrefix("Racially") ? 1 : 0.02
                suspectNamed = 0.35
                charge = 0.12
                hasVictim = !offence.hasPrefix("Violent disorder")
            case .shoplifting:
                hasVictim = true
                suspectNamed = 0.3
                detained = 0.15
                charge = 0.5
            case .criminalDamageAndArson:
                suspectNamed = 0.2
                domestic = 0.08
                charge = 0.2
            case .otherCrime:
                suspectNamed = 0.5
                charge = 0.3
            default:
                suspectNamed = 0.04
                charge = 0.3
            }
        }

        /// The Home Office outcome for a finished investigation.
        func outcome(flags: CrimeFlags, suspectKnown: Bool, rng: inout SeededGenerator) -> OutcomeType {
            guard suspectKnown else {
                return rng.chance(0.85)
                    ? .investigationCompleteNoSuspectIdentified : .evidentialDifficultiesSuspectNotIdentified
            }
            let r = Double.random(in: 0..<1, using: &rng)
            var edge = charge
            if r < edge { return .chargedOrSummonsed }
            edge += flags.contains(.domestic) ? 0.45 : (hasVictim ? 0.22 : 0)
            if r < edge { return .evidentialDifficultiesVictimDoesNotSupport }
            edge += 0.15
            if r < edge { return .evidentialDifficultiesVictimSupports }
            edge += hasVictim ? 0.06 : 0.2
            if r < edge { return hasVictim ? .communityResolution : .cannabisOrKhatWarning }
            edge += 0.04
            if r < edge { return .cautionAdult }
            edge += 0.03
            if r < edge { return .furtherInvestigationNotInPublicInterest }
            return .investigationCompleteNoSuspectIdentified
        }
    }
}
