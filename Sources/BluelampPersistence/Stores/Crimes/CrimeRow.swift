import BluelampCore
import Foundation
import SQLKit

/// One `crimes` row as plain values, for bulk inserts (the importer, the demo) and single records alike.
struct CrimeRow: Sendable {
    var reference: String
    var policeUKCrimeID: String?
    var policeUKRowKey: String?
    var importBatchID: Int?
    var sourceLine: Int?
    var bcuCode: String?
    var month: String
    var reportedAt: Date
    var recordedAt: Date
    /// When the recording decision was made; nil when nobody knows (imported from police.uk).
    var recordingDecidedAt: Date?
    /// Meaningful only beside `recordingDecidedAt`; false where that is not known.
    var recordedInTime: Bool
    /// `RecordingDecisionKind`'s raw value; nil while the report awaits its decision.
    var recordingDecision: String?
    var recordingDecidedByUserID: Int?
    var recordingDecidedBy: String?
    var recordingDecisionReason: String?
    var category: String
    var offenceDescription: String
    var borough: String?
    var reportedBy: String
    var fallsWithin: String
    var location: String
    var longitude: Double?
    var latitude: Double?
    var lsoaCode: String?
    var lsoaName: String?
    var context: String
    var flags: Int
    var thrive: [String?]  // six elements, THRIVE order
    var priority: Int
    var solvabilityFactors: String?
    var screening: String?
    var screeningReason: String?
    var status: String
    var statusReason: String?
    var outcomeType: Int?
    var outcomeDate: Date?
    var policeUKOutcome: String?

    static let columns = [
        "reference", "police_uk_crime_id", "police_uk_row_key", "import_batch_id", "source_line", "bcu_code", "month",
        "reported_at", "recorded_at", "recording_decided_at", "recorded_in_time", "category", "offence_description",
        "borough", "reported_by", "falls_within", "location", "longitude", "latitude", "lsoa_code", "lsoa_name",
        "context", "flags",
        "thrive_threat", "thrive_harm", "thrive_risk", "thrive_investigation", "thrive_vulnerability",
        "thrive_engagement",
        "priority", "solvability_factors", "screening", "screening_reason", "status", "status_reason", "outcome_type",
        "outcome_date", "police_uk_outcome", "recording_decision", "recording_decided_by_user_id",
        "recording_decided_by",
        "recording_decision_reason",
    ]

    var values: [BulkValue] {
        [
            .text(reference), BulkValue(policeUKCrimeID), BulkValue(policeUKRowKey), BulkValue(importBatchID),
            BulkValue(sourceLine), BulkValue(bcuCode), .text(month), .date(reportedAt), .date(recordedAt),
            BulkValue(recordingDecidedAt), .bool(recordedInTime), .text(category), .text(offenceDescription),
            BulkValue(borough), .text(reportedBy), .text(fallsWithin), .text(location), BulkValue(longitude),
            BulkValue(latitude), BulkValue(lsoaCode),
            BulkValue(lsoaName), .text(context), .int(flags),
            BulkValue(thrive[0]), BulkValue(thrive[1]), BulkValue(thrive[2]), BulkValue(thrive[3]),
            BulkValue(thrive[4]),
            BulkValue(thrive[5]), .int(priority), BulkValue(solvabilityFactors), BulkValue(screening),
            BulkValue(screeningReason), .text(status), BulkValue(statusReason), BulkValue(outcomeType),
            BulkValue(outcomeDate), BulkValue(policeUKOutcome), BulkValue(recordingDecision),
            BulkValue(recordingDecidedByUserID),
            BulkValue(recordingDecidedBy), BulkValue(recordingDecisionReason),
        ]
    }

    /// The row for a core `Crime` recorded here (not imported). A report awaiting its recording decision is filed
    /// (`recorded_at`, `month`) under the time it was reported until the decision is made.
    init(
        crime: Crime, factors: Set<SolvabilityFactor>, policeUKCrimeID: String?, reportedBy: String,
        clock: CrimeRecordingClock = CrimeRecordingClock(), decidedByUserID: Int? = nil
    ) {
        let recordedAt = crime.recordedAt ?? crime.reportedAt
        let decision = crime.recordingDecision
        recordingDecision = decision?.kind.rawValue
        recordingDecidedByUserID = decision == nil ? nil : decidedByUserID
        recordingDecidedBy = decision?.decidedBy
        recordingDecisionReason = decision?.reason
        reference = crime.reference
        self.policeUKCrimeID = policeUKCrimeID
        policeUKRowKey = nil
        importBatchID = nil
        sourceLine = nil
        bcuCode = crime.bcu?.code
        month = PoliceUKMonth(date: recordedAt).text
        reportedAt = crime.reportedAt
        self.recordedAt = recordedAt
        recordingDecidedAt = decision?.decidedAt
        recordedInTime =
            decision?.decidedAt.map { clock.isRecordedInTime(reportedAt: crime.reportedAt, decidedAt: $0) } ?? false
        category = crime.category.code
        offenceDescription = crime.offenceDescription
        borough = crime.borough
        self.reportedBy = reportedBy
        fallsWithin = reportedBy
        location = crime.location.place
        longitude = crime.location.longitude
        latitude = crime.location.latitude
        lsoaCode = crime.location.lsoaCode
        lsoaName = crime.location.lsoaName
        context = ""
        flags = crime.flags.rawValue
        if let t = crime.thrive {
            thrive = [t.threat, t.harm, t.risk, t.investigation, t.vulnerability, t.engagement].map(\.rawValue)
        } else {
            thrive = Array(repeating: nil, count: 6)
        }
        priority = crime.priority.rawValue
        solvabilityFactors = factors.isEmpty ? nil : factors.sorted().map(\.code).joined(separator: ",")
        switch crime.screening {
        case .screenedIn(let reasons)?:
            screening = "screened_in"
            screeningReason = reasons.map(\.explanation).joined(separator: "; ")
        case .screenedOut(let reason)?:
            screening = "screened_out"
            screeningReason = reason
        case nil:
            screening = nil
            screeningReason = nil
        }
        status = crime.status.code.rawValue
        statusReason = crime.status.reason
        outcomeType = crime.outcome?.type.rawValue
        outcomeDate = crime.outcome?.date
        policeUKOutcome = crime.outcome?.policeUKOutcome.rawValue
    }

    /// The row for a crime imported from a police.uk street file. police.uk gives only the month, so
    /// the crime is filed as reported and recorded on its first day, and when its recording decision was
    /// made is not known: no decision time, never counted as recorded in time. The status follows the
    /// last outcome.
    init(
        street record: PoliceUKStreetRecord, category: CrimeCategory, reference: String, rowKey: String, batchID: Int?,
        line: Int?
    ) {
        let day = record.month.firstDay
        self.reference = reference
        policeUKCrimeID = record.crimeID
        policeUKRowKey = rowKey
        importBatchID = batchID
        sourceLine = line
        bcuCode = record.bcu?.code
        month = record.month.text
        reportedAt = day
        recordedAt = day
        recordingDecidedAt = nil
        recordedInTime = false
        // police.uk publishes recorded crimes: each was recorded as a crime, at a time nobody knows.
        recordingDecision = RecordingDecisionKind.crime.rawValue
        recordingDecidedByUserID = nil
        recordingDecidedBy = nil
        recordingDecisionReason = nil
        self.category = category.code
        offenceDescription = category.name
        borough = record.borough
        reportedBy = record.reportedBy
        fallsWithin = record.fallsWithin
        location = record.location.place
        longitude = record.location.longitude
        latitude = record.location.latitude
        lsoaCode = record.location.lsoaCode
        lsoaName = record.location.lsoaName
        context = record.context
        flags = 0
        thrive = Array(repeating: nil, count: 6)
        priority = CrimePriority.three.rawValue
        solvabilityFactors = nil
        screening = nil
        screeningReason = nil
        let outcome = record.lastOutcome?.homeOfficeOutcome
        status = CrimeRow.status(for: record.lastOutcome).rawValue
        statusReason = nil
        outcomeType = outcome?.rawValue
        outcomeDate = nil
        policeUKOutcome = record.lastOutcome?.rawValue
    }

    /// The status an imported crime is given: closed once it has an outcome, under investigation while
    /// police.uk says so (or cannot say), recorded when the force publishes no outcomes.
    static func status(for outcome: PoliceUKOutcome?) -> CrimeStatus.Code {
        guard let outcome else { return .recorded }
        return outcome.homeOfficeOutcome == nil ? .underInvestigation : .closed
    }

    /// Multi-row inserts. With `upsertOnRowKey`, a row already held (the same police.uk row identity)
    /// takes the newer last outcome: a month police.uk re-issues carries each crime's newer outcome.
    static func insert(_ rows: some Collection<CrimeRow>, on sql: any SQLDatabase, upsertOnRowKey: Bool = false)
        async throws
    {
        let conflict =
            upsertOnRowKey
            ? "ON CONFLICT (police_uk_row_key) DO UPDATE SET police_uk_outcome = excluded.police_uk_outcome, "
                + "outcome_type = excluded.outcome_type, status = excluded.status"
            : nil
        try await BulkInserter(sql).insert(
            into: "crimes", columns: columns, rows: rows.lazy.map(\.values), conflict: conflict, rowsPerStatement: 500)
    }
}
