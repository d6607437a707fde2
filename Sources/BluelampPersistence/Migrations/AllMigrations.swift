import FluentKit

/// Every migration, in order. Append only; a migration's `name` never changes once released.
public let allMigrations: [any Migration] = [
    CreateForces(),
    CreateBCUs(),
    CreateTeams(),
    CreateOfficers(),
    CreateUsers(),
    CreateUserSessions(),
    CreateAPITokens(),
    CreateAuditEvents(),
    CreateImportBatches(),
    CreateCrimes(),
    CreatePeople(),
    CreateCrimeEvents(),
    CreateCrimeOutcomes(),
    CreateIncidents(),
    // Inspection (issue 7)
    CreateInspectionFrameworks(),
    CreateInspections(),
    CreateAreaJudgements(),
    CreateFindings(),
    CreateFindingStatusChanges(),
    CreateEvidenceItems(),
    CreateEvidenceDocuments(),
    CreateMonitoringPeriods(),
    CreateMilestones(),
    CreateMilestoneFindings(),
    CreateMilestoneTargets(),
    CreateIndicatorSnapshots(),
    // API (issue 4)
    CreateIdempotencyKeys(),
    // Offenders and suspects (issue 8)
    CreateRegisteredOffenders(),
    CreateRSORiskAssessments(),
    CreateRSOConditions(),
    CreateRSONotifications(),
    CreateRSOVisits(),
    CreateRSOVisitOfficers(),
    CreateRSOEscalations(),
    CreateIOMCohortMembers(),
    CreateWantedSuspects(),
    // Allocation (issue 6)
    CreateAllocationPolicyVersions(),
    CreateAllocationRuns(),
    CreateCrimeAllocations(),
    // Force-set indicator thresholds (issue 7)
    CreateIndicatorThresholds(),
    // Outcomes of crimes not held (issue 15)
    AllowOutcomesOfCrimesNotHeld(),
    AddOutcomeLinksToImportBatches(),
    // Recording decisions whose time is not known (issue 15)
    AddRecordingDecidedAtToCrimes(),
    // The recording decision and its queue (issue 15)
    AddRecordingDecisionToCrimes(),
    CreateCrimeRecordingPolicyVersions(),
    // Visit intervals longer than the minimum need a supervisor's approval (issue 15)
    AddVisitFrequencyApprovalToRegisteredOffenders(),
    // Investigations: plans, reviews, the log (issue 16)
    CreateInvestigations(),
    CreateVictimCare(),
    // Protecting vulnerable people: orders, Clare's Law, missing people (issue 17)
    CreateProtectionOrdersAndMissingEpisodes(),
    // Calls from the public (issue 18)
    CreateCalls(),
    // The digital forensics queue (issue 18)
    CreateForensics(),
    // DASH risk assessments and MARAC referrals (issue 17)
    CreateDashAssessments(),
    // Serious and organised crime: the OCG register, plans, partners (issue 19)
    CreateOrganisedCrime(),
    // A crime's calls, found by its reference (issue 18)
    AddCrimeReferenceIndexToCalls(),
    // People found by family name (issue 17)
    AddPersonNameIndex(),
    // The daily jobs' once-a-day lock across instances (issue 20)
    CreateDailyJobRuns(),
    // Every indicator's figure now, kept up to date, so the dashboard reads instead of computing (issue 20)
    CreateIndicatorCurrent(),
    // The person search in name order from one index, stopping at its limit (issue 20)
    AddPersonNameOrderIndex(),
    // Indicators over a period read through an index on its time, not every year held (issue 20)
    AddIndicatorWindowIndexes(),
    // Each BCU's officers and teams counted as they change, not on every read (issue 20)
    CreateBCUHeadcounts(),
    // The flagged notes and contact summaries awaiting review read from their own small indexes (issue 20)
    AddFlaggedIndexes(),
    // A version of what the PEEL dashboard reads, changed by triggers, so an instance knows when to read it again
    // (issue 20)
    CreateChangeVersions(),
]
