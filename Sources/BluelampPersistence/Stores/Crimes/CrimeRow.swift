import BluelampCore
import Foundation
import SQLKit

/// One `crimes` row as plain values, for bulk inserts (the importer, the demo) and single records alike.
struct CrimeRow: Sendable, PublishedPlaceRow {
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

    /// The `crimes` columns a bulk insert writes, each with its value (the migrations `CreateCrimes` and those
    /// after it make them; `CrimeColumnsTests` checks the table has exactly these).
    static let table: [BulkColumn<CrimeRow>] =
        [
            BulkColumn("reference") { .text($0.reference) },
            BulkColumn("police_uk_crime_id") { BulkValue($0.policeUKCrimeID) },
            BulkColumn("police_uk_row_key") { BulkValue($0.policeUKRowKey) },
            BulkColumn("import_batch_id") { BulkValue($0.importBatchID) },
            BulkColumn("source_line") { BulkValue($0.sourceLine) },
            BulkColumn("bcu_code") { BulkValue($0.bcuCode) },
            BulkColumn("month") { .text($0.month) },
            BulkColumn("reported_at") { .date($0.reportedAt) },
            BulkColumn("recorded_at") { .date($0.recordedAt) },
            BulkColumn("recording_decided_at") { BulkValue($0.recordingDecidedAt) },
            BulkColumn("recorded_in_time") { .bool($0.recordedInTime) },
            BulkColumn("category") { .text($0.category) },
            BulkColumn("offence_description") { .text($0.offenceDescription) },
        ] + publishedPlaceColumns + [
            BulkColumn("flags") { .int($0.flags) },
            BulkColumn("thrive_threat") { BulkValue($0.thrive[0]) },
            BulkColumn("thrive_harm") { BulkValue($0.thrive[1]) },
            BulkColumn("thrive_risk") { BulkValue($0.thrive[2]) },
            BulkColumn("thrive_investigation") { BulkValue($0.thrive[3]) },
            BulkColumn("thrive_vulnerability") { BulkValue($0.thrive[4]) },
            BulkColumn("thrive_engagement") { BulkValue($0.thrive[5]) },
            BulkColumn("priority") { .int($0.priority) },
            BulkColumn("solvability_factors") { BulkValue($0.solvabilityFactors) },
            BulkColumn("screening") { BulkValue($0.screening) },
            BulkColumn("screening_reason") { BulkValue($0.screeningReason) },
            BulkColumn("status") { .text($0.status) },
            BulkColumn("status_reason") { BulkValue($0.statusReason) },
            BulkColumn("outcome_type") { BulkValue($0.outcomeType) },
            BulkColumn("outcome_date") { BulkValue($0.outcomeDate) },
            BulkColumn("police_uk_outcome") { BulkValue($0.policeUKOutcome) },
            BulkColumn("recording_decision") { BulkValue($0.recordingDecision) },
            BulkColumn("recording_decided_by_user_id") { BulkValue($0.recordingDecidedByUserID) },
            BulkColumn("recording_decided_by") { BulkValue($0.recordingDecidedBy) },
            BulkColumn("recording_decision_reason") { BulkValue($0.recordingDecisionReason) },
        ]

    static let columns = table.names()

    /// No THRIVE assessment: one array shared by every such row rather than one made for each.
    private static let noThrive: [String?] = Array(repeating: nil, count: 6)

    var values: [BulkValue] { Self.table.values(of: self) }

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
            thrive = CrimeRow.noThrive
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
        let (borough, bcu) = record.location.boroughAndBCU
        self.reference = reference
        policeUKCrimeID = record.crimeID
        policeUKRowKey = rowKey
        importBatchID = batchID
        sourceLine = line
        bcuCode = bcu?.code
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
        self.borough = borough
        reportedBy = record.reportedBy
        fallsWithin = record.fallsWithin
        location = record.location.place
        longitude = record.location.longitude
        latitude = record.location.latitude
        lsoaCode = record.location.lsoaCode
        lsoaName = record.location.lsoaName
        context = record.context
        flags = 0
        thrive = CrimeRow.noThrive
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
        try await BulkInserter(sql).insert(
            into: "crimes", columns: columns, rows: rows.lazy.map(\.values), conflict: conflict(upsertOnRowKey),
            rowsPerStatement: 500)
    }

    /// Rows made ready ahead of `insert(prepared:on:upsertOnRowKey:)`.
    static func prepare(_ rows: some Collection<CrimeRow>, on sql: any SQLDatabase) -> PreparedBulkRows {
        BulkInserter(sql).prepare(rows.lazy.map(\.values), width: columns.count)
    }

    static func insert(prepared: PreparedBulkRows, on sql: any SQLDatabase, upsertOnRowKey: Bool = false) async throws {
        try await BulkInserter(sql).insert(
            into: "crimes", columns: columns, prepared: prepared, conflict: conflict(upsertOnRowKey))
    }

    private static func conflict(_ upsertOnRowKey: Bool) -> String? {
        upsertOnRowKey
            ? "ON CONFLICT (police_uk_row_key) DO UPDATE SET police_uk_outcome = excluded.police_uk_outcome, "
                + "outcome_type = excluded.outcome_type, status = excluded.status"
            : nil
    }
}
