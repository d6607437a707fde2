import Foundation

/// The demo force's work on its inspection history: an owner and a due date for every finding that
/// needs action, a little progress on some, and a short milestone plan linked to findings and
/// indicators. Deterministic from the seed and `now`.
///
/// A milestone plan belongs to a period of enhanced monitoring (Engage): the plan is made for the latest
/// Engage period begun by `now`, its milestones due within it, and there is none without one. Every
/// milestone's status comes from live figures; one whose figures Bluelamp does not hold says so, with no
/// number and no status set by hand.
///
/// The findings, judgements and monitoring periods themselves are the Met's real history
/// (`InspectionHistoryFixture`); only the work on them is synthetic, as the demo force is.
public struct DemoInspectionWork: Sendable, Hashable {
    public struct Assignment: Sendable, Hashable {
        public var inspectionID: String
        public var findingID: String
        /// A demo user's username.
        public var owner: String
        public var due: Date
        /// Status moves made so far, oldest first, each with its reason and its owner as the mover.
        public var progress: [(status: FindingStatus, reason: String, at: Date)]

        public static func == (a: Assignment, b: Assignment) -> Bool {
            a.inspectionID == b.inspectionID && a.findingID == b.findingID && a.owner == b.owner && a.due == b.due
                && a.progress.map(\.status) == b.progress.map(\.status)
                && a.progress.map(\.reason) == b.progress.map(\.reason)
                && a.progress.map(\.at) == b.progress.map(\.at)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(inspectionID)
            hasher.combine(findingID)
        }
    }

    public struct PlannedMilestone: Sendable, Hashable {
        public var title: String
        public var due: Date
        /// (inspection id, finding id) pairs.
        public var findings: [FindingReference]
        public var targets: [IndicatorTarget]
    }

    public struct FindingReference: Sendable, Hashable {
        public var inspectionID: String
        public var findingID: String

        public init(inspectionID: String, findingID: String) {
            self.inspectionID = inspectionID
            self.findingID = findingID
        }
    }

    public var assignments: [Assignment]
    /// The Engage period's milestone plan; empty when no Engage period has begun by `now`.
    public var milestones: [PlannedMilestone]
    /// Indicators with their targets added to findings as evidence, so the finding's page shows the live figure.
    public var evidence: [PlannedEvidence] = []

    /// An indicator and its target, as evidence on a finding.
    public struct PlannedEvidence: Sendable, Hashable {
        public var finding: FindingReference
        public var target: IndicatorTarget
        public var text: String
    }

    /// The serious and organised crime indicators (issue 19) against the five 2016 areas for improvement they
    /// evidence (`OrganisedCrimeIndicators.evidences`), each with the target the force sets itself: AFI7 every BCU
    /// with a profile made with partners and in date; AFI8 a senior partnership meeting each month; AFI9 groups
    /// mapped and re-assessed on time (95%); AFI10 one neighbourhood submission per active group a month; AFI11
    /// every active group with a capable lead and nine in ten plans covering the 4 Ps.
    /// The Victims' Code indicators (issue 16) as evidence on the 2016 cause of concern, whose statement is about
    /// "protecting vulnerable people from harm and supporting victims" and finds the force "putting victims at risk":
    /// victims with enhanced rights (the vulnerable, intimidated and persistently targeted among them) told of key
    /// events in time (95%), needs assessed (90%) and a Victim Personal Statement offered (90%; the 2016 report found
    /// that "further improvement is required" in taking them). No finding the history holds is about the quality of
    /// investigations, so the investigation indicators are linked to none.
    public static let victimTargets: [(findingID: String, indicatorID: String, value: Double)] = [
        ("COC1", VictimIndicators.ID.toldOnTime(enhanced: true), 95),
        ("COC1", VictimIndicators.ID.needsAssessed, 90),
        ("COC1", VictimIndicators.ID.statementOffered, 90),
    ]

    public static let organisedCrimeTargets: [(findingID: String, indicatorID: String, value: Double)] = [
        ("AFI7", OrganisedCrimeIndicators.ID.localProfile, 100),
        ("AFI8", OrganisedCrimeIndicators.ID.seniorMeetings, 3),
        ("AFI9", OrganisedCrimeIndicators.ID.mappedInTime, 95),
        ("AFI9", OrganisedCrimeIndicators.ID.reassessedInTime, 95),
        ("AFI10", OrganisedCrimeIndicators.ID.intelligencePerGroup, 1),
        ("AFI11", OrganisedCrimeIndicators.ID.activeWithLead, 100),
        ("AFI11", OrganisedCrimeIndicators.ID.plansWithFourPs, 90),
    ]

    /// The Engage period the milestone plan belongs to: the latest begun by `now`.
    public static func engagePeriod(in history: InspectionHistoryFixture, now: Date) -> MonitoringPeriod? {
        history.monitoring.filter { $0.stage == .engage && $0.entered <= now }.max { $0.entered < $1.entered }
    }

    /// The indicators the milestone plan sets targets on (each registered by an indicator source).
    public static let indicatorIDs = [
        "vulnerability.specialist-accreditations-expired", "investigation.investigators-pip2-or-above",
        "offenders.no-successful-visit-12-months",
        // Issue 17: orders, Clare's Law and missing children.
        ProtectionIndicators.ID.dvpoApplicationsInTime, ProtectionIndicators.ID.claresLawDecidedInTime,
        ProtectionIndicators.ID.returnInterviewsInTime, ProtectionIndicators.ID.repeatMissingChildren,
        // Protecting vulnerable people (issue 17), from `DashIndicatorStore`.
        VulnerabilityIndicators.ID.dashCompleted, VulnerabilityIndicators.ID.dashSupervisedOnTime,
        VulnerabilityIndicators.ID.highRiskReferredToMarac, VulnerabilityIndicators.ID.repeatVictims,
        VulnerabilityIndicators.ID.mentalHealthFlags,
    ]

    /// Plans the work for the history's findings. `owners` are usernames (the demo users who may
    /// manage or see inspection work); each finding gets one, in turn from a seeded shuffle.
    public static func plan(history: InspectionHistoryFixture, owners: [String], seed: UInt64, now: Date)
        -> DemoInspectionWork
    {
        var rng = SeededGenerator(seed: seed ^ 0x1A5_9EC7)
        let today = Calendar.bluelampUTC.startOfDay(for: now)
        func day(_ offset: Int) -> Date { today.addingTimeInterval(Double(offset) * 86_400) }
        var assignments: [Assignment] = []
        guard !owners.isEmpty else { return DemoInspectionWork(assignments: [], milestones: []) }
        for inspection in history.inspections {
            for finding in inspection.findings where finding.kind.needsAction {
                let owner = rng.pick(owners)
                // From six weeks overdue to four months ahead, so the reminders have something to show.
                let due = day(Int.random(in: -42...120, using: &rng))
                var progress: [(status: FindingStatus, reason: String, at: Date)] = []
                if finding.kind != .causeOfConcern, rng.chance(0.35) {
                    let started = day(Int.random(in: -120 ... -30, using: &rng))
                    progress.append((.inProgress, "Action plan agreed with the lead for the area.", started))
                    if rng.chance(0.3) {
                        progress.append(
                            (
                                .evidenceSubmitted, "Evidence of the changes sent for review.",
                                started.addingTimeInterval(21 * 86_400)
                            ))
                    }
                }
                assignments.append(
                    Assignment(
                        inspectionID: inspection.id, findingID: finding.id, owner: owner, due: due, progress: progress))
            }
        }

        // The plan answers the 2016 cause of concern's recommendations on specialist training, DASH and
        // MARAC, repeat victims and mental health flags, and the areas for improvement on registered sex offenders.
        guard let engage = engagePeriod(in: history, now: now) else {
            return DemoInspectionWork(assignments: assignments, milestones: [])
        }
        // Due dates count back from the end of the period (or from today while it lasts); a period
        // shorter than the plan keeps its milestones no earlier than its first day.
        let end = engage.exited.map { min(Calendar.bluelampUTC.startOfDay(for: $0), today) } ?? today
        func due(_ offset: Int) -> Date {
            let day = end.addingTimeInterval(Double(offset) * 86_400)
            let last = engage.exited.map { $0.addingTimeInterval(-86_400) } ?? .distantFuture
            return min(max(day, engage.entered), last)
        }
        let ahead = engage.exited == nil ? 0 : -121
        let peel2016 = "metropolitan-peel-2016-effectiveness"
        func refs(_ ids: [String]) -> [FindingReference] {
            ids.filter { id in history.inspection(id: peel2016)?.findings.contains { $0.id == id } ?? false }
                .map { FindingReference(inspectionID: peel2016, findingID: $0) }
        }
        let milestones = [
            PlannedMilestone(
                title: "Public protection accreditations renewed: no more than 5% expired", due: due(ahead + 45),
                findings: refs(["COC1-R5", "COC1-R6"]),
                targets: [IndicatorTarget(indicatorID: indicatorIDs[0], value: 5)]),
            PlannedMilestone(
                title:
                    "DASH completed on 95% of domestic abuse crimes and incidents, supervised within 24 hours on 90%, and 95% "
                    + "of high-risk cases referred to MARAC",
                due: due(ahead - 10), findings: refs(["COC1-R4"]),
                targets: [
                    IndicatorTarget(indicatorID: VulnerabilityIndicators.ID.dashCompleted, value: 95),
                    IndicatorTarget(indicatorID: VulnerabilityIndicators.ID.dashSupervisedOnTime, value: 90),
                    IndicatorTarget(indicatorID: VulnerabilityIndicators.ID.highRiskReferredToMarac, value: 95),
                ]),
            PlannedMilestone(
                title: "Repeat domestic abuse victims known: no more than 15% of victims with 3 or more in 12 months",
                due: due(ahead + 30), findings: refs(["COC1-R1"]),
                targets: [IndicatorTarget(indicatorID: VulnerabilityIndicators.ID.repeatVictims, value: 15)]),
            PlannedMilestone(
                title: "Mental health flagged on crimes and incidents: at least 40 flags a month force-wide",
                due: due(ahead + 60), findings: refs(["COC1-R2"]),
                targets: [IndicatorTarget(indicatorID: VulnerabilityIndicators.ID.mentalHealthFlags, value: 40)]),
            PlannedMilestone(
                title: "Investigators at PIP2 or above: at least 60% of CID", due: due(ahead + 90),
                findings: refs(["COC1-R6"]), targets: [IndicatorTarget(indicatorID: indicatorIDs[1], value: 60)]),
            PlannedMilestone(
                title: "Registered sex offenders known to local teams and visited on time", due: due(ahead + 120),
                findings: refs(["AFI4", "AFI5"]), targets: [IndicatorTarget(indicatorID: indicatorIDs[2], value: 2)]),
            // Issue 17: the cause of concern's recommendations on orders and Clare's Law, and on missing children.
            PlannedMilestone(
                title: "DVPO applications heard within 48 hours of the DVPN, and Clare's Law decided within 28 days",
                due: due(ahead + 60), findings: refs(["COC1-R7"]),
                targets: [
                    IndicatorTarget(indicatorID: ProtectionIndicators.ID.dvpoApplicationsInTime, value: 90),
                    IndicatorTarget(indicatorID: ProtectionIndicators.ID.claresLawDecidedInTime, value: 85),
                ]),
            PlannedMilestone(
                title: "Missing children interviewed within 72 hours of return, and fewer of them repeat missing",
                due: due(ahead + 75), findings: refs(["COC1-R1"]),
                targets: [
                    IndicatorTarget(indicatorID: ProtectionIndicators.ID.returnInterviewsInTime, value: 85),
                    IndicatorTarget(indicatorID: ProtectionIndicators.ID.repeatMissingChildren, value: 20),
                ]),
        ]
        func evidence(
            _ targets: [(findingID: String, indicatorID: String, value: Double)], _ text: String
        ) -> [PlannedEvidence] {
            targets.flatMap { target in
                refs([target.findingID]).map {
                    PlannedEvidence(
                        finding: $0, target: IndicatorTarget(indicatorID: target.indicatorID, value: target.value),
                        text: text)
                }
            }
        }
        let evidence =
            evidence(organisedCrimeTargets, "Live figure from the organised crime register, against the force's target")
            + evidence(victimTargets, "Live figure from the Victims' Code records, against the force's target")
        return DemoInspectionWork(assignments: assignments, milestones: milestones, evidence: evidence)
    }
}
