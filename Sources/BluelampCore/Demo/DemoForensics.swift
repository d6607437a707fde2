import Foundation

/// The demo force's device submissions to the digital forensics unit (issue 18): about 18 devices a week from recent
/// crimes — a little more than two slots working office hours can triage, so the queue is real and grows — more
/// often with risk to children on sexual offences and crimes against children. The unit's past is the forecast
/// itself, run from the first submission on the default policy: a device the forecast finishes by now is recorded as
/// started and finished then, one it has started is in triage, the rest wait. Synthetic: no real case is in it.
public enum DemoForensics {
    /// A crime a device may come from.
    public struct Crime: Sendable {
        public var id: Int
        public var reference: String
        public var bcu: BCU?
        public var flags: CrimeFlags
        public var reportedAt: Date

        public init(id: Int, reference: String, bcu: BCU?, flags: CrimeFlags, reportedAt: Date) {
            self.id = id
            self.reference = reference
            self.bcu = bcu
            self.flags = flags
            self.reportedAt = reportedAt
        }
    }

    public static let devicesPerWeek = 18.0
    static let reasons = [
        "Messages and call records around the time of the offence",
        "Images and their sharing history",
        "Location history for the day of the offence",
        "Contacts with the victim",
        "Browser and account history",
    ]

    /// Submissions from `crimes` (those reported in the window, in any order) over `days` up to `now`, with their
    /// starts and finishes as the default policy's forecast gives them.
    public static func submissions(
        from crimes: [Crime], days: Int, now: Date, seed: UInt64, holidays: BankHolidayCalendar
    ) -> [ForensicsSubmission] {
        var random = SeededGenerator(seed: seed ^ 0xF0_2E_5C)
        let window = now.addingTimeInterval(-Double(days) * 86_400)
        let pool = crimes.filter { $0.reportedAt >= window }.sorted { $0.id < $1.id }
        guard !pool.isEmpty else { return [] }
        let wanted = Int(devicesPerWeek * Double(days) / 7)
        let types = ForensicsCapacityPolicy.defaultHoursByType.keys.sorted()
        var submissions: [ForensicsSubmission] = []
        while submissions.count < wanted {
            let crime = random.pick(pool)
            let submitted = crime.reportedAt.addingTimeInterval(Double.random(in: 3_600...(4 * 86_400), using: &random))
            guard submitted < now else { continue }
            let childCase = crime.flags.contains(.childVictim) || crime.flags.contains(.sexual)
            submissions.append(
                ForensicsSubmission(
                    id: submissions.count + 1, crimeID: crime.id, crimeReference: crime.reference, bcu: crime.bcu,
                    deviceType: types[Int.random(in: 0..<types.count, using: &random)],
                    reason: random.pick(reasons), riskToChildren: random.chance(childCase ? 0.6 : 0.08),
                    priority: Int.random(in: 1...3, using: &random), requestedBy: "Demo investigator",
                    submittedAt: submitted, startedAt: nil, finishedAt: nil))
        }
        guard let first = submissions.map(\.submittedAt).min(),
            let entries = try? ForensicsForecast.forecast(
                submissions.map(\.queued), policy: .standard, from: first, holidays: holidays)
        else { return submissions }
        var byID: [String: ForensicsForecastEntry] = [:]
        for entry in entries { byID[entry.device.id] = entry }
        return submissions.map { submission in
            var done = submission
            if let entry = byID[String(submission.id)], entry.start <= now {
                done.startedAt = entry.start
                if entry.finish <= now { done.finishedAt = entry.finish }
            }
            return done
        }
    }
}
