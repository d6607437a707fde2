import BluelampCore
import BluelampPersistence
import FluentKit
import Foundation

/// The digital forensics unit (issue 18), every use case in one place: submitting a crime's device, the unit's queue
/// with each device's expected start and finish (and a what-if on more slots or longer hours), a crime's devices and
/// their places, and the unit's capacity policy. Devices belong to crimes, so every read is BCU-scoped and audited;
/// the forecast itself always runs over the whole unit's queue, since every device shares its slots.
struct ForensicsService {
    /// A version of the capacity policy, as the service answers it.
    typealias PolicyVersion = ForensicsStore.PolicyVersion

    var context: ServiceContext

    init(_ context: ServiceContext) {
        self.context = context
    }

    // MARK: - Submitting a device

    /// Submits a device from crime `crimeID` to the unit: checks the crime is in the actor's scope, the draft against
    /// the policy in force, then writes and audits in one transaction. Returns the submission's id.
    func submit(crimeID: Int, draft: ForensicsSubmissionDraft) async throws -> Int {
        let principal = try context.requirePrincipal()
        let bcu = try await CrimeService(context).requireCrime(crimeID, .submitForensics)
        let policy = try await ForensicsStore.currentPolicy(on: context.database).policy
        let problems = draft.problems(under: policy)
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        return try await context.transaction { tx in
            let id = try await ForensicsStore.submit(
                crimeID: crimeID, bcu: bcu, draft: draft, requestedBy: principal.displayName,
                userID: principal.userID, at: tx.now, on: tx.database)
            try await tx.audit(
                .create, .forensicsSubmission, id: String(id), permission: .submitForensics, bcu: bcu,
                reason: "device from crime \(crimeID)",
                outcome: "submitted: \(draft.deviceType), priority \(draft.priority)"
                    + (draft.riskToChildren ? ", risk to children" : ""))
            return id
        }
    }

    // MARK: - The queue

    /// One device's place: the submission and its forecast.
    struct Place: Sendable {
        var submission: ForensicsSubmission
        /// Its position in the forecast, counting from 1 (nil when already started).
        var position: Int?
        var slot: Int?
        var start: Date?
        var finish: Date?
    }

    /// The queue forecast on a policy.
    struct Forecast: Sendable {
        var policy: ForensicsCapacityPolicy
        /// The devices in the viewer's scope, in the order the forecast takes them.
        var places: [Place]
        /// Devices in the whole unit's queue (every BCU): the forecast runs over them all.
        var unitDevices: Int
        /// When the last device in the unit's queue finishes.
        var lastFinish: Date?
    }

    struct Queue: Sendable {
        var version: ForensicsStore.PolicyVersion
        var current: Forecast
        /// The same queue on the what-if policy, when one was asked for.
        var whatIf: Forecast?
        /// Waits and backlog of the devices in the viewer's scope.
        var trend = Trend(waits: [], backlog: [])
    }

    /// The queue's waiting-time distribution (expected waits of devices in the queue on the policy in force, actual
    /// waits of devices started in the last `trendWeeks` weeks) and its backlog at each week's end.
    struct Trend: Sendable {
        var waits: [ForensicsQueueTrend.WaitBand]
        var backlog: [ForensicsQueueTrend.Week]
    }

    /// Weeks of backlog the queue page shows.
    static let trendWeeks = 12

    /// The unit's queue as forecast from now on the policy in force, and on `whatIf` beside it. Shows the devices of
    /// crimes in the BCUs the viewer's `viewForensicsQueue` scope covers; the read is audited.
    func queue(whatIf: ForensicsCapacityPolicy?) async throws -> Queue {
        let principal = try context.requirePrincipal()
        guard principal.can(.viewForensicsQueue) else {
            throw ServiceError.forbidden("Your roles do not allow seeing the digital forensics queue.")
        }
        if let whatIf {
            let problems = whatIf.problems()
            guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        }
        let version = try await ForensicsStore.currentPolicy(on: context.database)
        let devices = try await ForensicsStore.unfinished(on: context.database)
        let visible: (ForensicsSubmission) -> Bool = { CrimeService.covers(principal, .viewForensicsQueue, $0.bcu) }
        let current = try forecast(devices, policy: version.policy, visible: visible)
        let other = try whatIf.map { try forecast(devices, policy: $0, visible: visible) }
        let since = context.now.addingTimeInterval(-Double(Self.trendWeeks) * 7 * 86_400)
        let recent = try await ForensicsStore.notStartedBefore(since, on: context.database).filter(visible)
        let trend = Trend(
            waits: ForensicsQueueTrend.waitDistribution(
                expected: current.places.compactMap { place in
                    guard place.position != nil, let start = place.start else { return nil }
                    return start.timeIntervalSince(place.submission.submittedAt)
                },
                actual: recent.compactMap { device in
                    device.startedAt.map { $0.timeIntervalSince(device.submittedAt) }
                }),
            backlog: ForensicsQueueTrend.backlog(
                recent.map { (submittedAt: $0.submittedAt, startedAt: $0.startedAt) }, now: context.now,
                weeks: Self.trendWeeks))
        try await context.audit(
            .read, .forensicsQueue, permission: .viewForensicsQueue,
            outcome: "\(current.places.count) of \(devices.count) devices shown")
        return Queue(version: version, current: current, whatIf: other, trend: trend)
    }

    /// A what-if as the queue page's form and the API ask for it: more slots, other hours or days, each left out
    /// keeping the value of the policy in force.
    struct WhatIf: Sendable {
        var slots: String?
        var start: String?
        var end: String?
        /// `weekdays` or `every-day`.
        var days: String?

        var asked: Bool { [slots, start, end, days].contains { !($0 ?? "").isEmpty } }

        /// `base` with the what-if's values, or what is wrong with them, keyed by the form's and the API's names.
        func policy(from base: ForensicsCapacityPolicy) -> Result<ForensicsCapacityPolicy, FieldErrors> {
            var policy = base
            var problems: [FieldError] = []
            if let slots, !slots.isEmpty {
                if let number = Int(slots) {
                    policy.slots = number
                } else {
                    problems.append(FieldError(field: "slots", label: "Slots", message: "a whole number"))
                }
            }
            if let start, !start.isEmpty {
                if let minute = ForensicsWorkingHours.minute(start) {
                    policy.workingHours.startMinute = minute
                } else {
                    problems.append(FieldError(field: "start", label: "Start", message: "a time HH:MM"))
                }
            }
            if let end, !end.isEmpty {
                if let minute = ForensicsWorkingHours.minute(end) {
                    policy.workingHours.endMinute = minute
                } else {
                    problems.append(FieldError(field: "end", label: "End", message: "a time HH:MM, at most 24:00"))
                }
            }
            switch days {
            case "weekdays"?: policy.workingHours.days = ForensicsWorkingHours.standard.days
            case "every-day"?: policy.workingHours.days = Set(Weekday.allCases)
            case nil, ""?: break
            default: problems.append(FieldError(field: "days", label: "Days", message: "weekdays or every day"))
            }
            return problems.isEmpty ? .success(policy) : .failure(FieldErrors(errors: problems))
        }
    }

    /// The queue with the what-if applied to the policy in force (the API's one call). A what-if's problems come back
    /// keyed by its own names (`slots`, `start`, `end`, `days`), the policy's checks included.
    func queue(asking whatIf: WhatIf) async throws -> Queue {
        guard whatIf.asked else { return try await queue(whatIf: nil) }
        let base = try await policyInForce().policy
        switch whatIf.policy(from: base) {
        case .failure(let problems):
            throw ServiceError.invalid(problems)
        case .success(let policy):
            let problems = policy.problems().map { problem -> FieldError in
                var problem = problem
                switch problem.field {
                case "working_hours.end", "working_hours.start": problem.field = "end"
                case "working_hours.days": problem.field = "days"
                default: break
                }
                return problem
            }
            guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
            return try await queue(whatIf: policy)
        }
    }

    /// A crime's devices and their places in the unit's queue; the read is audited against the crime.
    func places(crimeID: Int) async throws -> (bcu: BCU?, places: [Place], policy: ForensicsCapacityPolicy) {
        let bcu = try await CrimeService(context).requireCrime(crimeID, .viewForensicsQueue)
        let version = try await ForensicsStore.currentPolicy(on: context.database)
        let all = try await ForensicsStore.unfinished(on: context.database)
        let result = try forecast(all, policy: version.policy, visible: { $0.crimeID == crimeID })
        let finished = try await ForensicsStore.submissions(crimeID: crimeID, on: context.database)
            .filter { $0.finishedAt != nil }
            .map { Place(submission: $0, position: nil, slot: nil, start: $0.startedAt, finish: $0.finishedAt) }
        try await context.audit(
            .read, .forensicsQueue, id: "crime:\(crimeID)", permission: .viewForensicsQueue, bcu: bcu,
            outcome: "\(result.places.count + finished.count) devices")
        return (bcu, result.places + finished, version.policy)
    }

    /// Forecasts every unfinished device from now. A device already in triage keeps its slot until its expected
    /// finish (its start plus its slot time in working hours), so the forecast continues the unit's work rather than
    /// restarting it; the rest wait in the queue order.
    private func forecast(
        _ devices: [ForensicsSubmission], policy: ForensicsCapacityPolicy, visible: (ForensicsSubmission) -> Bool
    ) throws -> Forecast {
        let holidays = policy.bankHolidaysOff ? try BankHolidayCalendar.bundled() : nil
        let byID = Dictionary(uniqueKeysWithValues: devices.map { (String($0.id), $0) })
        let queued = devices.filter { $0.startedAt == nil }.map(\.queued)
        var places: [Place] = []
        var busy: [Date] = []
        let entries: [ForensicsForecastEntry]
        do {
            for device in devices {
                guard let started = device.startedAt else { continue }
                let finish = try ForensicsForecast.finish(
                    type: device.deviceType, startedAt: started, policy: policy, holidays: holidays)
                busy.append(finish)
                if visible(device) {
                    places.append(Place(submission: device, position: nil, slot: nil, start: started, finish: finish))
                }
            }
            entries = try ForensicsForecast.forecast(
                queued, policy: policy, from: context.now, holidays: holidays, busyUntil: busy.sorted())
        } catch {
            switch error {
            case ForensicsForecastError.unknownType(_, let type):
                throw ServiceError.conflict(
                    "A device is of type \(type), which the capacity policy does not list; add the type to forecast.")
            default:
                throw ServiceError.conflict("The queue cannot be forecast: \(error)")
            }
        }
        for (index, entry) in entries.enumerated() {
            guard let submission = byID[entry.device.id], visible(submission) else { continue }
            places.append(
                Place(
                    submission: submission, position: index + 1, slot: entry.slot, start: entry.start,
                    finish: entry.finish))
        }
        return Forecast(
            policy: policy, places: places, unitDevices: devices.count, lastFinish: entries.map(\.finish).max())
    }

    // MARK: - The capacity policy

    /// The policy in force, for the queue's what-if form (no personal data, nothing audited).
    func policyInForce() async throws -> ForensicsStore.PolicyVersion {
        let principal = try context.requirePrincipal()
        guard principal.can(.viewForensicsQueue) || principal.can(.managePolicy) else {
            throw ServiceError.forbidden("Your roles do not allow seeing the digital forensics queue.")
        }
        return try await ForensicsStore.currentPolicy(on: context.database)
    }

    /// The policy in force, to change it (administrators).
    func policy() async throws -> ForensicsStore.PolicyVersion {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else {
            throw ServiceError.forbidden("Your roles do not allow changing force policies.")
        }
        return try await ForensicsStore.currentPolicy(on: context.database)
    }

    /// Puts a new version of the unit's capacity policy in force, with its reason; audited with the version.
    /// `stillCurrent` is given the version in force inside the change's transaction, so a caller that edited an
    /// older version (the API's If-Match) can refuse.
    func setPolicy(
        _ policy: ForensicsCapacityPolicy, reason: String,
        stillCurrent: @escaping @Sendable (Int) throws -> Void = { _ in }
    ) async throws -> Int {
        let principal = try context.requirePrincipal()
        guard principal.can(.managePolicy) else {
            throw ServiceError.forbidden("Your roles do not allow changing force policies.")
        }
        var problems = policy.problems()
        if reason.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            problems.append(FieldError(field: "reason", label: "Reason", message: "say why the policy changes"))
        }
        guard problems.isEmpty else { throw ServiceError.invalid(FieldErrors(errors: problems)) }
        return try await context.transaction { tx in
            try stillCurrent(try await ForensicsStore.currentPolicy(on: tx.database).version)
            let version = try await ForensicsStore.savePolicy(
                policy, reason: reason, by: principal.displayName, at: tx.now, on: tx.database)
            try await tx.audit(
                .update, .forensicsPolicy, id: String(version), permission: .managePolicy, reason: reason,
                outcome: "\(policy.slots) slots, \(ForensicsWorkingHours.clockText(policy.workingHours.startMinute))–"
                    + "\(ForensicsWorkingHours.clockText(policy.workingHours.endMinute)) \(policy.workingHours.daysText)"
            )
            return version
        }
    }
}
