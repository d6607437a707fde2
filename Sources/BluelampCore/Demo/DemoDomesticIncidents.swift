import Foundation

extension DemoCrimeGenerator {
    /// Non-crime domestic abuse incidents the police record for each domestic abuse crime: in the year ending March
    /// 2019 the police in England and Wales recorded 1,316,800 domestic abuse-related incidents and crimes, of which
    /// 746,219 were crimes (ONS, "Domestic abuse in England and Wales overview: November 2019"), so about 0.76
    /// incidents that are not crimes for every crime.
    public static let domesticIncidentsPerDomesticCrime = 570_581.0 / 746_219.0

    /// Why the recording officer decided each demo incident was not a crime (the reason a decision of "incident"
    /// must carry, `RecordingDecisionKind.needsReason`).
    static let domesticIncidentReasons = [
        "Verbal argument between partners; no offence disclosed and no injury on attendance",
        "Concern for welfare called in by a neighbour; raised voices, no offence disclosed",
        "Ex-partner came to the address; no threat, harassment or damage disclosed",
        "Argument over child contact at handover; no offence disclosed by either party",
        "Family argument reported by a relative; no notifiable offence disclosed",
    ]

    /// The reports of the month at `index` that the recording decision recorded as domestic abuse incidents and not
    /// crimes: `domesticCrimes` × `domesticIncidentsPerDomesticCrime` of them, spread over the month up to `now`,
    /// each with the person at risk as its victim, flagged domestic abuse, decided within the day. `firstNumber`
    /// numbers their references (`<BCU>-I<number>/<yy>`), apart from the crimes' `D` numbers. Deterministic in the
    /// seed; a generator of its own, so the crimes are the same with or without incidents.
    public func domesticIncidents(inMonth index: Int, domesticCrimes: Int, firstNumber: Int) -> [DemoCrime] {
        let month = months[index]
        var rng = SeededGenerator(seed: seed &* 0xA24B_AED4 &+ UInt64(index) &* 104_729 &+ 41)
        let count = Int((Double(domesticCrimes) * Self.domesticIncidentsPerDomesticCrime).rounded())
        let days = Calendar.bluelampUTC.range(of: .day, in: .month, for: month.firstDay)!.count
        var offsets = (0..<count).map { _ in Double.random(in: 0..<(Double(days) * 86_400), using: &rng) }
        offsets.sort()
        var incidents: [DemoCrime] = []
        for (n, offset) in offsets.enumerated() {
            let reportedAt = month.firstDay.addingTimeInterval(offset.rounded())
            let decidedAt = reportedAt.addingTimeInterval(Double.random(in: 900...(18 * 3600), using: &rng).rounded())
            guard decidedAt < now else { break }
            incidents.append(
                domesticIncident(number: firstNumber + n, reportedAt: reportedAt, decidedAt: decidedAt, &rng))
        }
        return incidents
    }

    private func domesticIncident(number: Int, reportedAt: Date, decidedAt: Date, _ rng: inout SeededGenerator)
        -> DemoCrime
    {
        let (borough, _, lat, lon, dLat, dLon) = DemoCrimeMix.boroughs[Self.pick(Self.boroughWeights, &rng)]
        let bcu = BCU(borough: borough)!
        var flags: CrimeFlags = [.domestic]
        if rng.chance(0.35) { flags.insert(.repeatVictim) }
        let risk: ThriveLevel = rng.chance(0.2) ? .high : .medium
        let thrive = ThriveAssessment(
            threat: .medium, harm: .low, risk: risk, investigation: .low, vulnerability: .medium, engagement: .medium)
        let year = Calendar.bluelampUTC.component(.year, from: reportedAt)
        let victim = person(bornAround: year - Int.random(in: 18...75, using: &rng), rng: &rng)
        let place = "On or near " + rng.pick(DemoCrimeMix.streets)
        let location = CrimeLocation(
            longitude: ((lon + Double.random(in: -1...1, using: &rng) * dLon) * 1e6).rounded() / 1e6,
            latitude: ((lat + Double.random(in: -1...1, using: &rng) * dLat) * 1e6).rounded() / 1e6, place: place)
        let reason = rng.pick(Self.domesticIncidentReasons)
        let yy = year % 100
        let offence = "Domestic incident: no notifiable offence"
        let timeline = [
            CrimeTimelineEntry(
                at: reportedAt, kind: .reported, actor: "Recording officer",
                detail: "Reported as a domestic incident; recording decision due", fromStatus: nil,
                toStatus: .awaitingRecordingDecision),
            CrimeTimelineEntry(
                at: decidedAt, kind: .recordingDecision, actor: "Recording officer",
                detail: RecordingDecisionKind.incident.label + ": " + reason,
                fromStatus: .awaitingRecordingDecision, toStatus: .notRecorded),
        ]
        let crime = Crime(
            reference: "\(bcu.code)-I\(number)/\(yy < 10 ? "0" : "")\(yy)", reportedAt: reportedAt,
            recordedAt: decidedAt, category: .publicOrder, offenceDescription: offence, bcu: bcu, borough: borough,
            location: location, flags: flags, thrive: thrive, status: .notRecorded,
            people: [CrimePerson(role: .victim, person: victim)],
            recordingDecision: RecordingDecision(
                kind: .incident, decidedAt: decidedAt, decidedBy: "Recording officer", reason: reason))
        return DemoCrime(crime: crime, factors: [], timeline: timeline)
    }
}
